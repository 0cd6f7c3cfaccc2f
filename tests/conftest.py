"""Shared fixtures: a fixed clock, fresh data folders, and running the real CLI.

Also the test layers: every test is marked by the folder it lives in (unit,
functional, e2e; see pyproject), and unit tests may not start processes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import os
import py_compile
import re
import shutil
import subprocess
import sys
import tempfile
import types
import warnings
from collections.abc import Iterator
from pathlib import Path

# This sandbox sets PYTHONDONTWRITEBYTECODE, so every xdist worker and every
# `run_cli` subprocess compiled Textual, python-docx and the package from
# source again: about 1 s of each of some hundreds of processes. Tests may
# cache bytecode like any Python run does; set before the imports below, so
# the package and the test helpers are cached too, and what pytest and its
# plugins imported before this file is compiled once here (about 2 s of CPU
# a worker on a fresh checkout otherwise).
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
sys.dont_write_bytecode = False
for _module in list(sys.modules.values()):
    _cached, _source = getattr(_module, "__cached__", None), getattr(_module, "__file__", None)
    if _cached and _source and _source.endswith(".py") and not os.path.exists(_cached):
        with contextlib.suppress(OSError):  # a read-only install stays as it is
            py_compile.compile(_source, cfile=_cached, quiet=2)

import pytest  # noqa: E402
from helpers import examples, headless  # noqa: E402

from xiaoneng.services import auth, pins  # noqa: E402
from xiaoneng.services.core import Core, open_core  # noqa: E402
from xiaoneng.services.permissions import SystemActor  # noqa: E402
from xiaoneng.services.setup import init_agency  # noqa: E402

headless.install()  # Pilot tests paint what they look at, not every frame

TESTS = Path(__file__).resolve().parent
LAYERS = ("unit", "functional", "e2e")

TZ = dt.timezone(dt.timedelta(hours=8))
ADMIN_PIN = "135792"
ACTOR = SystemActor(id="test")

# Data folders on tmpfs where there is one: each commit fsyncs its files, the
# journal and their folders (about 4.5 ms a file and folder on this machine's
# disk, nothing on tmpfs), and the suite commits thousands of times. A killed
# process loses nothing from the page cache either way, so the crash tests
# test the same thing; only a power cut would tell the two apart.
# `XIAONENG_TEST_DISK=1` keeps them on the disk.
if os.environ.get("XIAONENG_TEST_DISK") != "1" and os.access("/dev/shm", os.W_OK):
    os.environ["TMPDIR"] = "/dev/shm"
    tempfile.tempdir = None


def pytest_configure(config: pytest.Config) -> None:
    examples.choose(config.option.markexpr)  # before any test module is imported
    if "PYTEST_XDIST_WORKER" not in os.environ:
        _read_literals_once()


def _read_literals_once() -> None:
    """Hypothesis draws on the literals of the local modules it finds imported:
    each process parses every one (src and tests, some 400 files) unless
    .hypothesis/constants has them by file hash. On a fresh checkout each
    worker parsed them all (2.7 s of CPU); parsed here once, before the
    workers start, they find them cached. A Hypothesis without this helper
    simply skips it."""
    try:
        from hypothesis.errors import HypothesisSideeffectWarning
        from hypothesis.internal.constants_ast import constants_from_module
    except ImportError:
        return
    with warnings.catch_warnings():  # its storage is touched early on purpose
        warnings.simplefilter("ignore", HypothesisSideeffectWarning)
        for folder in (TESTS.parent / "src", TESTS):
            for path in folder.rglob("*.py"):
                module = types.ModuleType(path.stem)
                module.__file__ = str(path)
                constants_from_module(module)


def pytest_report_header(config: pytest.Config) -> str:
    drawn = "a third (fast subset; XN_EXAMPLES=full for all)" if examples.quick() else "all"
    return f"hypothesis examples: {drawn}"


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """`-n auto`: three workers for two cores. A Pilot test waits between its
    steps for the app to be idle and a CLI test for its process, about a fifth
    of its time; a third worker fills those gaps (on this 2-core machine the
    fast subset took 147 s with three against 163 s with two)."""
    return max(2, ((os.cpu_count() or 1) * 3 + 1) // 2)


def _layer(path: Path) -> str | None:
    try:
        top = path.resolve().relative_to(TESTS).parts[0]
    except (ValueError, IndexError):
        return None
    return top if top in LAYERS else None


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """`-m "not e2e"` (the fast subset) does not import the e2e modules only to
    deselect every test in them: about a sixth of each worker's collection."""
    if config.option.markexpr.split() == ["not", "e2e"] and _layer(collection_path) == "e2e":
        return True
    return None


