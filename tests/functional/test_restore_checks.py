"""`xiaoneng restore` checks what it restores (issue 11).

A zip that is too big, holds JSON that does not parse, lacks `secret.key`,
belongs to another agency, or holds symlink or backslash entries is refused
with exit 2 and the folder exactly as it was (not even a safety backup). A
restore that runs out of space removes its temporary folder and names the real
paths. `backup` carries the office's own checklists and settings.
"""

from __future__ import annotations

import errno
import hashlib
import json
import shutil
import stat
import struct
import zipfile
from pathlib import Path

import pytest
from conftest import ADMIN_PIN, init_cli, run_cli

from xiaoneng.errors import StoreError, UserError
from xiaoneng.paths import bundled_checklists_dir
from xiaoneng.services import restore as restore_mod
from xiaoneng.services.core import open_core
from xiaoneng.services.setup import init_agency
from xiaoneng.store import layout


def _state(root: Path) -> dict[str, tuple[str, int]]:
    """Every file under root (relative path -> content hash, mode)."""
    out = {}
    for p in sorted(root.rglob("*")):
        if p.is_file() and p.name != ".lock":
            out[p.relative_to(root).as_posix()] = (
                hashlib.sha256(p.read_bytes()).hexdigest(),
                stat.S_IMODE(p.stat().st_mode),
            )
    return out


def _good_backup(root: Path, out: Path) -> Path:
    done = run_cli("backup", "--out", str(out), data=root)
    assert done.returncode == 0, done.stderr
    return out


def _rewrite(src: Path, dst: Path, *, drop=(), replace=None, add=()) -> Path:
    """A copy of the backup zip with entries dropped, replaced or added."""
    replace = replace or {}
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename in drop:
                continue
            data = replace.get(info.filename, zin.read(info.filename))
            zout.writestr(info.filename, data)
        for info, data in add:
            zout.writestr(info, data)
    return dst


def _refused(root: Path, backup: Path, *words: str, extra=()) -> None:
    before = _state(root)
    out = run_cli("restore", str(backup), "--yes", *extra, data=root)
    assert out.returncode == 2, (out.returncode, out.stderr)
    assert "Traceback" not in out.stderr and len(out.stderr.strip().splitlines()) == 1
    for w in words:
        assert w in out.stderr, out.stderr
    assert _state(root) == before, "a refused restore changed the folder"
    assert not (root / ".restore-new").exists() and not (root / ".restore-old").exists()


@pytest.fixture
def agency(tmp_path) -> Path:
    return init_cli(tmp_path / "data")


def test_json_that_does_not_parse_is_refused(agency, tmp_path):
    good = _good_backup(agency, tmp_path / "good.zip")
    bad = _rewrite(good, tmp_path / "bad.zip", replace={"org.json": b"{broken"})
    _refused(agency, bad, "org.json", "JSON")
    wrong = _rewrite(good, tmp_path / "list.zip", replace={"org.json": b"[1, 2]"})
    _refused(agency, wrong, "org.json")


def test_a_backup_without_the_secret_key_is_refused(agency, tmp_path):
    good = _good_backup(agency, tmp_path / "good.zip")
    bad = _rewrite(good, tmp_path / "nokey.zip", drop={"secret.key"})
    _refused(agency, bad, "secret.key")


def test_symlink_and_backslash_entries_are_refused(agency, tmp_path):
    good = _good_backup(agency, tmp_path / "good.zip")
    link = zipfile.ZipInfo("records/2026/units/u9999.json")
    link.create_system = 3
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    bad = _rewrite(good, tmp_path / "link.zip", add=[(link, "/etc/passwd")])
    _refused(agency, bad, "符号链接", "u9999.json")
    slash = _rewrite(good, tmp_path / "slash.zip", add=[("records\\..\\..\\evil.json", b"{}")])
    _refused(agency, slash, "evil.json")
    outside = _rewrite(good, tmp_path / "extra.zip", add=[("exports/run.sh", b"echo")])
    _refused(agency, outside, "exports/run.sh")


def test_another_agency_is_refused_unless_asked(agency, tmp_path):
    other = init_cli(tmp_path / "other", "另一机关")
    theirs = _good_backup(other, tmp_path / "theirs.zip")
    _refused(agency, theirs, "另一个机关", "--other-agency")
    out = run_cli("restore", str(theirs), "--yes", "--other-agency", data=agency)
    assert out.returncode == 0, out.stderr
    assert open_core(agency).agency()["name"] == "另一机关"


def test_old_folders_get_an_agency_id_and_their_old_backups_still_restore(agency, tmp_path):
    meta = agency / layout.META
    doc = json.loads(meta.read_text("utf-8"))
    new_id = doc["meta"]["agency"].pop("id")  # new folders get one at init
    assert len(new_id) >= 16
    meta.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")  # as an older version wrote it
    old = _good_backup(agency, tmp_path / "old.zip")
    with zipfile.ZipFile(old) as zf:
        assert "id" not in json.loads(zf.read(layout.META))["meta"]["agency"]
    out = run_cli(
        "roster", "add", "--id", "1009", "--name", "后加", "--unit", "测试机关", data=agency
    )
    assert out.returncode == 0, out.stderr
    assigned = json.loads(meta.read_text("utf-8"))["meta"]["agency"]["id"]
    assert assigned  # given on the first write
    out = run_cli("restore", str(old), "--yes", data=agency)
    assert out.returncode == 0, out.stderr
    ids = {p["id"] for p in json.loads(run_cli("roster", "list", "--json", data=agency).stdout)}
    assert ids == {"A001"}
    # ... and a stranger's old backup is still told apart.
    stranger = init_cli(tmp_path / "s", "另一机关")
    sdoc = json.loads((stranger / layout.META).read_text("utf-8"))
    sdoc["meta"]["agency"].pop("id")
    (stranger / layout.META).write_text(json.dumps(sdoc, ensure_ascii=False), "utf-8")
    _refused(agency, _good_backup(stranger, tmp_path / "s.zip"), "另一个机关")


