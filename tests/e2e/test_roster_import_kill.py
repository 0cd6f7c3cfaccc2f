"""A real `xiaoneng roster import` of 10,000 people (five batches) killed with
SIGKILL part way: the journal says it is unfinished, readers say so, another
file is refused and nothing is written, and importing the same file again
finishes it: every row present and signed exactly once, `verify --full` clean."""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import init_cli, run_cli
from helpers.rosters import big_roster

from xiaoneng.services.core import open_core

PEOPLE = 10_000


def _journal(data: Path) -> dict | None:
    try:
        meta = json.loads((data / "xiaoneng.json").read_bytes())
    except (OSError, ValueError):
        return None  # being replaced: look again
    return meta.get("roster_import", {}).get("current")


def _folder(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*.json"))
        if "backups" not in p.parts
    }


def _kill_after_a_batch(data: Path, roster: Path) -> dict:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.pop("XIAONENG_DATA", None)
    cmd = [sys.executable, "-m", "xiaoneng", "--data", str(data), "roster", "import"]
    proc = subprocess.Popen(
        [*cmd, str(roster), "--create-units"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    deadline = time.monotonic() + 300
    while _journal(data) is None and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(random.Random(17).random() * 0.3)  # somewhere in the next batch
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL, "the import ended before it was killed"
    journal = _journal(data)
    assert journal is not None, "killed after the last batch: make the roster longer"
    return journal


def test_an_import_killed_part_way_is_named_and_finished_by_running_it_again(tmp_path):
    data = init_cli(tmp_path / "data")
    roster = big_roster(tmp_path / "名册.csv", PEOPLE)
    journal = _kill_after_a_batch(data, roster)
    assert journal["sha256"] == hashlib.sha256(roster.read_bytes()).hexdigest()
    assert 0 < journal["done"] < PEOPLE and journal["done"] % 2000 == 0
    assert journal["total"] == PEOPLE and journal["next_row"] == journal["done"] + 2

    listed = run_cli("roster", "list", "--json", data=data)
    assert listed.returncode == 0, listed.stderr
    assert "名册导入尚未完成" in listed.stderr and "名册.csv" in listed.stderr
    assert len(json.loads(listed.stdout)) == journal["done"] + 1  # and the admin
    status = run_cli("status", data=data)
    assert (
        status.returncode == 0 and f"还有 {PEOPLE - journal['done']} 人未导入" in status.stderr
    ), status.stderr

    other = tmp_path / "另一个.csv"
    other.write_text("工号,姓名,单位\nZ1,某人,测试机关\n", encoding="utf-8")
    before = _folder(data)
    refused = run_cli("roster", "import", str(other), data=data)
    assert refused.returncode == 2, refused.stderr
    assert "Traceback" not in refused.stderr
    assert f"xiaoneng roster import {roster}" in refused.stderr
    assert "不能导入另一个文件（另一个.csv）" in refused.stderr
    assert _folder(data) == before

    done = run_cli("roster", "import", str(roster), data=data, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "继续上次未完成的导入" in done.stderr
    assert f"新增 {PEOPLE} 人" in done.stdout
    assert _journal(data) is None

    full = run_cli("verify", "--full", data=data, timeout=600)
    assert full.returncode == 0, full.stdout + full.stderr
    listed = run_cli("roster", "list", "--json", data=data)
    assert "名册导入尚未完成" not in listed.stderr
    ids = [p["id"] for p in json.loads(listed.stdout)]
    assert len(ids) == len(set(ids)) == PEOPLE + 1
    assert set(ids) == {"A001", *(f"R{i:06d}" for i in range(PEOPLE))}
    core = open_core(data)
    signed = [
        str(e["person"])
        for part in core.repos.people.parts()
        for e in core.repos.people.bucket_docs(part)[1].values()
        if e.get("op") == "roster.add"
    ]
    assert len(signed) == len(set(signed)) == PEOPLE + 1
