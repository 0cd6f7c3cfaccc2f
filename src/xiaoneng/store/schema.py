"""Schema version of a data folder, and migrations between versions.

The version lives in `xiaoneng.json`. A folder written by a newer xiaoneng is
refused (we cannot know what we would break); an older one is backed up and
then migrated, one version step at a time, inside one transaction.

Steps that only move data are in MIGRATIONS here; steps that must sign what
they change in the ledger (which is the services' business) are handed in by
the layer that opens the store (services/migrate.py, via services.core).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from xiaoneng.errors import StoreError
from xiaoneng.store import backup, layout, modes
from xiaoneng.store.store import Store
from xiaoneng.store.txn import Txn

SCHEMA_VERSION = 2
META_TABLE = "meta"

Step = Callable[[Txn], None]
# MIGRATIONS[n] turns a version-n folder into version n+1 (with the signed steps
# open_existing is given: 1 -> 2 signs what version 1 kept unsigned).
MIGRATIONS: dict[int, Step] = {}


class NotInitialised(StoreError):
    pass


def read_version(store: Store) -> int | None:
    doc = store.get(layout.META, META_TABLE, "schema")
    if doc is None:
        return None
    version = doc.get("version")
    if not isinstance(version, int):
        raise StoreError(f"{store.path(layout.META)} 中的 schema 版本无效：{version!r}。")
    return version


def open_existing(
    root: Path,
    *,
    on_wait: Callable[[str], None] | None = None,
    now: Callable[[], dt.datetime],
    steps: Mapping[int, Step] | None = None,
) -> Store:
    """Open an initialised folder: refuse newer schemas, migrate older ones."""
    root = Path(root)
    store = Store(root, on_wait=on_wait)
    store.newest_backup = lambda: backup.newest_backup(root)
    if not root.is_dir():
        raise NotInitialised(
            f"数据目录 {root} 不存在：请先运行 xiaoneng init 建立机关，或运行 xiaoneng demo。"
        )
    version = read_version(store)
    if version is None:
        raise NotInitialised(
            f"数据目录 {root} 尚未初始化：请先运行 xiaoneng init 建立机关，或运行 xiaoneng demo。"
        )
    # Said only for the data itself: the office's editor saving settings.toml
    # 0644 is tightened quietly every time.
    fixed = [
        p
        for p in modes.tighten(root)
        if p == root or p.relative_to(root).parts[0] in layout.DATA_ITEMS
    ]
    if fixed:
        store.notices.append(
            f"数据目录 {root} 中有 {len(fixed)} 个数据文件或文件夹其他用户也能读取"
            "（旧版本留下的权限），已改为只有所有者可以读写。"
        )
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"数据目录 {root} 由更新版本的 xiaoneng 写入（数据版本 {version}，本程序支持 "
            f"{SCHEMA_VERSION}）：为免损坏数据，已拒绝打开，请升级 xiaoneng。"
        )
    if version < SCHEMA_VERSION:
        migrate(store, version, now(), steps or {})

    def daily_backup(_s: Store) -> None:
        # After the day's first commit, off the writer's path, and incremental:
        # it copies only the files changed since the last backup.
        today = now()
        if not backup.has_backup_for(root, today.date()):
            backup.write_backup(root, reason="daily", now=today, incremental=True)

    def first_write(s: Store) -> None:
        from xiaoneng.store.repos.people import UNITS_DIR, PeopleRepo

        if not s.exists_dir(UNITS_DIR):
            with s.transaction() as txn:  # a folder from before the per-unit member files
                PeopleRepo(s).build_unit_members_txn(txn)
        agency = s.get(layout.META, META_TABLE, "agency")
        if agency is not None and not agency.get("id"):
            with s.transaction() as txn:  # its own commit, before the caller's
                txn.put(layout.META, META_TABLE, "agency", {**agency, "id": agency_id(agency)})

    store.on_first_write = first_write
    store.after_first_commit = daily_backup
    return store


def new_agency_id() -> str:
    return secrets.token_hex(16)


def agency_id(agency: dict[str, Any]) -> str:
    """The agency's id; a folder from before ids existed gets one derived from
    its creation record, so its old backups (without an id) still match."""
    if agency.get("id"):
        return str(agency["id"])
    seed = f"{agency.get('created', '')}|{agency.get('name', '')}|{agency.get('unit', '')}"
    return hashlib.sha256(seed.encode("utf-8")).hexdigest()[:32]


def migrate(
    store: Store, version: int, now: dt.datetime, steps: Mapping[int, Step] | None = None
) -> None:
    every = {**MIGRATIONS, **(steps or {})}
    with store.locked():
        current = read_version(store)  # another process may have done it
        if current is None or current >= SCHEMA_VERSION:
            return
        missing = [v for v in range(current, SCHEMA_VERSION) if v not in every]
        if missing:
            raise StoreError(f"无法把数据版本 {current} 升级到 {SCHEMA_VERSION}：缺少升级步骤。")
        backup.write_backup(store.root, reason="migration", now=now)
        with store.transaction() as txn:
            for v in range(current, SCHEMA_VERSION):
                every[v](txn)
            stamp_txn(txn, now)


def stamp_txn(txn: Txn, now: dt.datetime) -> None:
    txn.put(
        layout.META,
        META_TABLE,
        "schema",
        {"version": SCHEMA_VERSION, "written": now.isoformat(timespec="seconds")},
    )