def test_a_backup_from_a_newer_version_is_refused(agency, tmp_path):
    good = _good_backup(agency, tmp_path / "good.zip")
    with zipfile.ZipFile(good) as zf:
        doc = json.loads(zf.read(layout.META))
    doc["meta"]["schema"]["version"] = 999
    newer = _rewrite(good, tmp_path / "newer.zip", replace={layout.META: json.dumps(doc).encode()})
    _refused(agency, newer, "999")


def _lie_about_size(src: Path, dst: Path, member: str, size: int) -> Path:
    """Patch the central directory so `member` claims `size` bytes (zip64)."""
    shutil.copy(src, dst)
    with zipfile.ZipFile(dst) as zf:
        info = zf.getinfo(member)
    raw = bytearray(dst.read_bytes())
    name = member.encode()
    at = 0
    while True:
        at = raw.index(b"PK\x01\x02", at)
        n = struct.unpack_from("<H", raw, at + 28)[0]
        if raw[at + 46 : at + 46 + n] == name:
            break
        at += 4
    struct.pack_into("<I", raw, at + 24, min(size, 0xFFFFFFFE))
    assert info.file_size < size
    dst.write_bytes(bytes(raw))
    return dst


def test_a_zip_bomb_is_refused_by_its_size_before_anything_is_written(agency, tmp_path):
    good = _good_backup(agency, tmp_path / "good.zip")
    bomb = _lie_about_size(good, tmp_path / "bomb.zip", "org.json", 0xFFFFFFFE)
    _refused(agency, bomb, "过大")


def test_a_real_deflate_bomb_is_refused_quickly(agency, tmp_path, monkeypatch):
    """Honest sizes this time: 300 MB of zeros (~300 KB zipped) over a lowered floor."""
    monkeypatch.setattr(restore_mod, "MIN_LIMIT", 100 * 1024 * 1024)
    good = _good_backup(agency, tmp_path / "good.zip")
    bomb = tmp_path / "zeros.zip"
    shutil.copy(good, bomb)
    with (
        zipfile.ZipFile(bomb, "a", zipfile.ZIP_DEFLATED) as zf,
        zf.open("records/2026/units/u0009.json", "w", force_zip64=True) as fh,
    ):
        chunk = b" " * (1 << 20)
        for _ in range(300):
            fh.write(chunk)
    assert bomb.stat().st_size < 2 * 1024 * 1024
    before = _state(agency)
    with pytest.raises(UserError, match="过大"):
        restore_mod.restore(agency, bomb)
    assert _state(agency) == before


def test_a_restore_that_runs_out_of_space_cleans_up_and_names_paths(agency, tmp_path, monkeypatch):
    good = _good_backup(agency, tmp_path / "good.zip")
    run_cli("roster", "add", "--id", "1009", "--name", "后加", "--unit", "测试机关", data=agency)
    real = restore_mod._write_member
    written = []

    def full_disk(zf, info, target):
        if written:
            raise OSError(errno.ENOSPC, "No space left on device", str(target))
        written.append(target)
        return real(zf, info, target)

    monkeypatch.setattr(restore_mod, "_write_member", full_disk)
    before = {k: v for k, v in _state(agency).items() if not k.startswith("backups/")}
    with pytest.raises(StoreError) as info:
        restore_mod.restore(agency, good)
    message = str(info.value)
    assert "磁盘空间不足" in message and str(agency) in message
    assert ".restore-new" not in message or "已删除" in message
    assert not (agency / ".restore-new").exists() and not (agency / ".restore-old").exists()
    after = {k: v for k, v in _state(agency).items() if not k.startswith("backups/")}
    assert after == before  # the current data is untouched
    assert open_core(agency).roster.get("1009") is not None


def test_backup_carries_the_offices_checklists_and_settings(agency, tmp_path):
    bundled = sorted(bundled_checklists_dir().glob("*.toml"))[0]
    shutil.copy(bundled, tmp_path / "x.toml")
    own = agency / "checklists"
    own.mkdir()
    text = (tmp_path / "x.toml").read_text("utf-8")
    (own / "office-own.toml").write_text(text, "utf-8")
    (agency / "settings.toml").write_text('[fonts]\ntitle = "宋体"\n', "utf-8")
    zipped = _good_backup(agency, tmp_path / "b.zip")
    with zipfile.ZipFile(zipped) as zf:
        assert {"checklists/office-own.toml", "settings.toml"} <= set(zf.namelist())
    fresh = tmp_path / "new-machine"
    out = run_cli("restore", str(zipped), "--yes", data=fresh)
    assert out.returncode == 0, out.stderr
    assert (fresh / "checklists" / "office-own.toml").read_text("utf-8") == text
    assert "宋体" in (fresh / "settings.toml").read_text("utf-8")
    assert run_cli("verify", data=fresh).returncode == 0


def test_init_gives_each_agency_its_own_id(tmp_path, clock):
    a, _ = init_agency(
        tmp_path / "a", unit_name="甲", admin_id="A1", admin_name="甲一", pin=ADMIN_PIN, clock=clock
    )
    b, _ = init_agency(
        tmp_path / "b", unit_name="甲", admin_id="A1", admin_name="甲一", pin=ADMIN_PIN, clock=clock
    )
    assert a.agency()["id"] and a.agency()["id"] != b.agency()["id"]
