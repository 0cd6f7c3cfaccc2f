"""A restore on a real disk that is too small (issue 11, "restore checks what it restores").

A 600 KB tmpfs in a private mount namespace (root only): the restore is
refused up front with exit 2, names the folder and the space, and leaves no
temporary folder.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from conftest import ACTOR, init_cli, run_cli

from xiaoneng.services.core import open_core
from xiaoneng.services.roster import new_person


def _can_mount() -> bool:
    return os.geteuid() == 0 and shutil.which("unshare") is not None


@pytest.mark.skipif(not _can_mount(), reason="needs root for a small tmpfs")
def test_too_little_space_on_a_real_small_disk_is_refused_up_front(tmp_path):
    data = init_cli(tmp_path / "src")
    filler = open_core(data)
    filler.roster.add_many(
        ACTOR, [new_person(f"P{i:04d}", f"人员{i}", "测试机关") for i in range(3000)]
    )
    big = tmp_path / "big.zip"
    assert run_cli("backup", "--out", str(big), data=data).returncode == 0
    disk = tmp_path / "disk"
    disk.mkdir()
    script = (
        f"mount -t tmpfs -o size=600k tmpfs {disk} && "
        f"{sys.executable} -m xiaoneng --data {disk}/data init --unit 测试机关 --admin-id A001 "
        f"--admin-name 管理员甲 >/dev/null && "
        f"{sys.executable} -m xiaoneng --data {disk}/data restore {big} --yes --other-agency; "
        f"echo rc=$?; ls -a {disk}/data"
    )
    out = subprocess.run(
        ["unshare", "-m", "sh", "-c", script],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        timeout=120,
    )
    assert "rc=2" in out.stdout, out.stdout + out.stderr
    assert "空间不足" in out.stderr and f"{disk}/data" in out.stderr
    assert ".restore-new" not in out.stdout
