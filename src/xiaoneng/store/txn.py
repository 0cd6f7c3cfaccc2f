"""A write transaction: TinyDB tables staged in memory, committed all at once.

Inside `Store.transaction()` every partition file a use-case touches is read
fresh from disk (the lock is held, so this is the latest state), changed
through TinyDB in memory, and written back in one atomic multi-file commit.
TinyDB never writes a file itself: that is what makes batches cheap (one
rewrite per file per transaction, not one per insert) and crashes harmless.
"""

from __future__ import annotations

import contextlib
import itertools
import weakref
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

from xiaoneng.store.files import dumps, loads, write_synced
from xiaoneng.store.modes import private_mkdir

if TYPE_CHECKING:
    from xiaoneng.store.store import Store

TXN_DIR = ".txn"  # where a commit stages its files (and a transaction spills them)
_SPILLS = itertools.count()  # names of spilled files, unique in the process


class KeyedTable(Table):
    """Documents are keyed by our own string ids (工号, record ids)."""

    document_id_class = str  # type: ignore[assignment]  # TinyDB's types assume int ids


def _ids(key: str) -> Any:
    """Our string key where TinyDB's types expect an int id (see KeyedTable)."""
    return key


class _Db(TinyDB):
    table_class = KeyedTable


class _StagedStorage(Storage):
    """TinyDB storage that reads and writes the transaction's staged copy.

    It holds the transaction weakly: a cycle (transaction -> TinyDB -> storage
    -> transaction) would keep every file a committed transaction staged alive
    until a full run of the cyclic collector, which comes rarely in a long
    build (issue 17: the demo's memory grew with every batch it committed)."""

    def __init__(self, txn: Txn, part: str):
        self._txn: Txn = weakref.proxy(txn)
        self._part = part

    def read(self) -> dict[str, Any]:
        return self._txn.data(self._part)

    def write(self, data: dict[str, Any]) -> None:
        self._txn._stage(self._part, data)


