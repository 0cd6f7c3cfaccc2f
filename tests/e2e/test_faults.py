"""Faults: many processes at once, kill -9 mid-write, disk errors, bad folders."""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import run_cli

from xiaoneng.services.core import open_core
from xiaoneng.services.demo import DEMO_ACTOR, build_demo
from xiaoneng.store import layout
from xiaoneng.store.repos import units

MIXED = str(Path(__file__).parent / "workers" / "mixed.py")


@pytest.fixture
def shared(tmp_path):
    """The demo agency plus an open check round and session everyone takes part in."""
    core, _, _ = build_demo(tmp_path / "shared")
    far = core.today() + dt.timedelta(days=60)
    core.activities.create(
        DEMO_ACTOR, title="故障测试", template="sancha-check", deadlines={"self": far}
    )
    everyone = [p.id for p in core.roster.people()]
    core.sessions.create(
        DEMO_ACTOR,
        title="故障测试学习",
        module="fj-efficiency-2024",
        start=core.now(),
        place="会议室",
        host="测试",
        attendees=everyone,
    )
    return core


def _spawn(root: Path, index: int, workers: int, rounds: int) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, MIXED, str(root), str(index), str(workers), str(rounds)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


def _check_acks(root: Path, acks: list[list[str]]) -> None:
    core = open_core(root)
    year = core.today().year
    for ack in acks:
        kind = ack[0]
        if kind == "roster":
            assert core.roster.get(ack[1]) is not None, ack
        elif kind == "check":
            assert ack[2] in core.repos.checks.check_docs(year, ack[1]), ack
        elif kind == "letter":
            assert ack[2] in core.repos.letters.letter_docs(year + 1, ack[1]), ack
        elif kind == "signin":
            assert ack[2] in core.repos.units.table(year, ack[1], units.SIGNINS), ack


def _every_file_loads(root: Path) -> None:
    for path in root.rglob("*.json"):
        if ".txn" in path.parts or "backups" in path.parts:
            continue
        json.loads(path.read_text("utf-8"))


def test_eight_processes_mixing_sign_offs_lose_nothing(shared):
    procs = [_spawn(shared.root, i, 8, 14) for i in range(8)]
    acks = []
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
        acks += [line.split() for line in out.splitlines()]
    kinds = {a[0] for a in acks}
    assert kinds == {"roster", "check", "letter", "signin"}, kinds
    _check_acks(shared.root, acks)
    report = open_core(shared.root).verifier.run()
    assert report.ok, report.problems


def test_fifty_kill_dash_nines_never_lose_an_acknowledged_write(shared):
    rng = random.Random(3)
    acks: list[list[str]] = []
    kills = 0
    round_no = 0
    while kills < 50:
        procs = [_spawn(shared.root, i + 8 * round_no, 64, 10_000) for i in range(8)]
        deadline = [time.monotonic() + 0.6 + rng.random() * 2.0 for _ in procs]
        for p, at in sorted(zip(procs, deadline, strict=True), key=lambda x: x[1]):
            time.sleep(max(0.0, at - time.monotonic()))
            p.send_signal(signal.SIGKILL)
        for p in procs:
            out, _ = p.communicate(timeout=30)
            # Only whole lines: each was written with one write(2) after its commit.
            acks += [line.split() for line in out.splitlines(keepends=True) if line.endswith("\n")]
            kills += p.returncode == -signal.SIGKILL
        _every_file_loads(shared.root)
        _check_acks(shared.root, acks)
        round_no += 1
    assert kills >= 50 and len(acks) > 50
    report = open_core(shared.root).verifier.run()
    assert report.ok, report.problems
    _check_acks(shared.root, acks)


def _in_process_cli(monkeypatch, capsys, *argv) -> tuple[int, str]:
    from xiaoneng.cli import main

    with pytest.raises(SystemExit) as info:
        main(list(argv))
    return info.value.code, capsys.readouterr().err


