"""Real processes on one data folder: concurrent writers and waiting for the lock.

Killing writers mid-write (kill -9, fifty times) is in test_faults.py.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

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
    assert report.entries == 151  # the admin, then everyone added


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
