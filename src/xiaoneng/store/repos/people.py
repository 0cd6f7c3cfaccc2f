"""People (the roster) and the signed record of every roster change.

`people/<2 hex>.json`: people bucketed by a hash of their 工号, so adding or
editing one person rewrites a small file whatever the size of the agency.
Each bucket holds the `people` table and the `roster_events` the ledger signs.

`people/units/<unit>.json`: each unit's members and their roles, derived from
the buckets and kept by the write that changes a person (`put_txn`), so the
status figures and the admin's home read a few bytes a person instead of
every bucket with its signed events (issue 17). A folder from before they
existed gets them on its first write (`build_unit_members_txn`); until then
readers derive them from the buckets.

`people/roster/<0-f>.json`: what the roster screen shows of everyone, by unit
(store/repos/roster_list.py), kept by `put_txn` too.
"""

from __future__ import annotations

import hashlib
import os
from bisect import bisect_left
from typing import Any, NamedTuple

from xiaoneng.errors import StoreError
from xiaoneng.gc_pause import no_cyclic_gc
from xiaoneng.model.people import Person, RosterEntry
from xiaoneng.store import layout
from xiaoneng.store.repos import roster_list as rl
from xiaoneng.store.repos.common import Ref
from xiaoneng.store.store import Store
from xiaoneng.store.txn import Txn

PEOPLE = "people"
EVENTS = "roster_events"
UNITS_DIR = f"{layout.PEOPLE_DIR}/units"
MEMBERS = "members"

Members = dict[str, dict[str, tuple[str, ...]]]  # unit -> active member id -> roles


def members_part(unit: str) -> str:
    return f"{UNITS_DIR}/{unit}.json"


def member_doc(person: Person) -> dict[str, Any]:
    return {"roles": list(person.roles), "active": person.active}


def bucket(person_id: str) -> str:
    return hashlib.sha1(person_id.encode("utf-8")).hexdigest()[:2]


def person_part(person_id: str) -> str:
    return f"{layout.PEOPLE_DIR}/{bucket(person_id)}.json"


class _Index(NamedTuple):
    """Everyone, read once: rebuilt only when a people file changes, so a
    unit's members cost O(unit) and a look-up by 工号 reads no file."""

    stamp: tuple[Any, ...]  # the people files' stamps (Store.stamps) when read
    everyone: list[Person]  # by unit, then 工号
    by_unit: dict[str, list[Person]]
    by_id: dict[str, Person]
    buckets: dict[str, tuple[Any, ...]]  # bucket part -> its stamp when read