def pytest_collect_file(file_path: Path, parent):
    """A test file outside the three layer folders is an error, so a new test
    cannot silently join the fast subset whatever it does."""
    is_test = file_path.name.startswith("test_") and file_path.suffix == ".py"
    if is_test and _layer(file_path) is None and file_path.resolve().is_relative_to(TESTS):
        raise pytest.Collector.CollectError(
            f"{file_path.relative_to(TESTS.parent)}: test files live in tests/unit, "
            "tests/functional or tests/e2e (see the README, 测试)"
        )


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        layer = _layer(item.path)
        if layer is not None:
            item.add_marker(layer)
        if layer == "e2e":
            # With pytest-xdist (--dist loadgroup, see pyproject) the e2e tests run
            # one after another in one worker: their many processes, servers, kill -9
            # and LibreOffice runs never overlap each other.
            item.add_marker(pytest.mark.xdist_group("e2e"))


def pytest_collection_finish(session: pytest.Session) -> None:
    """Take what every test shares (Textual, python-docx, the package, the
    collected tests) out of the garbage collector's full passes, and let it
    run less often. A Pilot test makes some hundred thousand short-lived
    objects; with Python's defaults a fifth of test_tui_office's CPU went to
    full collections walking the same imported modules again and again
    (measured: 29.4 s of CPU with the defaults, 24.6 s with this). Memory is
    measured in subprocesses, which keep the defaults.

    pypinyin's tables (some 200,000 objects, loaded by the first roster
    search) are loaded first when Pilot tests will run, so that they are
    frozen too rather than walked by every full pass after that search."""
    if any(item.get_closest_marker("functional") for item in session.items):
        from pypinyin import pinyin

        pinyin("效能")
    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000, 10, 10)


def pytest_unconfigure(config: pytest.Config) -> None:
    """pytest's own clean-up then runs five full collections of everything the
    run left (to report objects whose finaliser raised): one is enough, and the
    four after it each walked the whole heap of a worker (about half a second
    each after hundreds of Pilot tests). This one finds what they would."""
    gc.collect()
    gc.freeze()


def _refuse(what: str):
    def refused(*_args, **_kwargs):
        raise AssertionError(f"unit tests {what}: move this test to tests/functional or tests/e2e")

    return refused


@pytest.fixture(autouse=True)
def _unit_layer_rules(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Unit tests stay in-process and fast: no subprocess, no Textual app."""
    if request.node.get_closest_marker("unit") is None:
        return
    monkeypatch.setattr(subprocess, "Popen", _refuse("start no processes"))
    monkeypatch.setattr("textual.app.App.run_test", _refuse("run no Textual app"))


PRODUCT_PIN_COST = pins.N  # scrypt N of the product (2**14)
TEST_PIN_COST = 2**10
# Set for the whole run, not per test: module-scoped fixtures (the shared demo
# agency, a module's own agency) hash their PINs before any function-scoped
# fixture runs, and every login on them then paid the product's cost.
pins.N = TEST_PIN_COST


@pytest.fixture(autouse=True)
def _cheap_pin_hashes(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """PIN hashes made in this process cost 1/16 of the product's: an agency of
    six costs 0.3 s of scrypt otherwise, in each of hundreds of tests. A hash
    records its own cost and `check_pin` uses it, so everything else is the
    same. Tests marked `pin_cost` (timing, the cost itself) keep the real one.
    Subprocesses (`run_cli`) always use the real cost."""
    auth._decoy_hash.cache_clear()  # made with whichever cost the last test had
    if request.node.get_closest_marker("pin_cost") is not None:
        monkeypatch.setattr(pins, "N", PRODUCT_PIN_COST)


def _verify_in_process(root: Path) -> str:
    """What `xiaoneng verify --json --no-lock` prints, computed in this process."""
    import json

    report = open_core(root).verifier.run(locked=False)
    return json.dumps(report.to_json(), ensure_ascii=False)


@pytest.fixture(autouse=True)
def _background_verify_in_process(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every admin login in the app starts `xiaoneng verify` as a low-priority
    process and `settle()` waits for it: a second of CPU each, and many seconds
    when other tests keep the cores busy. Pilot tests get the same report from
    this process; tests marked `verify_process` (and every e2e test) keep the
    real process."""
    if request.node.get_closest_marker("functional") is None:
        return
    if request.node.get_closest_marker("verify_process") is not None:
        return
    from xiaoneng.tui.screens import audit

    monkeypatch.setattr(audit, "_verify_quietly", _verify_in_process)


class FixedClock:
    """A clock tests can move: `clock.advance(minutes=16)`."""

    def __init__(self, start: dt.datetime):
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **kw) -> None:
        self.now = self.now + dt.timedelta(**kw)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(dt.datetime(2026, 3, 16, 9, 30, tzinfo=TZ))


_AGENCIES: dict[tuple[str, str, int], Path] = {}


def make_agency(root: Path, clock: FixedClock, with_people: bool) -> Core:
    """The agency of the `core` fixture, with the people of `org` if asked."""
    c, _ = init_agency(
        root,
        unit_name="测试机关",
        admin_id="A001",
        admin_name="管理员甲",
        pin=ADMIN_PIN,
        clock=clock,
    )
    if with_people:
        from xiaoneng.services.roster import new_person

        people = [
            new_person("L1", "领导甲", "测试机关", "主席", ["staff", "leader"]),
            new_person("S3", "职工丙", "测试机关", "科员", ["staff"]),
            new_person("H1", "园长甲", "测试幼儿园", "园长", ["staff", "unit_head"]),
            new_person("S1", "教师甲", "测试幼儿园", "教师", ["staff"]),
            new_person("S2", "教师乙", "测试幼儿园", "教师", ["staff"]),
        ]
        c.roster.add_many(ACTOR, people, pins={p.id: PIN for p in people})
    return c


