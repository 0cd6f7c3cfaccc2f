"""The demo agency through the real `xiaoneng` command: built with --json, left
alone when run again, rebuilt with --force, put in the user's data folder by
default, and reported by `status`. Each builds a year of records (seconds each),
so they run with the e2e tests; test_demo.py checks the records in-process."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from conftest import run_cli

from xiaoneng.services.demo import build_demo


def test_demo_json_rerun_force_and_refusal(tmp_path):
    data = tmp_path / "demo"
    out = run_cli("demo", "--no-tui", "--json", data=data)
    assert out.returncode == 0, out.stderr
    info = json.loads(out.stdout)
    assert info["data"] == str(data)
    roles = {"staff", "unit_head", "leader", "admin", "publicity"}  # publicity: 宣传部
    assert {lg["role"] for lg in info["logins"]} == roles
    people = json.loads(run_cli("roster", "list", "--json", data=data).stdout)
    units = {p["unit"] for p in people}
    assert units == {"市妇联机关", "市妇女儿童活动中心", "振兴幼儿园", "华侨托儿所"}
    assert sum(p["unit"] == "市妇联机关" for p in people) == 27
    before = sorted((p.name, p.stat().st_mtime_ns) for p in (data / "people").iterdir())
    again = run_cli("demo", "--no-tui", "--json", data=data)
    assert json.loads(again.stdout) == info
    assert sorted((p.name, p.stat().st_mtime_ns) for p in (data / "people").iterdir()) == before
    forced = run_cli("demo", "--no-tui", "--json", "--force", data=data)
    assert forced.returncode == 0 and json.loads(forced.stdout)["logins"] == info["logins"]
    assert run_cli("verify", data=data).returncode == 0


def test_demo_default_folder_is_demo_inside_the_user_data_dir(tmp_path):
    env = {"HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "xdg")}
    out = run_cli("demo", "--no-tui", "--json", env=env)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["data"] == str(tmp_path / "xdg" / "xiaoneng" / "demo")


def test_status_of_the_demo_as_json_and_for_people(tmp_path):
    core, _, _ = build_demo(tmp_path / "demo")
    out = run_cli("status", "--json", data=core.root)
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    units = {u["name"]: u for u in report["units"]}
    assert set(units) == {"市妇联机关", "市妇女儿童活动中心", "振兴幼儿园", "华侨托儿所"}
    assert units["市妇联机关"]["headcount"] == 27
    assert all(u["letters"]["due"] > 0 for u in units.values())
    human = run_cli("status", data=core.root)
    assert "未销号" in human.stdout and "振兴幼儿园" in human.stdout


def test_the_ui_without_a_terminal_says_so_instead_of_spinning(tmp_path):
    # Textual's input thread spun at full CPU forever on a closed stdin.
    data = tmp_path / "demo"
    out = run_cli("demo", data=data, timeout=60)  # stdin and stdout are pipes here
    assert out.returncode == 0, out.stderr
    assert "未打开终端界面" in out.stderr and "1004 / 246813" in out.stdout
    bare = run_cli(data=data, timeout=30)
    assert bare.returncode == 2 and "需要在终端里运行" in bare.stderr
    assert "Traceback" not in bare.stderr


def test_the_ui_with_stdin_closed_says_so(tmp_path):
    # A closed stdin is None in Python: isatty() on it was an internal error.
    out = subprocess.run(
        [sys.executable, "-m", "xiaoneng", "--data", str(tmp_path / "d")],
        capture_output=True,
        text=True,
        timeout=30,
        preexec_fn=lambda: os.close(0),
    )
    assert out.returncode == 2 and "需要在终端里运行" in out.stderr, out.stderr
    assert "内部错误" not in out.stderr
