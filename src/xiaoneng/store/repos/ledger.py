"""Where the hash-chained ledger lives: `ledger/<000000>.json` segments of
SEGMENT_SIZE entries, and `ledger/head.json`, the newest entry kept a second
time with its MAC. The hashing and signing are services.ledger's."""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from typing import Any

from xiaoneng.store import layout
from xiaoneng.store.files import os_error_message, write_synced
from xiaoneng.store.repos.common import Ref
from xiaoneng.store.store import Store
from xiaoneng.store.txn import Txn

SEGMENT_SIZE = 256
ENTRIES = "entries"
HEAD_TABLE = "head"
HEAD_KEY = "head"
HEAD_PART = f"{layout.LEDGER_DIR}/head.json"
# What the last clean `verify` saw, sealed with secret.key (services/verify_checkpoint.py).
# Beside the data, not in it: never backed up or restored, so a restored folder
# is checked in full.
CHECKPOINT = "verified.json"

Doc = dict[str, Any]


def segment_of(seq: int) -> int:
    return (seq - 1) // SEGMENT_SIZE


def segment_part(index: int) -> str:
    return f"{layout.LEDGER_DIR}/{index:06d}.json"


class LedgerRepo:
    def __init__(self, store: Store):
        self.store = store

    def head(self) -> Doc | None:
        """The head file's {seq, hash, mac}, or None before the first sign-off."""
        return self.store.get(HEAD_PART, HEAD_TABLE, HEAD_KEY)

    def entry(self, seq: int | None) -> Doc | None:
        """Entry `seq` (None for a number that is not one)."""
        if not isinstance(seq, int) or seq < 1:
            return None
        return self.store.get(segment_part(segment_of(seq)), ENTRIES, str(seq))

    def segment(self, index: int) -> dict[str, Doc]:
        return self.store.table(segment_part(index), ENTRIES)

    def segments(self) -> Iterator[tuple[str, int, dict[str, Doc]]]:
        """(file, index, entries) of every segment file in order, read past the
        cache one at a time (index -1 for a file not named by a segment number)."""
        for part in self.store.list_parts(layout.LEDGER_DIR):
            if part == HEAD_PART:
                continue
            stem = part.rsplit("/", 1)[1].removesuffix(".json")
            entries = self.store.read_part(part, cache=False).get(ENTRIES, {})
            yield part, int(stem) if stem.isdigit() else -1, entries

    def segment_parts(self) -> list[str]:
        """The segment files, in order (the head is not one)."""
        return [p for p in self.store.list_parts(layout.LEDGER_DIR) if p != HEAD_PART]

    def raw(self, part: str) -> bytes | None:
        """A file's bytes as they are now (None when it is missing), for verify
        to take their digest and parse only what changed."""
        return self.store.read_raw(part)

    def decode(self, part: str, raw: bytes | None) -> dict[str, dict[str, Doc]]:
        """The tables in bytes `raw` read from `part` (CorruptFile names it)."""
        return self.store.decode(part, raw)

    def checkpoint(self) -> bytes | None:
        """The bytes of the last clean verify's checkpoint (None: there is none)."""
        try:
            return (self.store.root / CHECKPOINT).read_bytes()
        except OSError:
            return None  # missing or unreadable: verify checks everything

    def put_checkpoint(self, payload: bytes) -> str | None:
        """Replace the checkpoint at once (not a data file: no transaction, no
        backup). Returns why it could not be written, or None."""
        path = self.store.root / CHECKPOINT
        tmp = path.with_name(f"{CHECKPOINT}.{os.getpid()}.tmp")
        try:
            write_synced(tmp, payload)
            os.replace(tmp, path)
        except OSError as err:
            tmp.unlink(missing_ok=True)
            return os_error_message(err, path)
        return None

    def read(self, part: str) -> dict[str, dict[str, Doc]]:
        """A partition named by an entry's ref, read past the cache (for verify)."""
        return self.store.read_part(part, cache=False)

    def record_parts(self) -> list[str]:
        """Every partition that may hold a signed record (records carry `seq`)."""
        store = self.store
        parts = store.list_parts(layout.PEOPLE_DIR)
        for year in store.list_dirs(layout.RECORDS_DIR):
            base = f"{layout.RECORDS_DIR}/{year}"
            parts += store.list_parts(base) + store.list_parts(f"{base}/units")
        return parts

    def derived_parts(self) -> list[str]:
        """The files derived from signed records that verify compares: each
        unit's summary of a year, each unit's member list, the roster list, a year's status
        figures and findings indexes."""
        store = self.store
        parts = store.list_parts(f"{layout.PEOPLE_DIR}/units")
        parts += store.list_parts(f"{layout.PEOPLE_DIR}/roster")  # roster_list.LIST_DIR
        for year in store.list_dirs(layout.RECORDS_DIR):
            parts += store.list_parts(f"{layout.RECORDS_DIR}/{year}/summary")
            for folder in ("figures", "findings", "waiting"):
                parts += store.list_parts(f"{layout.RECORDS_DIR}/{year}/{folder}")
        return parts

    # -- writing ---------------------------------------------------------------

    def head_txn(self, txn: Txn) -> Doc | None:
        return txn.get(HEAD_PART, HEAD_TABLE, HEAD_KEY)

    def append_txn(self, txn: Txn, entry: Doc, head: Doc) -> None:
        """Add the entry to its segment and make it the head."""
        seq = entry["seq"]
        txn.put(segment_part(segment_of(seq)), ENTRIES, str(seq), entry)
        txn.put(HEAD_PART, HEAD_TABLE, HEAD_KEY, head)

    def put_record_txn(self, txn: Txn, ref: Ref, record: Mapping[str, Any]) -> None:
        """The signed record at the place its repository gave."""
        txn.put(ref.part, ref.table, ref.key, record)