@pytest.fixture
def core(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    tmp_path: Path,
    clock: FixedClock,
) -> Core:
    """An agency with one admin (A001) in a fresh folder; with the people of
    `org` when the test asks for that too.

    Each test process makes each agency once (for the clock's time and the
    PIN cost in force) and every test gets a copy of that folder, opened as
    the next command would open it: setting one up took 15 to 45 ms of CPU
    in each of some 550 tests, copying it on tmpfs takes a few."""
    with_people = "org" in request.fixturenames
    key = ("org" if with_people else "core", clock.now.isoformat(), pins.N)
    template = _AGENCIES.get(key)
    if template is None or not template.exists():
        base = tmp_path_factory.mktemp("agency")
        made = make_agency(base / "data", FixedClock(clock.now), with_people)
        made.store.settle()  # the daily backup after its first commit, written whole
        template = _AGENCIES[key] = made.root
    shutil.copytree(template, tmp_path / "data", symlinks=True)
    return open_core(tmp_path / "data", clock=clock)


def run_cli(*args: str, data: Path | None = None, input: str | None = None, env=None, timeout=120):
    """Run the `xiaoneng` command; returns a CompletedProcess.

    In tests/functional it runs in this process (`main()` under click's
    isolation: its own stdin, stdout, stderr and environment), which costs
    milliseconds instead of a Python start-up; e2e tests and tests marked
    `cli_process` run the real command in a subprocess."""
    argv = (["--data", str(data)] if data is not None else []) + list(args)
    extra = {"PYTHONIOENCODING": "utf-8", **(env or {})}
    if not _cli_in_process:
        full_env = dict(os.environ)
        full_env.pop("XIAONENG_DATA", None)  # never the developer's own data
        full_env.update(extra)
        return subprocess.run(
            [sys.executable, "-m", "xiaoneng", *argv],
            input=input,
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=full_env,
            timeout=timeout,
        )
    return _run_cli_here(argv, input, {"XIAONENG_DATA": None, **extra})


def _run_cli_here(argv: list[str], input: str | None, env: dict) -> subprocess.CompletedProcess:
    import threading
    import traceback

    from click.testing import CliRunner

    from xiaoneng.cli import main

    before = set(threading.enumerate())
    umask = os.umask(0o077)
    os.umask(umask)
    code = 0
    with CliRunner().isolation(input=input, env=env) as (out, err, _):
        try:
            main(argv)
        except SystemExit as exit:
            code = exit.code if isinstance(exit.code, int) else (0 if exit.code is None else 1)
            if isinstance(exit.code, str):
                sys.stderr.write(exit.code + "\n")
        except Exception:  # what the interpreter would print, and its exit code
            traceback.print_exc(file=sys.stderr)
            code = 1
        finally:
            os.umask(umask)  # main() sets the process's; this worker keeps its own
            # The interpreter waits for non-daemon threads (the daily backup
            # after a commit) before a command's process ends.
            for thread in set(threading.enumerate()) - before:
                if not thread.daemon:
                    thread.join()
            sys.stdout.flush()
            sys.stderr.flush()
        stdout, stderr = out.getvalue(), err.getvalue()
    return subprocess.CompletedProcess(
        ["xiaoneng", *argv], code, stdout.decode("utf-8"), stderr.decode("utf-8")
    )


_cli_in_process = False


@pytest.fixture(autouse=True)
def _cli_here_or_in_a_process(request: pytest.FixtureRequest) -> Iterator[None]:
    """In-process for the body of a functional test; a module or session
    fixture (set up before this one) always gets the real process."""
    global _cli_in_process
    functional = request.node.get_closest_marker("functional") is not None
    _cli_in_process = functional and request.node.get_closest_marker("cli_process") is None
    yield
    _cli_in_process = False


PIN = "482915"


def init_cli(data: Path, unit: str = "测试机关", pin: str = ADMIN_PIN) -> Path:
    """A new agency in `data` through the real `xiaoneng init` (admin A001, PIN given)."""
    out = run_cli(
        "init", "--unit", unit, "--admin-id", "A001", "--admin-name", "管理员甲",
        "--pin-stdin", data=data, input=pin + "\n",
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    return data


@pytest.fixture
def org(core):
    """A small agency: a leader and staff in the office, a kindergarten with a
    head (`core` makes it with them when a test asks for `org`)."""
    return core


def person(core, pid: str):
    return core.roster.require(pid)


def bump_version(text: str) -> str:
    """A checklist file's text with the next `version` ("2" -> "3"; "2.1" -> "2.1.1")."""

    def next_version(m: re.Match) -> str:
        old = m.group(1)
        return f'version = "{int(old) + 1 if old.isdigit() else old + ".1"}"'

    return re.sub(r'(?m)^version = "([^"]+)"', next_version, text, count=1)
