"""The demo agency built once per test run and copied for each test, for
tests that edit its data files as someone with a text editor would."""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import shutil
from pathlib import Path

import pytest
from conftest import TZ, FixedClock

from xiaoneng.services.core import Core, open_core
from xiaoneng.services.demo import build_demo
from xiaoneng.services.exporting import ExportService
from xiaoneng.services.permissions import cli_actor


def clock() -> FixedClock:
    return FixedClock(dt.datetime(2026, 3, 16, 9, 30, tzinfo=TZ))


def shared_demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """The demo agency built once per test run and never written to: the
    first pytest-xdist worker to ask builds it under a lock, the others (and
    later modules) find it built. Copy it before writing."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # the run's folder, shared by its workers
    root, done = base / "shared-demo" / "d", base / "shared-demo" / "logins.json"
    root.parent.mkdir(exist_ok=True)
    with open(base / "shared-demo.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            _core, logins, _ = build_demo(root, clock=clock())
            done.write_text(json.dumps({lg.role: lg.id for lg in logins}), encoding="utf-8")
    return root, json.loads(done.read_text("utf-8"))


def shared_export(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, tuple[int, str], list[Path]]:
    """`export all` (with blank letters) of the shared demo, made once per
    test run like the demo itself, from a copy of it: the folder, the ledger
    head recorded before the export, and the files written. Read, never write."""
    root, _logins = shared_demo(tmp_path_factory)
    base = root.parent
    out, done = base / "export", base / "export.json"
    with open(base.parent / "shared-demo.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            copy = base / "export-source"
            shutil.rmtree(copy, ignore_errors=True)
            shutil.copytree(root, copy)
            core = open_core(copy, clock=clock())
            head = core.verifier.recorded_head()
            written = ExportService(core).run(cli_actor(), "all", folder=out, blank_letters=True)
            names = [str(p.relative_to(out)) for p in written.files]
            done.write_text(json.dumps({"head": head, "files": names}), encoding="utf-8")
    meta = json.loads(done.read_text("utf-8"))
    seq, digest = meta["head"]
    return out, (seq, digest), [out / name for name in meta["files"]]


# Imported by a test module as `built_demo, demo_copy` (the fixture names are
# `built` and `demo`).
@pytest.fixture(name="built", scope="module")
def built_demo(tmp_path_factory) -> tuple[Path, dict]:
    return shared_demo(tmp_path_factory)


@pytest.fixture(name="demo")
def demo_copy(built, tmp_path) -> tuple[Core, dict]:
    root, logins = built
    copy = tmp_path / "d"
    shutil.copytree(root, copy)
    return open_core(copy, clock=clock()), logins


def fresh(core: Core) -> Core:
    """The folder opened again, as the next command would."""
    return open_core(core.root, clock=core.clock)


def load(path: Path) -> dict:
    return json.loads(path.read_text("utf-8"))


def save(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def files(report) -> set[str]:
    return {p.file for p in report.problems}
