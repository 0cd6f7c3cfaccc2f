"""A year's findings in two sealed indexes, so that the register and the
home's to-do list read a few files however many units there are, instead of
every unit's summary (and, in a new process, a SHA-256 of every unit file to
trust it):

- `records/<year>/findings/<0-f>.json`: the register's rows (the finding rows
  of the unit summaries, store/repos/summary.py) of the units whose id hashes
  to that file;
- `records/<year>/waiting/<0-f>.json`: by person (the file by a hash of their
  id), the findings waiting for them, with their deadline: to rectify (the
  responsible person, while open or in progress) or to review (the reviewer,
  once the work is marked done);
- `records/<year>/waiting/digests.json`: the digest of each waiting file's
  bytes, sealed: a read trusts a waiting file by it (the administrator's is
  394 KB at 50,000 staff: checking its own seal meant writing it out as
  canonical JSON again, 24 ms), and rebuilds both indexes when the bytes
  are not the recorded ones (an old copy put back) or it is missing;
- `records/<year>/findings/head.json`: the register's first rows of the year,
  in its order, with how many rows there are and the open rows' deadlines
  (store/repos/register_head.py), so the first page needs one small file.

Both are kept like the status figures (store/repos/figures.py): every
transaction runs `refresh_txn` just before it commits, after the unit
summaries are refreshed; it compares the finding rows of each summary the
transaction writes with the rows the index holds for that unit, and where
they differ rewrites that unit's rows and the waiting entries of everyone the
old or the new rows name, and brings the head up to them. Each file is sealed with `secret.key` over its
content and its own name, and names its format. A read that finds a file it
needs missing, unsealed or of another format (a new year, an older backup
restored, an upgrade, a hand edit) rebuilds both indexes of the year from the
summaries under the data lock and writes them back. A write leaves such a
file alone; when the rows file it would diff against is unsound, it empties
the year's waiting files and the head too, so that the next home read rebuilds them
rather than trusting entries it could not keep. `verify` compares both with
a rebuild from the sealed summaries (services/verify_figures.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from xiaoneng.errors import StoreError
from xiaoneng.model.digest import canonical, file_digest, same, seal
from xiaoneng.store import layout
from xiaoneng.store.repos import register_head
from xiaoneng.store.repos.figures import SHARDS, shaped, shard_of
from xiaoneng.store.repos.summary import SUMMARY, seal_ok
from xiaoneng.store.repos.units import UnitRecords, summary_part
from xiaoneng.store.store import Store
from xiaoneng.store.txn import Txn

INDEX = "index"  # the one table and key of each file
FORMAT = 1  # raised when an entry's layout changes: older files are rebuilt
ROWS, PEOPLE, HEAD = "units", "people", "head"  # what each kind of file maps
FILES = "files"  # what the waiting files' digests file maps
WAITS = {"open": "fix", "in_progress": "fix", "review": "review"}  # state -> who acts

Doc = dict[str, Any]
Rows = dict[str, list[Doc]]  # unit id -> its finding rows, by id
Waiting = dict[str, list[Doc]]  # person id -> what waits for them, by id


def rows_part(year: int, shard: str) -> str:
    return f"{layout.RECORDS_DIR}/{int(year)}/findings/{shard}.json"


def waiting_part(year: int, shard: str) -> str:
    return f"{layout.RECORDS_DIR}/{int(year)}/waiting/{shard}.json"


def waiting_digests_part(year: int) -> str:
    return f"{layout.RECORDS_DIR}/{int(year)}/waiting/digests.json"


def head_part(year: int) -> str:
    return f"{layout.RECORDS_DIR}/{int(year)}/findings/head.json"


def waiting_of(rows: Iterable[Doc]) -> Waiting:
    """Who must act on which of `rows`: person id -> entries (not yet ordered)."""
    out: Waiting = {}
    for r in rows:
        kind = WAITS.get(r["state"])
        who = r["responsible"] if kind == "fix" else r["reviewer"] if kind else ""
        if who:
            entry = {
                "kind": kind,
                "id": r["id"],
                "unit": r["unit"],
                "state": r["state"],
                "deadline": r["deadline"],
                "problem": r["problem"],
            }
            out.setdefault(who, []).append(entry)
    return out


def _ordered(entries: list[Doc]) -> list[Doc]:
    return sorted(entries, key=lambda e: (e["id"], e["kind"]))


def build_index(summaries: Mapping[str, Doc]) -> tuple[Rows, Waiting]:
    """Both indexes of a year from its unit summaries (their content)."""
    rows = {u: list(s["findings"]) for u, s in sorted(summaries.items()) if s.get("findings")}
    waiting: Waiting = {}
    for pid, entries in waiting_of(r for unit_rows in rows.values() for r in unit_rows).items():
        waiting[pid] = _ordered(entries)
    return rows, waiting


def _summary_rows(txn: Txn, year: int, unit: str) -> list[Doc]:
    doc = txn.peek(summary_part(year, unit)).get(SUMMARY, {}).get(SUMMARY) or {}
    return list(doc.get("findings", []))


class FindingIndex:
    def __init__(self, store: Store, units: UnitRecords, secret: Callable[[], bytes]):
        self.store, self.units, self._secret = store, units, secret
        self._checked: dict[str, Doc] = {}  # part -> the doc object found sealed

    # -- reading ---------------------------------------------------------------

    def rows(self, year: int) -> Rows:
        """unit id -> its finding rows that year (shared with the store's cache:
        read-only). Each file is trusted when its bytes have the digest the
        sealed head records for it: checking each file's own seal meant writing
        6 MB of canonical JSON again at 50,000 staff."""
        head = self._stored_head(year)
        if head is None:
            return self._rebuild(year)[0]
        files = head["files"]
        out: Rows = {}
        for shard in SHARDS:
            part = rows_part(year, shard)
            tables, digest = self.store.read_digested(part)
            doc = tables.get(INDEX, {}).get(INDEX)
            if not (shaped(doc, FORMAT, year, ROWS) and same(digest, files.get(shard))):
                return self._rebuild(year)[0]
            assert doc is not None
            out.update(doc[ROWS])
        return out

    def head(self, year: int) -> Doc:
        """The register's first rows of the year, their count and the open
        rows' deadlines (register_head.py; shared with the store's cache: read-only)."""
        head = self._stored_head(year)
        return self._rebuild(year)[2] if head is None else head

    def _stored_head(self, year: int) -> Doc | None:
        """The head as stored, when sealed and naming the rows files' digests
        (a head built for one read only, when the index cannot be written
        back, names none)."""
        part = head_part(year)
        doc = self.store.get(part, INDEX, INDEX)
        if doc is None or not self._valid(part, year, doc, HEAD):
            return None
        head: Doc = doc[HEAD]
        if not isinstance(head.get("files"), dict):  # from before it named the rows files
            return None
        return head

    def waiting(self, year: int, person: str) -> list[Doc]:
        """What waits for `person` that year, by finding id (read-only)."""
        shard = shard_of(person)
        part = waiting_part(year, shard)
        tables, digest = self.store.read_digested(part)
        doc = tables.get(INDEX, {}).get(INDEX)
        known = self._waiting_digests(year).get(shard)  # None: from before they were kept
        if not (same(digest, known) and shaped(doc, FORMAT, year, PEOPLE)):
            return self._rebuild(year)[1].get(person, [])
        assert doc is not None
        entries: list[Doc] = doc[PEOPLE].get(person, [])
        return entries

    def _waiting_digests(self, year: int) -> dict[str, str]:
        """shard -> the digest of its waiting file's bytes, as the sealed
        digests file records them (empty when it is missing or unsound)."""
        part = waiting_digests_part(year)
        doc = self.store.get(part, INDEX, INDEX)
        if not self._valid(part, year, doc, FILES):
            return {}
        assert doc is not None
        files: dict[str, str] = doc[FILES]
        return files

    def build(self, year: int) -> tuple[Rows, Waiting]:
        """Both indexes derived afresh from the summaries (rebuilt where stale)."""
        return build_index(self.units.summaries(year))

    def _build_all(self, year: int) -> tuple[Rows, Waiting, Doc]:
        rows, waiting = self.build(year)
        head = register_head.head_of(r for found in rows.values() for r in found)
        return rows, waiting, head

    def stored(self, year: int) -> dict[str, Doc | None]:
        """Each file's document as it is, read past the cache (for verify)."""
        out: dict[str, Doc | None] = {}
        for shard in SHARDS:
            for part in (rows_part(year, shard), waiting_part(year, shard)):
                out[part] = self.store.read_part(part, cache=False).get(INDEX, {}).get(INDEX)
        part = head_part(year)
        out[part] = self.store.read_part(part, cache=False).get(INDEX, {}).get(INDEX)
        return out

    def expected(self, part: str, year: int, rows: Rows, waiting: Waiting) -> Doc:
        """What the file at `part` should map, given a year's rebuilt indexes."""
        shard = part.rsplit("/", 1)[1].removesuffix(".json")
        whole = rows if part == rows_part(year, shard) else waiting
        return {k: v for k, v in whole.items() if shard_of(k) == shard}

    def what(self, part: str) -> str:
        """The key a file's map is under (ROWS, PEOPLE or HEAD)."""
        if part.endswith("/head.json"):
            return HEAD
        return ROWS if part.split("/")[2] == "findings" else PEOPLE

    def _valid(self, part: str, year: int, doc: Doc | None, what: str) -> bool:
        if not shaped(doc, FORMAT, year, what):
            return False
        if self._checked.get(part) is doc:
            return True
        if doc is None or not seal_ok(self._secret(), part, doc):
            return False
        self._checked[part] = doc
        return True

    def _rebuild(self, year: int) -> tuple[Rows, Waiting, Doc]:
        """Both indexes and the head rebuilt and written back, under the data lock so that
        no write slips in between; for this read only when the folder cannot
        be written, or the year has no records (nothing is created for it)."""
        if not self.store.in_transaction and year in self.units.years():
            try:
                with self.store.transaction() as txn:
                    rows, waiting, head = self._build_all(year)
                    for shard in SHARDS:
                        for part, what, whole in (
                            (rows_part(year, shard), ROWS, rows),
                            (waiting_part(year, shard), PEOPLE, waiting),
                        ):
                            mine = {k: v for k, v in whole.items() if shard_of(k) == shard}
                            txn.put(part, INDEX, INDEX, self._sealed(part, year, what, mine))
                    self._put_waiting_digests_txn(txn, year, {}, SHARDS)
                    head = {**head, "files": _digests_txn(txn, year, SHARDS)}
                    part = head_part(year)
                    txn.put(part, INDEX, INDEX, self._sealed(part, year, HEAD, head))
                return rows, waiting, head
            except StoreError:
                pass  # a read-only folder or a busy lock
        return self._build_all(year)

    def _sealed(self, part: str, year: int, what: str, body_map: Mapping[str, Any]) -> Doc:
        body = {"format": FORMAT, "year": int(year), what: dict(body_map)}
        return {**body, "seal": seal(self._secret(), part, canonical(body).decode("utf-8"))}

    # -- kept by every write -----------------------------------------------------

    def refresh_txn(self, txn: Txn) -> None:
        """Bring both indexes up to the summaries `txn` writes, in every year
        whose files are sound."""
        touched: dict[int, set[str]] = {}
        for part in txn.dirty():
            bits = part.split("/")
            if (
                len(bits) == 4
                and bits[0] == layout.RECORDS_DIR
                and bits[1].isdigit()
                and bits[2] == "summary"
            ):
                touched.setdefault(int(bits[1]), set()).add(bits[3].removesuffix(".json"))
        for year, units in sorted(touched.items()):
            self._refresh_year_txn(txn, year, units)

    def _refresh_year_txn(self, txn: Txn, year: int, units: set[str]) -> None:
        changed: dict[str, tuple[list[Doc], list[Doc]]] = {}  # unit -> (old rows, new rows)
        unsound = False
        for shard, mine in sorted(_by_shard(units).items()):
            part = rows_part(year, shard)
            doc = txn.peek(part).get(INDEX, {}).get(INDEX)
            if not self._valid(part, year, doc, ROWS):
                unsound = True  # left for the next read to rebuild
                continue
            assert doc is not None
            rows = dict(doc[ROWS])
            for unit in mine:
                old, new = rows.get(unit, []), _summary_rows(txn, year, unit)
                if old != new:
                    changed[unit] = (old, new)
                    if new:
                        rows[unit] = new
                    else:
                        rows.pop(unit, None)
            if changed.keys() & set(mine):
                txn.put(part, INDEX, INDEX, self._sealed(part, year, ROWS, rows))
        if unsound:
            self._unseal_waiting_txn(txn, year)
        elif changed:
            self._refresh_waiting_txn(txn, year, changed)
            self._refresh_head_txn(txn, year, changed)

    def _refresh_head_txn(
        self, txn: Txn, year: int, changed: dict[str, tuple[list[Doc], list[Doc]]]
    ) -> None:
        part = head_part(year)
        doc = txn.peek(part).get(INDEX, {}).get(INDEX)
        if not self._valid(part, year, doc, HEAD):
            return  # the next read of it rebuilds all three

        def everything() -> list[Doc]:  # the year's rows as this transaction leaves them
            out: list[Doc] = []
            for shard in SHARDS:
                rpart = rows_part(year, shard)
                found = txn.peek(rpart).get(INDEX, {}).get(INDEX)
                if not self._valid(rpart, year, found, ROWS):
                    raise _Unsound
                assert found is not None
                out += [r for rows in found[ROWS].values() for r in rows]
            return out

        assert doc is not None
        if not isinstance(doc[HEAD].get("files"), dict):
            txn.drop_table(part, INDEX)  # from before it named them: rebuilt when read
            return
        try:
            head = register_head.changed(doc[HEAD], changed.values(), everything)
        except _Unsound:
            txn.drop_table(part, INDEX)  # the next read rebuilds all three
            return
        shards = {shard_of(unit) for unit in changed}
        head["files"] = {**doc[HEAD]["files"], **_digests_txn(txn, year, shards)}
        txn.put(part, INDEX, INDEX, self._sealed(part, year, HEAD, head))

    def _refresh_waiting_txn(
        self, txn: Txn, year: int, changed: dict[str, tuple[list[Doc], list[Doc]]]
    ) -> None:
        old = waiting_of(r for rows, _new in changed.values() for r in rows)
        new = waiting_of(r for _old, rows in changed.values() for r in rows)
        written = []
        for shard, people in sorted(_by_shard(set(old) | set(new)).items()):
            part = waiting_part(year, shard)
            doc = txn.peek(part).get(INDEX, {}).get(INDEX)
            if not self._valid(part, year, doc, PEOPLE):
                continue  # the next read of it rebuilds both
            written.append(shard)
            assert doc is not None
            waiting = dict(doc[PEOPLE])
            for pid in people:
                kept = [e for e in waiting.get(pid, []) if e["unit"] not in changed]
                entries = _ordered(kept + new.get(pid, []))
                if entries:
                    waiting[pid] = entries
                else:
                    waiting.pop(pid, None)
            txn.put(part, INDEX, INDEX, self._sealed(part, year, PEOPLE, waiting))
        dpart = waiting_digests_part(year)
        digests = txn.peek(dpart).get(INDEX, {}).get(INDEX)
        if written and self._valid(dpart, year, digests, FILES):
            assert digests is not None
            self._put_waiting_digests_txn(txn, year, digests[FILES], written)
        # else: missing or unsound, the next read rebuilds both

    def _put_waiting_digests_txn(
        self, txn: Txn, year: int, files: Mapping[str, str], shards: Iterable[str]
    ) -> None:
        """Record the digests of the bytes the waiting files of `shards` will
        be written as (fixed now) along with `files` for the others."""
        fixed = {s: file_digest(txn.seal(waiting_part(year, s))) for s in sorted(shards)}
        part = waiting_digests_part(year)
        txn.put(part, INDEX, INDEX, self._sealed(part, year, FILES, {**files, **fixed}))

    def _unseal_waiting_txn(self, txn: Txn, year: int) -> None:
        """Empty the year's sound waiting files and the head (they can no
        longer be kept by difference): the next read rebuilds all three."""
        parts = [waiting_part(year, shard) for shard in SHARDS]
        for part in [*parts, waiting_digests_part(year), head_part(year)]:
            if txn.peek(part).get(INDEX) is not None:
                txn.drop_table(part, INDEX)


def _digests_txn(txn: Txn, year: int, shards: Iterable[str]) -> dict[str, str]:
    """The digests of the bytes the rows files of `shards` will be written as
    (fixed now: the head that records them is sealed in the same commit)."""
    return {shard: file_digest(txn.seal(rows_part(year, shard))) for shard in sorted(shards)}


class _Unsound(Exception):
    """A rows file the head would be made again from is missing or unsealed."""


def _by_shard(keys: Iterable[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for key in sorted(keys):
        out.setdefault(shard_of(key), []).append(key)
    return out
