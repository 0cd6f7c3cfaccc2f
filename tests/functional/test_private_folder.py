"""The data folder is private (issue 11).

Folders 0700, files 0600, whatever the umask the office's shell has: PIN
hashes are readable by nobody but the service account. An older folder with
wider modes is tightened when it is opened, and the program says so once.
Export folders are created 0700, and an `--out` that is a symlink is refused.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from conftest import ADMIN_PIN, init_cli, run_cli


def _modes(root: Path) -> dict[str, int]:
    out = {".": stat.S_IMODE(root.stat().st_mode)}
    for p in root.rglob("*"):
        if not p.is_symlink():
            out[p.relative_to(root).as_posix()] = stat.S_IMODE(p.lstat().st_mode)
    return out


def _wide(modes: dict[str, int]) -> dict[str, str]:
    return {k: oct(m) for k, m in modes.items() if m & 0o077}


@pytest.fixture
def agency(tmp_path) -> Path:
    return init_cli(tmp_path / "data")


# Commands run one after another from a shell whose umask is the usual 022:
# each starts from that umask, as a new process would, and ends as its process
# would (waiting for its non-daemon threads, the daily backup after a commit).
# One Python for the five commands, not five (each start-up costs about half a
# second of CPU): the CLI sets its own umask at each start, the thing tested.
SHELL_022 = r"""
import json, os, sys, threading
sys.argv[0] = "xiaoneng"
from xiaoneng.cli import main
for args in json.loads(sys.argv[1]):
    os.umask(0o022)
    before = set(threading.enumerate())
    try:
        main(args)
        code = 0
    except SystemExit as exit:
        code = exit.code if isinstance(exit.code, int) else (0 if exit.code is None else 1)
    for thread in set(threading.enumerate()) - before:
        if not thread.daemon:
            thread.join()
    sys.stdout.flush()
    print("\n@exit", json.dumps([args, code]), flush=True)
    if code:
        break
"""


def _umask_022(*commands: tuple[str, ...], data: Path, input: str = "") -> list:
    """Run the CLI commands in turn from a shell whose umask is 022; each
    command's arguments and exit code, up to the first that failed."""
    import subprocess
    import sys

    argv = [["--data", str(data), *args] for args in commands]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.pop("XIAONENG_DATA", None)
    done = subprocess.run(
        [sys.executable, "-c", SHELL_022, json.dumps(argv)],
        input=input, capture_output=True, text=True, env=env,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    exits = [json.loads(line[len("@exit ") :]) for line in done.stdout.splitlines()
             if line.startswith("@exit ")]  # fmt: skip
    assert [code for _args, code in exits] == [0] * len(commands), (exits, done.stderr)
    return exits


def test_every_folder_is_0700_and_every_file_0600(tmp_path):
    data = tmp_path / "data"
    _umask_022(
        ("init", "--unit", "测试机关", "--admin-id", "A001", "--admin-name", "管理员甲",
         "--pin-stdin"),
        ("roster", "add", "--id", "1009", "--name", "后加", "--unit", "新单位", "--new-unit"),
        ("backup",),
        ("export", "all"),
        data=data,
        input=ADMIN_PIN + "\n",
    )  # fmt: skip
    modes = _modes(data)
    assert any(k.startswith("people/") for k in modes) and any(
        k.startswith("exports/") for k in modes
    )
    assert _wide(modes) == {}


def test_an_older_wider_folder_is_tightened_once_and_says_so(agency):
    for p in [agency, *agency.rglob("*")]:
        os.chmod(p, 0o755 if p.is_dir() else 0o644)
    first = run_cli("roster", "list", data=agency)
    assert first.returncode == 0, first.stderr
    assert "权限" in first.stderr and str(agency) in first.stderr
    assert _wide(_modes(agency)) == {}
    again = run_cli("roster", "list", data=agency)
    assert again.returncode == 0 and "权限" not in again.stderr


def test_a_file_dropped_in_with_wide_modes_is_fixed_on_open(agency):
    people = next((agency / "people").glob("*.json"))
    os.chmod(people, 0o644)
    os.chmod(agency / "people", 0o755)
    assert run_cli("status", data=agency).returncode == 0
    assert stat.S_IMODE(people.stat().st_mode) == 0o600
    assert stat.S_IMODE((agency / "people").stat().st_mode) == 0o700


def test_in_process_writes_are_private_too(core):
    """Tests and the TUI open the store without the CLI's umask."""
    old = os.umask(0o022)
    try:
        from conftest import ACTOR

        from xiaoneng.services.roster import new_person

        core.roster.add(ACTOR, new_person("1009", "后加", "新单位"), new_unit=True)
        core.backup()
    finally:
        os.umask(old)
    assert _wide(_modes(core.root)) == {}


def test_out_that_is_a_symlink_is_refused(agency, tmp_path):
    target = tmp_path / "elsewhere"
    target.mkdir()
    link = tmp_path / "link"
    link.symlink_to(target)
    out = run_cli("export", "all", "--out", str(link), data=agency)
    assert out.returncode == 2 and "符号链接" in out.stderr, out.stderr
    assert list(target.iterdir()) == []
    zip_link = tmp_path / "b.zip"
    zip_link.symlink_to(tmp_path / "nowhere.zip")
    out = run_cli("backup", "--out", str(zip_link), data=agency)
    assert out.returncode == 2 and "符号链接" in out.stderr, out.stderr
    assert not (tmp_path / "nowhere.zip").exists()


def test_an_export_folder_is_created_0700(agency, tmp_path):
    out = run_cli("export", "all", "--out", str(tmp_path / "new" / "folder"), data=agency)
    assert out.returncode == 0, out.stderr
    assert stat.S_IMODE((tmp_path / "new" / "folder").stat().st_mode) == 0o700
    made = list((tmp_path / "new" / "folder").rglob("*"))
    assert any(p.is_dir() for p in made) and any(p.is_file() for p in made)  # kind folders
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o700 for p in made if p.is_dir())
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in made if p.is_file())
    listed = run_cli("roster", "list", "--json", data=agency)
    assert json.loads(listed.stdout)[0]["id"] == "A001"