class PeopleRepo:
    def __init__(self, store: Store):
        self.store = store
        self._index: _Index | None = None

    # -- reading ---------------------------------------------------------------

    def get(self, person_id: str) -> Person | None:
        part = person_part(person_id)
        index = self._index
        if index is not None and index.buckets.get(part) == self._stamp(part):
            # Not the bucket from the store's cache: with its signed roster
            # events, every bucket held parsed is ten times the index's Person
            # objects (issue 17: 100 MB at 50,000 staff).
            return index.by_id.get(person_id)
        d = self.store.get(part, PEOPLE, person_id)
        return Person.from_dict(d) if d else None

    def _stamp(self, part: str) -> tuple[Any, ...] | None:
        try:
            st = os.stat(self.store.path(part))
        except OSError:
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def everyone(self) -> list[Person]:
        """Everyone on the roster, active or not, by unit then 工号."""
        return self._current().everyone

    def by_unit(self, unit: str) -> list[Person]:
        return self._current().by_unit.get(unit, [])

    def first(self, limit: int) -> list[Person] | None:
        """The first `limit` people in roster order (by unit, then 工号), from the
        per-unit member files and the buckets those people are in: a screen's
        first page before everyone is read. None in a folder without them."""
        if self._index is not None and self._index.stamp == self.store.stamps(layout.PEOPLE_DIR):
            return self._index.everyone[:limit]
        if not self.store.exists_dir(UNITS_DIR):
            return None
        units = sorted(
            p.rsplit("/", 1)[1][: -len(".json")] for p in self.store.list_parts(UNITS_DIR)
        )
        out: list[Person] = []
        for unit in units:
            for pid in sorted(self.store.table(members_part(unit), MEMBERS)):
                person = self.get(pid)
                if person is not None and person.unit == unit:
                    out.append(person)
            if len(out) >= limit:
                break
        return out[:limit]

    def listing(self) -> list[RosterEntry]:
        """Everyone as the roster screen shows them, by unit then 工号, from
        the roster list (rebuilt first when a file of it is missing or of
        another format)."""
        # One pause of the collector over the parse and the rows, and the
        # parsed files freed before it is back: its first pass would otherwise
        # walk them all (about 0.05 s of CPU at 50,000).
        with no_cyclic_gc():
            files = self._list_files()
            try:
                entries = rl.entries_of(files) if files is not None else None
            except (KeyError, IndexError, TypeError, ValueError, AttributeError):
                entries = None  # a row not of this format (a hand edit): made again below
            del files
        return entries if entries is not None else self._rebuild_list()

    def first_listed(self, limit: int) -> list[RosterEntry] | None:
        """The first `limit` of `listing()`, reading only the list files of the
        first units; None when the list or the member files are not there."""
        if not self.store.exists_dir(UNITS_DIR):
            return None
        units = sorted(
            p.rsplit("/", 1)[1][: -len(".json")] for p in self.store.list_parts(UNITS_DIR)
        )
        read: dict[str, dict[str, Any]] = {}
        out: list[RosterEntry] = []
        for unit in units:
            part = rl.part_of(unit)
            if part not in read:
                read[part] = self.store.read_part(part, cache=False)
                if not rl.sound(read[part]):
                    return None
            doc = read[part].get(rl.UNITS, {}).get(unit)
            out += [rl.entry_of(unit, row) for row in doc["rows"]] if doc else []
            if len(out) >= limit:
                break
        return out[:limit]

    def _list_files(self) -> list[dict[str, Any]] | None:
        """The list's sixteen files, parsed past the cache, or None when one
        is missing, of another format or does not parse."""
        files = []
        with no_cyclic_gc():
            for shard in rl.SHARDS:
                try:
                    tables = self.store.read_part(rl.list_part(shard), cache=False)
                except StoreError:
                    return None
                if not rl.sound(tables):
                    return None
                files.append(tables)
        return files

    def _rebuild_list(self) -> list[RosterEntry]:
        """The list made again from the people files and written back under
        the data lock; for this read only when the folder cannot be written
        (read-only, busy, a list file that does not parse, or a read inside a
        transaction)."""
        if not self.store.in_transaction:
            try:
                with self.store.transaction() as txn:
                    people = [
                        Person.from_dict(d)
                        for part in self.store.list_parts(layout.PEOPLE_DIR)
                        for d in self.store.read_part(part, cache=False).get(PEOPLE, {}).values()
                    ]
                    files = rl.files_of(people)
                    for part, tables in files.items():
                        txn.drop_table(part, rl.UNITS)
                        txn.put_many(part, rl.UNITS, tables[rl.UNITS])
                        txn.put(part, rl.FORMAT_TABLE, rl.FORMAT_TABLE, rl.format_doc())
                return rl.entries_of(files.values())  # what the next read will find
            except StoreError:
                pass
        return [RosterEntry.of(p) for p in self.everyone()]

    def stored_list(self) -> dict[str, dict[str, Any]] | None:
        """The list files as stored, read past the cache (for verify); None
        while there is no list (a folder from before it: a read builds it)."""
        if not self.store.exists_dir(rl.LIST_DIR):
            return None
        return {
            rl.list_part(s): self.store.read_part(rl.list_part(s), cache=False)
            for s in rl.SHARDS
            if self.store.exists(rl.list_part(s))
        }

    def _current(self) -> _Index:
        stamp = self.store.stamps(layout.PEOPLE_DIR)
        if self._index is None or self._index.stamp != stamp:
            # Read past the cache: the index keeps the people, not the buckets.
            everyone = [
                Person.from_dict(d)
                for part in self.store.list_parts(layout.PEOPLE_DIR)
                for d in self.store.read_part(part, cache=False).get(PEOPLE, {}).values()
            ]
            everyone.sort(key=lambda p: (p.unit, p.id))
            by_unit: dict[str, list[Person]] = {}
            for p in everyone:
                by_unit.setdefault(p.unit, []).append(p)
            folder = layout.PEOPLE_DIR
            buckets = {f"{folder}/{name}": tuple(key) for name, *key in stamp}
            by_id = {p.id: p for p in everyone}
            self._index = _Index(stamp, everyone, by_unit, by_id, buckets)
        return self._index

    def last_event(self, person_id: str) -> tuple[Ref, dict[str, Any]] | None:
        """Where the person's latest signed roster change is, and the change."""
        part = person_part(person_id)
        mine = [
            (d["seq"], k, d)
            for k, d in self.store.table(part, EVENTS).items()
            if d.get("person") == person_id and isinstance(d.get("seq"), int)
        ]
        if not mine:
            return None
        _seq, key, doc = max(mine, key=lambda t: t[0])
        return Ref(part, EVENTS, key), doc

    def members_by_unit(self) -> Members:
        """Active members and their roles, by unit, from the per-unit files."""
        if not self.store.exists_dir(UNITS_DIR):
            return members_of(self.everyone())
        out: Members = {}
        for part in self.store.list_parts(UNITS_DIR):
            unit = part.rsplit("/", 1)[1][: -len(".json")]
            docs = self.store.table(part, MEMBERS)
            active = {pid: tuple(d["roles"]) for pid, d in docs.items() if d.get("active", True)}
            if active:
                out[unit] = active
        return out

    def counts(self) -> tuple[int, int]:
        """(active, inactive) people, from the per-unit files when there are any."""
        if not self.store.exists_dir(UNITS_DIR):
            people = self.everyone()
            active = sum(p.active for p in people)
            return active, len(people) - active
        active = inactive = 0
        for part in self.store.list_parts(UNITS_DIR):
            for d in self.store.table(part, MEMBERS).values():
                if d.get("active", True):
                    active += 1
                else:
                    inactive += 1
        return active, inactive

    def stored_members(self) -> dict[str, dict[str, dict[str, Any]]] | None:
        """unit -> member id -> {"roles", "active"} as the per-unit files hold
        them, read past the cache (for verify); None while there are none."""
        if not self.store.exists_dir(UNITS_DIR):
            return None
        return {
            part.rsplit("/", 1)[1][: -len(".json")]: self.store.read_part(part, cache=False).get(
                MEMBERS, {}
            )
            for part in self.store.list_parts(UNITS_DIR)
        }

    def parts(self) -> list[str]:
        """The bucket files (for verify)."""
        return self.store.list_parts(layout.PEOPLE_DIR)

    def bucket_docs(self, part: str) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
        """(people, roster events) of one bucket file, read past the cache (for verify)."""
        tables = self.store.read_part(part, cache=False)
        return tables.get(PEOPLE, {}), tables.get(EVENTS, {})

    # -- writing ---------------------------------------------------------------

    def get_txn(self, txn: Txn, person_id: str) -> Person | None:
        d = txn.get(person_part(person_id), PEOPLE, person_id)
        return Person.from_dict(d) if d else None

    def put_txn(self, txn: Txn, person: Person) -> None:
        """Store `person` and keep the per-unit member files and the roster
        list in step."""
        part = person_part(person.id)
        before = txn.get(part, PEOPLE, person.id)
        txn.put(part, PEOPLE, person.id, person.to_dict())
        if before is not None and before.get("unit") != person.unit:
            old = str(before.get("unit"))  # moved: out of the old unit's files
            txn.delete(members_part(old), MEMBERS, [person.id])
            _list_place_txn(txn, old, person.id, None)
        txn.put(members_part(person.unit), MEMBERS, person.id, member_doc(person))
        _list_place_txn(txn, person.unit, person.id, rl.row_of(person))

    @staticmethod
    def bucket_of(person_id: str) -> str:
        """Which bucket file holds the person (people sharing one are best
        written together: `release_txn`)."""
        return bucket(person_id)

    def release_txn(self, txn: Txn, person_id: str) -> None:
        """Done with the person's bucket in `txn` until the commit: keep it as
        bytes (a batch of an import touches every bucket; Txn.spill)."""
        txn.spill(person_part(person_id))

    def build_unit_members_txn(self, txn: Txn) -> bool:
        """Write the per-unit member files of a folder that has none yet."""
        if self.store.exists_dir(UNITS_DIR):
            return False
        by_unit: dict[str, dict[str, dict[str, Any]]] = {}
        for part in self.store.list_parts(layout.PEOPLE_DIR):
            for d in txn.all(part, PEOPLE).values():
                p = Person.from_dict(d)
                by_unit.setdefault(p.unit, {})[p.id] = member_doc(p)
        for unit, docs in by_unit.items():
            txn.put_many(members_part(unit), MEMBERS, docs)
        return bool(by_unit)

    def start_list_txn(self, txn: Txn) -> None:
        """An empty roster list for a new folder (its people are added after)."""
        for part, tables in rl.files_of([]).items():
            txn.put(
                part, rl.FORMAT_TABLE, rl.FORMAT_TABLE, tables[rl.FORMAT_TABLE][rl.FORMAT_TABLE]
            )

    def mark_pin_chosen_txn(self, txn: Txn, person_id: str) -> None:
        """The person's PIN need not be changed at the next login (the demo's)."""
        part = person_part(person_id)
        if txn.get(part, PEOPLE, person_id) is not None:
            txn.update(part, PEOPLE, person_id, {"pin_initial": False})

    def event_ref(self, person_id: str) -> Ref:
        """Where a signed roster change of this person goes (keyed by its ledger number)."""
        return Ref(person_part(person_id), EVENTS, "")


def _list_place_txn(txn: Txn, unit: str, person_id: str, row: rl.Row | None) -> None:
    """Put the person's row in the unit's roster list (None: take it out),
    kept in 工号 order; a list file that is missing or of another format is
    left for the next read to rebuild (`PeopleRepo.listing`)."""
    part = rl.part_of(unit)
    if txn.get(part, rl.FORMAT_TABLE, rl.FORMAT_TABLE) != rl.format_doc():
        return
    doc = txn.get(part, rl.UNITS, unit)
    rows: list[rl.Row] = list(doc["rows"]) if doc else []
    at = bisect_left(rows, person_id, key=lambda r: str(r[0]))
    if at < len(rows) and rows[at][0] == person_id:
        del rows[at]
    if row is not None:
        rows.insert(at, row)
    if rows:
        txn.put(part, rl.UNITS, unit, {"rows": rows})
    elif doc is not None:
        txn.delete(part, rl.UNITS, [unit])


def members_of(people: list[Person]) -> Members:
    """Active members and their roles, by unit, derived from the people."""
    out: Members = {}
    for p in people:
        if p.active:
            out.setdefault(p.unit, {})[p.id] = p.roles
    return out