@pytest.mark.parametrize(
    "target,err",
    [("write", errno.ENOSPC), ("fsync", errno.EIO), ("replace", errno.EIO)],
)
def test_disk_errors_fail_clearly_and_keep_the_previous_data(
    core, monkeypatch, capsys, target, err
):
    before = {p: p.read_bytes() for p in core.root.rglob("*") if p.is_file()}
    import xiaoneng.store.files as files
    import xiaoneng.store.store as store_mod

    def fail(*_a, **_k):
        raise OSError(err, os.strerror(err))

    if target == "write":
        monkeypatch.setattr(files.os, "write", fail)
    elif target == "fsync":
        monkeypatch.setattr(files.os, "fsync", fail)
    else:
        real = os.replace

        def failing_replace(src, dst):
            if ".txn" in str(src) and "journal" not in str(src):
                fail()
            return real(src, dst)

        monkeypatch.setattr(store_mod.os, "replace", failing_replace)
    code, stderr = _in_process_cli(
        monkeypatch,
        capsys,
        "--data",
        str(core.root),
        "roster",
        "add",
        "--id",
        "N1",
        "--name",
        "新人",
        "--unit",
        "测试机关",
    )
    monkeypatch.undo()
    assert code == 1, stderr
    assert "失败" in stderr and "Traceback" not in stderr
    assert ("磁盘空间不足" in stderr) if err == errno.ENOSPC else ("磁盘读写错误" in stderr)
    after = {
        p: p.read_bytes() for p in core.root.rglob("*") if p.is_file() and "backups" not in p.parts
    }
    for path, data in after.items():
        if path in before:
            assert before[path] == data, f"{path} changed"
    assert (
        not [p for p in (core.root / ".txn").iterdir()] if (core.root / ".txn").exists() else True
    )
    assert open_core(core.root).roster.get("N1") is None
    assert open_core(core.root).verifier.run().ok


def _read_only_run(root: Path, args: list[str]) -> subprocess.CompletedProcess:
    """Run the CLI with `root` read-only. Root ignores file modes, so as root
    the folder is bind-mounted read-only in a private mount namespace (a real
    EROFS); otherwise the files and folders are made read-only."""
    cmd = [sys.executable, "-m", "xiaoneng", "--data", str(root), *args]
    if os.geteuid() == 0:
        mount = f"mount --bind {root} {root} && mount -o remount,bind,ro {root} {root}"
        wrapped = ["unshare", "-m", "sh", "-c", f'{mount} && exec "$@"', "sh", *cmd]
        return subprocess.run(wrapped, capture_output=True, text=True)
    for p in [root, *root.rglob("*")]:
        os.chmod(p, 0o555 if p.is_dir() else 0o444)
    try:
        return subprocess.run(cmd, capture_output=True, text=True)
    finally:
        for p in [root, *root.rglob("*")]:
            os.chmod(p, 0o755 if p.is_dir() else 0o644)
        os.chmod(root / layout.SECRET, 0o600)


def test_read_only_data_folder_is_refused_and_unchanged(core):
    before = {p: p.read_bytes() for p in core.root.rglob("*") if p.is_file()}
    out = _read_only_run(
        core.root, ["roster", "add", "--id", "N2", "--name", "新人", "--unit", "测试机关"]
    )
    assert out.returncode == 1, out.stderr
    assert "Traceback" not in out.stderr and out.stderr.startswith("xiaoneng："), out.stderr
    assert "只读" in out.stderr and str(core.root) in out.stderr, out.stderr
    after = {p: p.read_bytes() for p in core.root.rglob("*") if p.is_file()}
    assert after == before


def test_missing_folder_and_newer_version_are_refused(core, tmp_path):
    out = run_cli("roster", "list", data=tmp_path / "nowhere")
    assert out.returncode == 1 and "不存在" in out.stderr
    assert not (tmp_path / "nowhere").exists()
    meta = core.root / layout.META
    data = json.loads(meta.read_text("utf-8"))
    data["meta"]["schema"]["version"] = 99
    meta.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    before = meta.read_bytes()
    out = run_cli("roster", "list", data=core.root)
    assert out.returncode == 1 and "更新版本" in out.stderr
    assert meta.read_bytes() == before


def test_secret_key_is_owner_only(core):
    assert oct(os.stat(core.root / layout.SECRET).st_mode & 0o777) == "0o600"
    backup = core.backup()
    assert oct(os.stat(backup).st_mode & 0o777) == "0o600"