class Txn:
    """Staged changes to partition files; committed by the store on success."""

    def __init__(self, store: Store):
        self.store = store
        self._data: dict[str, dict[str, Any]] = {}
        self._dirty: set[str] = set()
        self._dbs: dict[str, _Db] = {}
        self._before_commit: list[Callable[[Txn], None]] = []
        self._loaded: dict[str, str] = {}  # part -> digest of its bytes when first read
        self._sealed: dict[str, bytes] = {}  # part -> the bytes it will be written as
        self._spilled: dict[str, Path] = {}  # part -> the file in TXN_DIR holding those bytes
        self.values: dict[str, Any] = {}  # scratch space for use-cases (e.g. ledger head)

    # -- staging -----------------------------------------------------------

    def data(self, part: str) -> dict[str, Any]:
        if part not in self._data:
            spilled = self._spilled.pop(part, None)
            if spilled is not None:
                raw = spilled.read_bytes()
                spilled.unlink()
                self._data[part], self._sealed[part] = loads(raw), raw
            else:
                self._data[part], self._loaded[part] = self.store.read_with_digest(part)
        return self._data[part]

    def spill(self, part: str) -> None:
        """Write a part this transaction is done with to the commit's folder
        now, as the bytes it will be written as, and let go of it (parsed again
        if it is used): a transaction over every unit file, such as starting an
        activity, holds one of them at a time, not all (issue 17). The commit
        renames the file into place; the store does not cache a spilled part."""
        if part in self._dirty and part in self._data:
            payload = self.seal(part)
            folder = self.store.root / TXN_DIR
            private_mkdir(folder)
            path = folder / f"spill-{next(_SPILLS):06d}.tmp"
            write_synced(path, payload, sync=False)  # fsynced by the commit
            self._spilled[part] = path
            del self._data[part], self._sealed[part]
            self._dbs.pop(part, None)

    def spilled(self, part: str) -> bool:
        """Whether the part is spilled now (so unchanged since it was)."""
        return part in self._spilled

    def discard(self) -> None:
        """Remove the files spilled by a transaction that is not committed."""
        for path in self._spilled.values():
            with contextlib.suppress(OSError):
                path.unlink()
        self._spilled.clear()

    def peek(self, part: str) -> dict[str, Any]:
        """A partition as this transaction sees it, without loading it into the
        transaction (the store's cached copy when untouched here): read-only."""
        if part in self._data or part in self._spilled:
            return self.data(part)
        return self.store.read_part(part)

    def loaded_digest(self, part: str) -> str:
        """The digest of the part's bytes as they were when this transaction read them."""
        self.data(part)
        return self._loaded[part]

    def seal(self, part: str) -> bytes:
        """The bytes the part will be written as, fixed now (a digest of them can be
        stored elsewhere in the same commit); any later change unseals it."""
        data = self.data(part)
        payload = self._sealed.get(part)  # true until the next change (_stage)
        if payload is None:
            payload = self._sealed[part] = dumps(data)
        return payload

    def changed(self, part: str) -> bool:
        """Whether this transaction will write the part."""
        return part in self._dirty

    def holds(self, prefix: str = "") -> int:
        """How many partitions under `prefix` this transaction holds parsed."""
        return sum(1 for p in self._data if p.startswith(prefix))

    def dirty(self) -> list[str]:
        """The parts this transaction will write, so far."""
        return sorted(self._dirty)

    def _stage(self, part: str, data: dict[str, Any]) -> None:
        if part in self._spilled:  # not reached: a change reads the part back first
            self._spilled.pop(part).unlink(missing_ok=True)
        self._data[part] = data
        self._dirty.add(part)
        self._sealed.pop(part, None)

    def before_commit(self, hook: Callable[[Txn], None]) -> None:
        """Run `hook` once just before commit (for derived files such as summaries)."""
        if hook not in self._before_commit:
            self._before_commit.append(hook)

    def _table(self, part: str, name: str) -> KeyedTable:
        db = self._dbs.get(part)
        if db is None:
            db = self._dbs[part] = _Db(storage=_StagedStorage, txn=self, part=part)
        return cast(KeyedTable, db.table(name, cache_size=0))

    # -- the repository API ---------------------------------------------------

    def get(self, part: str, table: str, key: str) -> dict[str, Any] | None:
        doc = self._table(part, table).get(doc_id=_ids(key))
        return dict(doc) if doc is not None else None

    def all(self, part: str, table: str) -> dict[str, dict[str, Any]]:
        return {cast(str, d.doc_id): dict(d) for d in self._table(part, table).all()}

    def exists(self, part: str, table: str, key: str) -> bool:
        return self._table(part, table).contains(doc_id=_ids(key))

    def put(self, part: str, table: str, key: str, doc: Mapping[str, Any]) -> None:
        """Insert or replace the whole document stored under `key`."""
        self.put_many(part, table, {key: doc})

    def put_many(self, part: str, table: str, docs: Mapping[str, Mapping[str, Any]]) -> None:
        """Insert or replace many documents.

        Straight into the staged tables, in TinyDB's layout (a replaced document
        moves to the end, as TinyDB's remove + insert leaves it): TinyDB's own
        insert copies the whole table on every call (PITFALLS), which made a
        transaction that signs thousands of records quadratic.
        """
        if not docs:
            return
        tables = self.data(part)
        staged = tables.get(table)
        if staged is None:
            staged = tables[table] = {}
        for key, doc in docs.items():
            staged.pop(key, None)
            staged[key] = dict(doc)
        self._stage(part, tables)

    def update(self, part: str, table: str, key: str, fields: Mapping[str, Any]) -> None:
        self._table(part, table).update(dict(fields), doc_ids=[_ids(key)])

    def delete(self, part: str, table: str, keys: Iterable[str]) -> None:
        present = [k for k in keys if self.exists(part, table, k)]
        if present:
            self._table(part, table).remove(doc_ids=[_ids(k) for k in present])

    def drop_table(self, part: str, table: str) -> None:
        self._dbs.setdefault(part, _Db(storage=_StagedStorage, txn=self, part=part))
        self._dbs[part].drop_table(table)

    # -- commit (called by the store) ------------------------------------------

    def _payloads(self) -> dict[str, tuple[dict[str, Any] | None, bytes | Path]]:
        """Each part to write: its tables and its bytes, or (None, the file
        holding its bytes) when it was spilled."""
        for hook in self._before_commit:
            hook(self)
        for hook in self.store.commit_hooks:
            hook(self)
        return {
            p: (None, self._spilled[p])
            if p in self._spilled
            else (self._data[p], self._sealed.get(p) or dumps(self._data[p]))
            for p in sorted(self._dirty)
        }
