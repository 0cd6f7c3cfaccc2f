"""The year's ranking file (`records/<year>/attention/units.json`): per
unit the four numbers the home's panel of units shows and ranks by, so that
the office's home reads one small file instead of every unit's figures (1,655
rows in sixteen files at 50,000 staff) and works them out.

A unit's entry is `[headcount, done, due, {deadline: open findings}]`: its
members, everything it has done out of everything due (`UnitStatus.overall`
of its figures, model/unit_figures.py) and the deadlines of its open
findings that year (how many are overdue depends on the day it is read, so
the ranking itself is made at read time: services/status.py). Done and due
depend on what the figures refer to (modules, signed sessions, check
activities, letter templates): the file keeps the `Basis` they were worked
out with, and a read whose basis differs rebuilds it.

The file is derived from the figures files (store/repos/figures.py) and kept
by the write that changes them: every transaction runs `refresh_txn` just
after the figures are refreshed; it works out the entries again for the units
whose rows the transaction changes, with the file's own basis. Beside it,
`attention/seal.json` is sealed like the figures (an HMAC keyed by
`secret.key` over its content and its own name) and records the digest of
the file's bytes (so a read checks 240 KB at 50,000 staff by one hash, not
by writing it out as canonical JSON again) and the seal of the figures'
digests file it agrees with (`figures/digests.json`). A read that finds
either missing or unsound, of another format or basis, or naming other
figures (an older copy put back, the figures rebuilt) rebuilds both from the
figures under the data lock and writes them back.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from typing import Any

from xiaoneng.errors import StoreError
from xiaoneng.model.digest import canonical, file_digest, same, seal
from xiaoneng.model.unit_figures import Basis, unit_status
from xiaoneng.store import layout
from xiaoneng.store.repos.figures import FIGURES, FiguresRepo, digests_part, figures_part, shaped
from xiaoneng.store.repos.figures import FORMAT as FIGURES_FORMAT
from xiaoneng.store.repos.summary import seal_ok
from xiaoneng.store.store import Store
from xiaoneng.store.txn import Txn

ATTENTION = "attention"  # the one table and key of the file
FORMAT = 1  # raised when an entry's layout changes: older files are rebuilt

Doc = dict[str, Any]
Entry = list[Any]  # [headcount, done, due, {deadline: open findings}]


def attention_part(year: int) -> str:
    return f"{layout.RECORDS_DIR}/{int(year)}/attention/units.json"


def seal_part(year: int) -> str:
    return f"{layout.RECORDS_DIR}/{int(year)}/attention/seal.json"


def entry_of(uid: str, row: Doc, basis: Basis) -> Entry:
    """A unit's entry from its figures row."""
    total = unit_status(uid, "", row, basis).overall()
    return [row["headcount"], total.done, total.due, dict(Counter(row["open"]))]


def entries_of(rows: Mapping[str, Doc], basis: Basis) -> dict[str, Entry]:
    return {uid: entry_of(uid, row, basis) for uid, row in sorted(rows.items())}


