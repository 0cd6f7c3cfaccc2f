"""A unit's records for a year, and the small summary derived from them.

Everything a unit does in a year lives in one partition file
(`records/<year>/units/<unit>.json`), so a write costs the same at 30 staff as
at 5,000. Screens that need every unit at once (status, the leaders' home,
the register) read the summaries instead: a few hundred bytes a unit.

Keeping the summaries true is a step of this repository: `open_txn` hands out
a unit's file for writing and schedules a refresh that recomputes the summary
of every unit file opened in the transaction just before it commits, sealed
with the digest of the unit file's new bytes (store/repos/summary.py). A read
uses a summary only while its seal holds and its digest is the unit file's;
otherwise it rebuilds it from the records the ledger really signs, and so
does a write that finds the unit file changed behind its summary's back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from xiaoneng.errors import StoreError
from xiaoneng.model.digest import file_digest, record_hash
from xiaoneng.store import layout
from xiaoneng.store.repos.common import Ref
from xiaoneng.store.repos.ledger import ENTRIES, segment_of, segment_part
from xiaoneng.store.repos.summary import (
    ATTEMPT_RESETS,
    ATTEMPTS,
    CHECKS,
    COMPLETIONS,
    DRAFTS,
    FINDING_EVENTS,
    FINDINGS,
    LETTERS,
    PAIR_EVENTS,
    SIGNINS,
    SUMMARY,
    Trusted,
    content_of,
    current,
    distrusted,
    has_seq,
    sealed,
    summarize,
)
from xiaoneng.store.store import Store
from xiaoneng.store.txn import Txn

SPILL_AFTER = 16  # unit files a transaction keeps parsed to its commit (Txn.spill)
_OPEN = "units.open"  # txn.values key: the (year, unit) files opened for writing
_RELEASED = "units.released"  # txn.values key: those summarised and spilled by release_txn

Doc = dict[str, Any]
Tables = Mapping[str, dict[str, Doc]]
Secret = Callable[[], bytes]

__all__ = [
    "ATTEMPT_RESETS",
    "ATTEMPTS",
    "CHECKS",
    "COMPLETIONS",
    "DRAFTS",
    "FINDING_EVENTS",
    "FINDINGS",
    "LETTERS",
    "PAIR_EVENTS",
    "SIGNINS",
    "SUMMARY",
    "UnitFile",
    "UnitRecords",
    "ledger_trust",
    "summary_part",
    "unit_part",
]


def unit_part(year: int, unit: str) -> str:
    return f"{layout.RECORDS_DIR}/{int(year)}/units/{unit}.json"


def summary_part(year: int, unit: str) -> str:
    return f"{layout.RECORDS_DIR}/{int(year)}/summary/{unit}.json"


def ledger_trust(part: str, read: Callable[[str], Mapping[str, Any]]) -> Trusted:
    """Trust a record of `part` only when the ledger entry it names signs exactly it
    (`read` gives a ledger segment's tables). For rebuilding after a mismatch."""

    def trusted(table: str, key: str, doc: Doc) -> bool:
        seq = doc.get("seq")
        if not isinstance(seq, int) or seq < 1:
            return False
        entry = read(segment_part(segment_of(seq))).get(ENTRIES, {}).get(str(seq))
        return (
            isinstance(entry, dict)
            and entry.get("ref") == {"part": part, "table": table, "key": key}
            and entry.get("record_hash") == record_hash(doc)
        )

    return trusted


class UnitFile:
    """One unit's year file, open for writing in a transaction."""

    def __init__(self, txn: Txn, year: int, unit: str):
        self.txn, self.year, self.unit = txn, int(year), unit
        self.part = unit_part(year, unit)

    def ref(self, table: str, key: str) -> Ref:
        return Ref(self.part, table, key)

    def table(self, table: str) -> dict[str, Doc]:
        return self.txn.all(self.part, table)

    def get(self, table: str, key: str) -> Doc | None:
        return self.txn.get(self.part, table, key)

    def exists(self, table: str, key: str) -> bool:
        return self.txn.exists(self.part, table, key)

    def put(self, table: str, key: str, doc: Mapping[str, Any]) -> None:
        self.txn.put(self.part, table, key, doc)

    def put_many(self, table: str, docs: Mapping[str, Mapping[str, Any]]) -> None:
        self.txn.put_many(self.part, table, docs)

    def update(self, table: str, key: str, fields: Mapping[str, Any]) -> None:
        self.txn.update(self.part, table, key, fields)

    def delete(self, table: str, keys: Iterable[str]) -> None:
        self.txn.delete(self.part, table, keys)

    def tables(self) -> Tables:
        """Every table of the file as staged in this transaction (read-only)."""
        data: Tables = self.txn.data(self.part)
        return data


class UnitRecords:
    """Reading the unit files and their summaries; opening a unit file to write."""

    def __init__(self, store: Store, secret: Secret):
        self.store, self._secret = store, secret
        # summary part -> (the summary object the store's cache holds, the unit
        # file digest it was checked against): checked again only when either changes
        self._checked: dict[str, tuple[Doc, str]] = {}

    def tables(self, year: int, unit: str, *, cache: bool = True) -> Tables:
        """The unit's tables that year (shared with the store's cache: read-only)."""
        data: Tables = self.store.read_part(unit_part(year, unit), cache=cache)
        return data

    def table(self, year: int, unit: str, table: str) -> dict[str, Doc]:
        return self.tables(year, unit).get(table, {})

    def summary(self, year: int, unit: str) -> Doc:
        return self._summaries(year, [unit]).get(unit, {})

    def years(self) -> list[int]:
        """The years that have records, oldest first."""
        return sorted(int(y) for y in self.store.list_dirs(layout.RECORDS_DIR) if y.isdigit())

    def units_in(self, year: int) -> list[str]:
        """Every unit with a unit file or a summary that year."""
        found: set[str] = set()
        for folder in ("units", "summary"):
            for part in self.store.list_parts(f"{layout.RECORDS_DIR}/{int(year)}/{folder}"):
                found.add(part.rsplit("/", 1)[1].removesuffix(".json"))
        return sorted(found)

    def summaries(self, year: int) -> dict[str, Doc]:
        """unit id -> summary, for every unit with records that year."""
        return self._summaries(year, self.units_in(year))

    def _summaries(self, year: int, units: list[str]) -> dict[str, Doc]:
        out: dict[str, Doc] = {}
        stale: list[str] = []
        secret = self._secret()
        for unit in units:
            part = summary_part(year, unit)
            doc = self.store.get(part, SUMMARY, SUMMARY)
            source = self.store.digest(unit_part(year, unit))
            seen = self._checked.get(part)
            if doc is not None and seen is not None and seen[0] is doc and seen[1] == source:
                out[unit] = content_of(doc)
            elif doc is not None and current(secret, part, doc, source):
                self._checked[part] = (doc, source)
                out[unit] = content_of(doc)
            else:
                stale.append(unit)
        if stale:
            out.update(self._rebuild(year, stale))
        return out

    def _rebuild(self, year: int, units: list[str]) -> dict[str, Doc]:
        """Summaries rebuilt from the records the ledger signs, written back when
        the folder can be written (else used for this read only)."""
        if not self.store.in_transaction:
            try:
                with self.store.transaction() as txn:
                    for unit in units:
                        self.open_txn(txn, year, unit)
            except StoreError:
                pass  # a read-only folder or a busy lock: rebuild for this read only
            else:
                return {
                    u: content_of(self.store.get(summary_part(year, u), SUMMARY, SUMMARY) or {})
                    for u in units
                }
        return {
            u: summarize(
                year,
                u,
                self.tables(year, u),
                ledger_trust(unit_part(year, u), self.store.read_part),
            )
            for u in units
        }

    # -- writing ---------------------------------------------------------------

    def open_txn(self, txn: Txn, year: int, unit: str) -> UnitFile:
        """The unit's file to write in `txn`; its summary is refreshed at commit."""
        opened: set[tuple[int, str]] = txn.values.setdefault(_OPEN, set())
        if not opened:
            txn.before_commit(self.refresh_summaries_txn)
        opened.add((int(year), unit))
        return UnitFile(txn, year, unit)

    def release_txn(self, txn: Txn, year: int, unit: str) -> None:
        """Done with the unit's file in `txn` (a transaction over every unit,
        such as starting an activity): its summary is sealed now and the file
        spilled, so the commit need not parse it again unless it is changed."""
        if not txn.changed(unit_part(year, unit)):
            return
        self._refresh_txn(txn, self._secret(), int(year), unit)
        txn.spill(unit_part(year, unit))
        txn.values.setdefault(_RELEASED, set()).add((int(year), unit))

    def refresh_summaries_txn(self, txn: Txn) -> None:
        """Recompute and seal the summary of every unit file opened in `txn`
        (but those released since and not changed again)."""
        secret = self._secret()
        many = len(txn.values.get(_OPEN, ())) > SPILL_AFTER
        released = txn.values.get(_RELEASED, set())
        for year, unit in sorted(txn.values.get(_OPEN, ())):
            upart = unit_part(year, unit)
            if (year, unit) in released and txn.spilled(upart):
                continue  # summarised when released, unchanged since
            self._refresh_txn(txn, secret, year, unit)
            if many:
                txn.spill(upart)  # summarised and sealed: kept on disk to the commit

    def _refresh_txn(self, txn: Txn, secret: bytes, year: int, unit: str) -> None:
        """Seal the unit's summary over its file as `txn` will write it.

        When the unit file on disk was not the one its summary was sealed
        against (edited, or an old summary put back), the records are taken
        only where the ledger entry they name signs them; otherwise every
        record that names its entry counts, but those a rebuild turned down."""
        upart, spart = unit_part(year, unit), summary_part(year, unit)
        tables = txn.data(upart)
        before = txn.peek(spart).get(SUMMARY, {}).get(SUMMARY)
        trusted: Trusted
        if before is not None and current(secret, spart, before, txn.loaded_digest(upart)):
            refused = {(t, k) for t, k in before.get("distrusted", [])}

            def trusted(table: str, key: str, doc: Doc, refused: Any = refused) -> bool:
                return has_seq(table, key, doc) and (table, key) not in refused
        else:
            trusted = ledger_trust(upart, txn.peek)
        content = summarize(year, unit, tables, trusted)
        source = file_digest(txn.seal(upart)) if txn.changed(upart) else txn.loaded_digest(upart)
        doc = sealed(secret, spart, content, source, distrusted(tables, trusted))
        txn.put(spart, SUMMARY, SUMMARY, doc)
