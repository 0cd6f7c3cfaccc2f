"""Real processes on one data folder: concurrent writers, waiting for the lock,
and the PIN lockout counted across processes.

Killing writers mid-write (kill -9, fifty times) is in test_faults.py.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ADMIN_PIN

from xiaoneng.services.auth import LoginFailed
from xiaoneng.services.core import open_core
from xiaoneng.store import Store

WRITER = str(Path(__file__).parent / "workers" / "writer.py")


def _spawn(root: Path, prefix: str, count: int, *extra: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, WRITER, str(root), prefix, str(count), *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def test_six_processes_adding_people_lose_nothing(core):
    procs = [_spawn(core.root, f"P{n}", 25) for n in range(6)]
    acked: set[str] = set()
    for p in procs:
        out, err = p.communicate(timeout=180)
        assert p.returncode == 0, err
        acked |= set(out.split())
    assert len(acked) == 150
    fresh = open_core(core.root, clock=core.clock)
    ids = {p.id for p in fresh.roster.people()}
    assert acked <= ids
    report = fresh.verifier.run()
    assert report.ok, report.problems
    assert report.entries == 152  # the top unit, the admin, then everyone added


def test_a_waiting_process_says_so(core):
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys,time; from xiaoneng.store import Store; s=Store(sys.argv[1]);"
            "cm=s.locked(); cm.__enter__(); print('locked', flush=True); time.sleep(2.5)",
            str(core.root),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "locked"
    messages: list[str] = []
    store = Store(core.root, on_wait=messages.append)
    started = time.monotonic()
    with store.transaction() as txn:
        txn.put("x.json", "t", "1", {"v": 1})
    waited = time.monotonic() - started
    holder.wait(timeout=10)
    assert messages and "等待" in messages[0]
    assert waited > 1.0


def test_lockout_counts_across_processes(core):
    script = (
        "import sys; from xiaoneng.services.core import open_core;"
        "from xiaoneng.services.auth import LoginFailed\n"
        "c = open_core(sys.argv[1])\n"
        "try: c.auth.login('A001', '000001')\n"
        "except LoginFailed as e: print(e.tries_left)\n"
    )
    lefts = []
    for _ in range(5):
        out = subprocess.run(
            [sys.executable, "-c", script, str(core.root)], capture_output=True, text=True
        )
        lefts.append(int(out.stdout.strip()))
    assert lefts == [4, 3, 2, 1, 0]
    with pytest.raises(LoginFailed, match="锁定"):
        open_core(core.root).auth.login("A001", ADMIN_PIN)