class AttentionRepo:
    def __init__(self, store: Store, figures: FiguresRepo, secret: Callable[[], bytes]):
        self.store, self.figures, self._secret = store, figures, secret
        self._checked: dict[str, Doc] = {}  # part -> the doc object found sealed

    # -- reading ---------------------------------------------------------------

    def entries(self, year: int, basis: Basis) -> dict[str, Entry]:
        """unit id -> entry for the year's units with figures, worked out
        with `basis` (shared with the store's cache: read-only)."""
        doc = self._sound(year, self.store.read_digested(attention_part(year)))
        if doc is not None and doc["basis"] == basis.to_json():
            units: dict[str, Entry] = doc["units"]
            return units
        return self._rebuild(year, basis)

    def stored(self, year: int) -> Doc | None:
        """The file's document, read past the cache, when it is sound and
        agrees with the figures as stored (else None)."""
        part = attention_part(year)
        self._checked.clear()
        return self._sound(year, self.store.read_with_digest(part), cache=False)

    def _sound(self, year: int, read: tuple[Doc, str], *, cache: bool = True) -> Doc | None:
        """The file's document when its bytes are the ones the sealed record
        names and that record names the figures as they are."""
        tables, digest = read
        doc: Doc | None = tables.get(ATTENTION, {}).get(ATTENTION)
        spart = seal_part(year)
        sealed = self.store.read_part(spart, cache=cache).get(ATTENTION, {}).get(ATTENTION)
        if not (
            self._valid(spart, year, sealed)
            and sealed is not None
            and same(digest, sealed["file"])
            and sealed["figures"] == self._figures_seal(year)
            and shaped(doc, FORMAT, year, "units")
            and doc is not None
            and isinstance(doc.get("basis"), dict)
        ):
            return None
        return doc

    def _figures_seal(self, year: int, txn: Txn | None = None) -> str | None:
        """The seal of the year's figures digests file (as `txn` leaves it)."""
        part = digests_part(year)
        tables = txn.peek(part) if txn is not None else self.store.read_part(part)
        doc = tables.get(FIGURES, {}).get(FIGURES)
        return doc.get("seal") if isinstance(doc, dict) else None

    def _valid(self, part: str, year: int, doc: Doc | None) -> bool:
        if not _sealed_shape(doc, year):
            return False
        if self._checked.get(part) is doc:
            return True
        if not seal_ok(self._secret(), part, doc):
            return False
        assert doc is not None
        self._checked[part] = doc
        return True

    def _rebuild(self, year: int, basis: Basis) -> dict[str, Entry]:
        """Entries worked out from the figures (rebuilt where stale) and
        written back, under the data lock so that no write slips in between;
        for this read only when the folder cannot be written, or the year has
        no records yet."""
        if not self.store.in_transaction and year in self.figures.units.years():
            try:
                with self.store.transaction() as txn:
                    entries = entries_of(self.figures.rows(year), basis)
                    self._put_txn(txn, year, basis.to_json(), entries)
                return entries
            except StoreError:
                pass  # a read-only folder or a busy lock
        return entries_of(self.figures.rows(year), basis)

    def _put_txn(self, txn: Txn, year: int, basis: Doc, entries: Mapping[str, Entry]) -> None:
        part, spart = attention_part(year), seal_part(year)
        body = {"format": FORMAT, "year": int(year), "basis": basis, "units": dict(entries)}
        txn.put(part, ATTENTION, ATTENTION, body)
        record = {
            "format": FORMAT,
            "year": int(year),
            "file": file_digest(txn.seal(part)),  # the bytes are fixed now
            "figures": self._figures_seal(year, txn),
        }
        text = canonical(record).decode("utf-8")
        txn.put(spart, ATTENTION, ATTENTION, {**record, "seal": seal(self._secret(), spart, text)})

    # -- kept by every write -----------------------------------------------------

    def refresh_txn(self, txn: Txn) -> None:
        """Work out again the entries of the units whose figures rows `txn`
        changes, in every year whose file is sound and agrees with the
        figures as they were."""
        shards: dict[int, list[str]] = {}
        for part in txn.dirty():
            bits = part.split("/")
            if (
                len(bits) == 4
                and bits[0] == layout.RECORDS_DIR
                and bits[1].isdigit()
                and bits[2] == FIGURES
                and len(bits[3]) == len("0.json")
            ):
                shards.setdefault(int(bits[1]), []).append(bits[3].removesuffix(".json"))
        for year, changed in sorted(shards.items()):
            self._refresh_year_txn(txn, year, changed)

    def _refresh_year_txn(self, txn: Txn, year: int, shards: list[str]) -> None:
        doc = self._sound(year, self.store.read_digested(attention_part(year)))
        if doc is None:
            return  # missing, unsound or stale: the next read rebuilds it
        basis = Basis.from_json(doc["basis"])
        entries = dict(doc["units"])
        for shard in shards:
            fpart = figures_part(year, shard)
            new = txn.peek(fpart).get(FIGURES, {}).get(FIGURES)
            if not shaped(new, FIGURES_FORMAT, year, "units"):
                txn.drop_table(seal_part(year), ATTENTION)  # rebuilt with the figures when read
                return
            assert new is not None
            old = self.store.read_part(fpart).get(FIGURES, {}).get(FIGURES)
            before = (
                old["units"]
                if old is not None and shaped(old, FIGURES_FORMAT, year, "units")
                else {}
            )
            after = new["units"]
            for uid in set(before) | set(after):
                row = after.get(uid)
                if row is None:
                    entries.pop(uid, None)
                elif row != before.get(uid) or uid not in entries:
                    entries[uid] = entry_of(uid, row, basis)
        self._put_txn(txn, year, doc["basis"], dict(sorted(entries.items())))


def _sealed_shape(doc: Doc | None, year: int) -> bool:
    return (
        isinstance(doc, dict)
        and doc.get("format") == FORMAT
        and doc.get("year") == year
        and isinstance(doc.get("file"), str)
        and "figures" in doc
    )
