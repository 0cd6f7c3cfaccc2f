"""The year's ranking files (`records/<year>/attention/<0-f>.json`): per
unit the four numbers the home's panel of units shows and ranks by, so that
the office's home reads 240 KB at 50,000 staff instead of every unit's
figures (1.1 MB) and works them out.

A unit's entry is `[headcount, done, due, {deadline: open findings}]`: its
members, everything it has done out of everything due (`UnitStatus.overall`
of its figures, model/unit_figures.py) and the deadlines of its open
findings that year (how many are overdue depends on the day it is read, so
the ranking itself is made at read time: services/status.py). Done and due
depend on what the figures refer to (modules, signed sessions, check
activities, letter templates): `attention/basis.json` keeps the `Basis` they
were worked out with, and a read whose basis differs rebuilds them.

They are derived from the figures files (store/repos/figures.py), sixteen
alike (a unit's entry is in the file of its figures row), and kept by the
write that changes them: every transaction runs `refresh_txn` just after
the figures are refreshed; it works out the entries again for the units
whose rows the transaction changes, with the stored basis, and rewrites the
files of those units only (a sixteenth each: one file of 240 KB cost each
write at 50,000 some 20 ms). `attention/seal.json` is sealed like the
figures (an HMAC keyed by `secret.key` over its content and its own name)
and records the digest of each file's bytes and the seal of the figures'
digests file they agree with (`figures/digests.json`), so a read checks them
by one hash each; a read that finds one missing or not the recorded bytes,
another format or basis, or other figures (an older copy put back, the
figures rebuilt) rebuilds them all from the figures under the data lock and
writes them back.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from xiaoneng.errors import StoreError
from xiaoneng.model.digest import canonical, file_digest, same, seal
from xiaoneng.model.unit_figures import Basis, unit_status
from xiaoneng.store import layout
from xiaoneng.store.repos.figures import (
    FIGURES,
    SHARDS,
    FiguresRepo,
    digests_part,
    figures_part,
    shaped,
    shard_of,
)
from xiaoneng.store.repos.figures import FORMAT as FIGURES_FORMAT
from xiaoneng.store.repos.summary import seal_ok
from xiaoneng.store.store import Store
from xiaoneng.store.txn import Txn

ATTENTION = "attention"  # the one table and key of each file
FORMAT = 2  # raised when an entry's layout changes: older files are rebuilt
BASIS = "basis"  # the basis file's key in the sealed record's digests

Doc = dict[str, Any]
Entry = list[Any]  # [headcount, done, due, {deadline: open findings}]


def attention_part(year: int, shard: str) -> str:
    return f"{layout.RECORDS_DIR}/{int(year)}/attention/{shard}.json"


def basis_part(year: int) -> str:
    return f"{layout.RECORDS_DIR}/{int(year)}/attention/basis.json"


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
        self._made: tuple[Doc, Basis] | None = None  # a stored basis and the Basis made of it

    # -- reading ---------------------------------------------------------------

    def entries(self, year: int, basis: Basis) -> dict[str, Entry]:
        """unit id -> entry for the year's units with figures, worked out
        with `basis` (the entries are shared with the store's cache: read-only)."""
        found = self._read(year, self.store.read_digested)
        if found is not None and found[0] == basis.to_json():
            return found[1]
        return self._rebuild(year, basis)

    def stored(self, year: int) -> tuple[Doc, dict[str, Entry]] | None:
        """(basis as stored, entries), read past the cache, when the files
        are sound and agree with the figures as stored (else None)."""
        self._checked.clear()
        return self._read(year, self.store.read_with_digest, cache=False)

    def _read(
        self, year: int, read: Callable[[str], tuple[Doc, str]], *, cache: bool = True
    ) -> tuple[Doc, dict[str, Entry]] | None:
        files = self._files(year, cache=cache)
        if files is None:
            return None
        docs = {}
        for key, part in [(BASIS, basis_part(year))] + [
            (s, attention_part(year, s)) for s in SHARDS
        ]:
            tables, digest = read(part)
            doc = tables.get(ATTENTION, {}).get(ATTENTION)
            if not (same(digest, files.get(key)) and shaped(doc, FORMAT, year, "units")):
                return None
            docs[key] = doc
        entries: dict[str, Entry] = {}
        for shard in SHARDS:
            entries.update(docs[shard]["units"])
        return docs[BASIS]["units"], entries

    def _files(self, year: int, txn: Txn | None = None, *, cache: bool = True) -> Doc | None:
        """The digests the sealed record names, when it is sound and names
        the figures as they are (as committed: not as `txn` leaves them)."""
        part = seal_part(year)
        tables = txn.peek(part) if txn is not None else self.store.read_part(part, cache=cache)
        doc = tables.get(ATTENTION, {}).get(ATTENTION)
        if not (
            shaped(doc, FORMAT, year, "files")
            and doc is not None
            and doc.get("figures") == self._figures_seal(year)
        ):
            return None
        if self._checked.get(part) is not doc:
            if not seal_ok(self._secret(), part, doc):
                return None
            self._checked[part] = doc
        files: Doc = doc["files"]
        return files

    def _basis(self, doc: Doc) -> Basis:
        """The stored basis (made again only when the file changed: a write
        at 50,000 staff would spend 2 ms on its units and leads)."""
        if self._made is None or self._made[0] is not doc:
            self._made = (doc, Basis.from_json(doc))
        return self._made[1]

    def _figures_seal(self, year: int, txn: Txn | None = None) -> str | None:
        """The seal of the year's figures digests file (as `txn` leaves it)."""
        part = digests_part(year)
        tables = txn.peek(part) if txn is not None else self.store.read_part(part)
        doc = tables.get(FIGURES, {}).get(FIGURES)
        return doc.get("seal") if isinstance(doc, dict) else None

    def _rebuild(self, year: int, basis: Basis) -> dict[str, Entry]:
        """Entries worked out from the figures (rebuilt where stale) and
        written back, under the data lock so that no write slips in between;
        for this read only when the folder cannot be written, or the year has
        no records yet."""
        if not self.store.in_transaction and year in self.figures.units.years():
            try:
                with self.store.transaction() as txn:
                    entries = entries_of(self.figures.rows(year), basis)
                    by_shard: dict[str, dict[str, Entry]] = {s: {} for s in SHARDS}
                    for uid, entry in entries.items():
                        by_shard[shard_of(uid)][uid] = entry
                    self._put_txn(txn, year, {}, by_shard, basis.to_json())
                return entries
            except StoreError:
                pass  # a read-only folder or a busy lock
        return entries_of(self.figures.rows(year), basis)

    def _put_txn(
        self,
        txn: Txn,
        year: int,
        files: Mapping[str, str],
        shards: Mapping[str, Mapping[str, Entry]],
        basis: Doc | None = None,
    ) -> None:
        """Write the files of `shards` (and the basis when given), then the
        sealed record of their digests with `files` for the others."""
        written: Iterable[tuple[str, str, Mapping[str, Any]]] = [
            (shard, attention_part(year, shard), entries) for shard, entries in shards.items()
        ]
        if basis is not None:
            written = [*written, (BASIS, basis_part(year), basis)]
        fixed = {}
        for key, part, body in written:
            doc = {"format": FORMAT, "year": int(year), "units": dict(body)}
            txn.put(part, ATTENTION, ATTENTION, doc)
            fixed[key] = file_digest(txn.seal(part))  # the bytes are fixed now
        record = {
            "format": FORMAT,
            "year": int(year),
            "files": {**files, **fixed},
            "figures": self._figures_seal(year, txn),
        }
        spart = seal_part(year)
        sealed = seal(self._secret(), spart, canonical(record).decode("utf-8"))
        txn.put(spart, ATTENTION, ATTENTION, {**record, "seal": sealed})

    # -- kept by every write -----------------------------------------------------

    def refresh_txn(self, txn: Txn) -> None:
        """Work out again the entries of the units whose figures rows `txn`
        changes, in every year whose files are sound and agree with the
        figures as they were."""
        shards: dict[int, list[str]] = {}
        for part in txn.dirty():
            bits = part.split("/")
            if (
                len(bits) == 4
                and bits[0] == layout.RECORDS_DIR
                and bits[1].isdigit()
                and bits[2] == FIGURES
                and bits[3].removesuffix(".json") in SHARDS
            ):
                shards.setdefault(int(bits[1]), []).append(bits[3].removesuffix(".json"))
        for year, changed in sorted(shards.items()):
            self._refresh_year_txn(txn, year, changed)

    def _refresh_year_txn(self, txn: Txn, year: int, shards: list[str]) -> None:
        files = self._files(year)
        found = self._read(year, self.store.read_digested) if files is not None else None
        if files is None or found is None:
            return  # missing, unsound or stale: the next read rebuilds them
        basis = self._basis(found[0])
        rewritten = {}
        for shard in shards:
            fpart = figures_part(year, shard)
            new = txn.peek(fpart).get(FIGURES, {}).get(FIGURES)
            if not shaped(new, FIGURES_FORMAT, year, "units"):
                txn.drop_table(seal_part(year), ATTENTION)  # rebuilt with the figures when read
                return
            assert new is not None
            old = self.store.read_part(fpart).get(FIGURES, {}).get(FIGURES)
            ok = old is not None and shaped(old, FIGURES_FORMAT, year, "units")
            before = old["units"] if old is not None and ok else {}
            after = new["units"]
            mine = self.store.read_part(attention_part(year, shard))[ATTENTION][ATTENTION]
            entries = dict(mine["units"])
            for uid in set(before) | set(after):
                row = after.get(uid)
                if row is None:
                    entries.pop(uid, None)
                elif row != before.get(uid) or uid not in entries:
                    entries[uid] = entry_of(uid, row, basis)
            rewritten[shard] = dict(sorted(entries.items()))
        self._put_txn(txn, year, files, rewritten)
