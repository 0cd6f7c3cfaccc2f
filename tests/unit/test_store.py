"""The store on real files: encoding, atomic commits, recovery, refusals."""

from __future__ import annotations

import json
import os
import threading
import time

import pytest

from xiaoneng.errors import CorruptFile, StoreError
from xiaoneng.services.core import open_core
from xiaoneng.store import Store, layout, schema
from xiaoneng.store.store import JOURNAL, TXN_DIR


def test_files_are_utf8_without_escapes(core):
    raw = (core.root / layout.ORG).read_bytes()
    assert "测试机关".encode() in raw
    assert b"\\u" not in raw


def test_transaction_commits_all_files_or_none(tmp_path):
    store = Store(tmp_path)
    with store.transaction() as txn:
        txn.put("a.json", "t", "1", {"v": 1})
        txn.put("sub/b.json", "t", "1", {"v": 1})
    assert store.get("a.json", "t", "1") == {"v": 1}
    with pytest.raises(RuntimeError), store.transaction() as txn:
        txn.put("a.json", "t", "1", {"v": 2})
        txn.put("sub/b.json", "t", "1", {"v": 2})
        raise RuntimeError("use-case failed half-way")
    assert store.get("a.json", "t", "1") == {"v": 1}
    assert store.get("sub/b.json", "t", "1") == {"v": 1}
    assert not any((tmp_path / TXN_DIR).iterdir())


def test_batch_of_inserts_rewrites_each_file_once(tmp_path, monkeypatch):
    store = Store(tmp_path)
    writes = []
    import xiaoneng.store.store as mod

    real = mod.write_synced
    monkeypatch.setattr(
        mod, "write_synced", lambda p, b, **k: (writes.append(p.name), real(p, b, **k))
    )
    with store.transaction() as txn:
        for i in range(500):
            txn.put("big.json", "t", str(i), {"i": i})
    assert len(store.table("big.json", "t")) == 500
    assert len(writes) == 2  # the file's temp copy and the journal


def test_crash_after_journal_is_rolled_forward(tmp_path, monkeypatch):
    store = Store(tmp_path)
    with store.transaction() as txn:
        txn.put("a.json", "t", "1", {"v": 1})
        txn.put("b.json", "t", "1", {"v": 1})
    # Simulate a crash after the journal was written and one file was moved.
    calls = {"n": 0}
    real_replace = os.replace

    def dying_replace(src, dst):
        if str(dst).endswith(".json") and TXN_DIR not in str(dst):
            calls["n"] += 1
            if calls["n"] == 2:
                raise SystemExit("killed")  # not an OSError: nothing is cleaned up
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", dying_replace)
    with pytest.raises(SystemExit), store.transaction() as txn:
        txn.put("a.json", "t", "1", {"v": 2})
        txn.put("b.json", "t", "1", {"v": 2})
    monkeypatch.setattr(os, "replace", real_replace)
    assert (tmp_path / TXN_DIR / JOURNAL).exists()
    fresh = Store(tmp_path)
    with fresh.transaction():
        pass  # the next writer completes the interrupted commit first
    assert fresh.get("a.json", "t", "1") == {"v": 2}
    assert fresh.get("b.json", "t", "1") == {"v": 2}
    assert not (tmp_path / TXN_DIR / JOURNAL).exists()


def test_write_error_before_journal_leaves_old_data_and_no_temp_files(tmp_path, monkeypatch):
    import errno

    import xiaoneng.store.store as mod

    store = Store(tmp_path)
    with store.transaction() as txn:
        txn.put("a.json", "t", "1", {"v": 1})

    def full_disk(path, payload, **_k):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(mod, "write_synced", full_disk)
    with pytest.raises(StoreError, match="磁盘空间不足"), store.transaction() as txn:
        txn.put("a.json", "t", "1", {"v": 2})
    assert json.loads((tmp_path / "a.json").read_text("utf-8")) == {"t": {"1": {"v": 1}}}
    assert list((tmp_path / TXN_DIR).iterdir()) == []


def test_corrupt_file_is_refused_untouched_and_names_backup(core):
    core.backup()
    part = layout.ORG
    path = core.root / part
    path.write_text('{"units": {"u0001": ', encoding="utf-8")
    before = path.read_bytes()
    fresh = open_core(core.root, clock=core.clock)
    with pytest.raises(CorruptFile) as info:
        fresh.org.units()
    message = str(info.value)
    assert str(path) in message and "backups" in message and ".zip" in message
    with pytest.raises(CorruptFile), fresh.store.transaction() as txn:
        txn.put(part, "units", "u9", {"id": "u9"})
    assert path.read_bytes() == before


def test_newer_schema_is_refused(core):
    with core.store.transaction() as txn:
        txn.put(layout.META, schema.META_TABLE, "schema", {"version": schema.SCHEMA_VERSION + 1})
    before = (core.root / layout.META).read_bytes()
    with pytest.raises(StoreError, match="更新版本"):
        open_core(core.root)
    assert (core.root / layout.META).read_bytes() == before


def test_older_schema_is_backed_up_then_migrated(core, monkeypatch):
    with core.store.transaction() as txn:
        txn.put(layout.META, schema.META_TABLE, "schema", {"version": schema.SCHEMA_VERSION})
    seen = []

    def step(txn):
        # The backup must already exist when the migration runs.
        seen.append(sorted(p.name for p in (core.root / "backups").glob("*migration*")))
        txn.put(layout.META, schema.META_TABLE, "migrated", {"ok": True})

    monkeypatch.setattr(schema, "SCHEMA_VERSION", schema.SCHEMA_VERSION + 1)
    monkeypatch.setitem(schema.MIGRATIONS, schema.SCHEMA_VERSION - 1, step)
    fresh = open_core(core.root, clock=core.clock)
    assert seen and seen[0], "no backup before migrating"
    assert fresh.store.get(layout.META, schema.META_TABLE, "migrated") == {"ok": True}
    assert schema.read_version(fresh.store) == schema.SCHEMA_VERSION


def test_uninitialised_folder_is_refused(tmp_path):
    with pytest.raises(StoreError, match="尚未初始化"):
        open_core(tmp_path)


def test_daily_backup_on_first_write(core, clock):
    from conftest import ACTOR

    from xiaoneng.services.roster import new_person

    fresh = open_core(core.root, clock=clock)
    fresh.roster.add(ACTOR, new_person("B1", "乙", "测试机关"))
    fresh.roster.add(ACTOR, new_person("B2", "丙", "测试机关"))
    fresh.store.settle()
    daily = list((core.root / "backups").glob("*daily*.zip"))
    assert len(daily) == 1


def test_forgetting_while_another_thread_reads_is_safe(tmp_path):
    # An export forgets each unit's file from the cache while the app's other
    # workers read and fill it: iterating the cache itself failed within 50 ms.
    (tmp_path / "u").mkdir()
    for i in range(1000):
        (tmp_path / "u" / f"{i}.json").write_text('{"t": {"k": {"a": 1}}}', "utf-8")
    store, errors = Store(tmp_path), []
    stop = time.monotonic() + 0.5

    def read() -> None:
        i = 0
        while time.monotonic() < stop and not errors:
            store.read_part(f"u/{i % 1000}.json")
            i += 1

    def forget() -> None:
        while time.monotonic() < stop and not errors:
            try:
                store.forget(("u/",))
            except Exception as err:  # noqa: BLE001 - the test reports it
                errors.append(err)

    threads = [threading.Thread(target=read), threading.Thread(target=forget)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
