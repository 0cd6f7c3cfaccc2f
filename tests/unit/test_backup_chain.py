"""The daily backup: written after the day's first commit without making the
writer wait, incremental (a manifest of hashes plus the changed files), and
restorable and verifiable from a chain of such zips."""

from __future__ import annotations

import threading
import zipfile

import pytest
from conftest import ACTOR

from xiaoneng.errors import UserError
from xiaoneng.services.core import open_core
from xiaoneng.services.restore import restore
from xiaoneng.services.roster import new_person
from xiaoneng.store import backup, backup_chain


def _data(root):
    return {f.relative_to(root).as_posix(): f.read_bytes() for f in backup.data_files(root)}


def _day(org, clock, pid):
    """A new day: a fresh process's first write (which starts the daily backup)."""
    clock.advance(days=1)
    fresh = open_core(org.root, clock=clock)
    fresh.roster.add(ACTOR, new_person(pid, f"人员{pid}", "测试幼儿园"))
    fresh.store.settle()
    return backup.newest_backup(org.root)


def test_first_write_of_the_day_does_not_wait_for_the_backup(org, clock, monkeypatch):
    gate, done = threading.Event(), threading.Event()
    real = backup.write_backup

    def slow(*args, **kwargs):
        assert gate.wait(30), "the write never returned while the backup waited"
        out = real(*args, **kwargs)
        done.set()
        return out

    monkeypatch.setattr(backup, "write_backup", slow)
    clock.advance(days=1)
    fresh = open_core(org.root, clock=clock)
    fresh.roster.add(ACTOR, new_person("N1", "人员甲", "测试幼儿园"))
    assert not done.is_set() and fresh.roster.get("N1") is not None  # committed, not waiting
    gate.set()
    fresh.store.settle()
    daily = backup.newest_backup(org.root)
    assert done.is_set() and daily is not None and "daily" in daily.name
    with zipfile.ZipFile(daily) as zf:  # taken after the commit: it holds the new person
        names = set(zf.namelist())
    assert backup_chain.MANIFEST in names


def test_daily_backups_hold_only_changed_files_and_restore_from_the_chain(org, clock, tmp_path):
    full = _day(org, clock, "N1")
    d2 = _day(org, clock, "N2")
    states = {}
    d3 = _day(org, clock, "N3")
    states[d3] = _data(org.root)
    with zipfile.ZipFile(full) as zf:
        assert backup_chain.read_manifest(full, zf).base is None
    for older, newer in ((full, d2), (d2, d3)):
        manifest = backup_chain.read_manifest(newer)
        assert manifest.base == older.name
        with zipfile.ZipFile(newer) as zf:
            held = set(zf.namelist()) - {backup_chain.MANIFEST}
        assert held and len(held) < len(manifest.files) / 2  # the changed files only
        assert "secret.key" not in held and "org.json" not in held
    org.roster.add(ACTOR, new_person("LATE", "人员晚", "测试幼儿园"))

    target = tmp_path / "restored"
    restore(target, d3, clock=clock)
    assert _data(target) == states[d3]
    again = open_core(target, clock=clock)
    assert again.roster.get("N3") is not None and again.roster.get("LATE") is None
    report = again.verifier.run()
    assert report.ok, report.problems


def test_a_chain_missing_its_base_is_refused_and_nothing_changes(org, clock, tmp_path):
    full = _day(org, clock, "N1")
    d2 = _day(org, clock, "N2")
    lost = full.with_name("elsewhere.zip")
    full.rename(lost)
    before = _data(org.root)
    with pytest.raises(UserError, match=full.name):
        restore(org.root, d2, clock=clock)
    assert _data(org.root) == before


def test_a_member_that_differs_from_its_manifest_is_refused(org, clock, tmp_path):
    good = org.backup()
    bad = tmp_path / "xiaoneng-bad.zip"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "org.json":
                data = data.replace(b"\\u6d4b", b"\\u6d4c") if b"\\u6d4b" in data else data + b" "
            dst.writestr(info, data)
    with pytest.raises(UserError, match="清单"):
        restore(org.root, bad, clock=clock)


def test_rotation_keeps_the_bases_that_kept_backups_need(org, clock):
    chain = [_day(org, clock, f"N{i}") for i in range(4)]
    assert [len(backup_chain.bases_of(p)) for p in chain] == [0, 1, 2, 3]
    backup.rotate(org.root, keep=2)
    assert all(p.exists() for p in chain)  # the two kept need the two older ones


def test_a_full_backup_starts_each_new_chain(org, clock):
    made = [_day(org, clock, f"N{i}") for i in range(backup_chain.MAX_CHAIN + 1)]
    assert len(backup_chain.bases_of(made[-2])) == backup_chain.MAX_CHAIN - 1
    assert backup_chain.read_manifest(made[-1]).base is None
