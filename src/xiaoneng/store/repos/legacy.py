"""What a schema-1 folder kept unsigned, for the one upgrade that signs it
(services/migrate.py): sessions and activities without their entry, the
peer pairs in the old `assignments` table, quiz attempts, findings that
carried their state as a free field, and each person with their last signed
roster change.

Read and changed inside the upgrade's transaction only.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from xiaoneng.model.people import Person
from xiaoneng.store import layout
from xiaoneng.store.repos.checks import ACTIVITIES, activities_part
from xiaoneng.store.repos.people import EVENTS, PEOPLE
from xiaoneng.store.repos.sessions import SESSIONS, sessions_part
from xiaoneng.store.repos.summary import ATTEMPTS, FINDING_EVENTS, FINDINGS, has_seq
from xiaoneng.store.repos.units import UnitRecords, unit_part
from xiaoneng.store.txn import Txn

ASSIGNMENTS = "assignments"  # schema 1: {activity, checker, target} keyed <activity>:<checker>

Doc = dict[str, Any]


def _unsigned(docs: dict[str, Doc]) -> list[Doc]:
    return [d for k, d in sorted(docs.items()) if not has_seq("", k, d)]


class LegacyRepo:
    def __init__(self, units: UnitRecords):
        self.units = units
        self.store = units.store

    def people_txn(self, txn: Txn) -> Iterator[tuple[Person, Doc | None]]:
        """Everyone, with the snapshot of their last signed roster change (None if none)."""
        for part in self.store.list_parts(layout.PEOPLE_DIR):
            tables = txn.data(part)
            last: dict[str, tuple[int, Doc]] = {}
            for ev in tables.get(EVENTS, {}).values():
                seq = ev.get("seq")
                pid = str(ev.get("person", ""))
                if isinstance(seq, int) and seq > last.get(pid, (0, {}))[0]:
                    last[pid] = (seq, ev.get("snapshot") or {})
            for pid, doc in sorted(tables.get(PEOPLE, {}).items()):
                found = last.get(pid)
                yield Person.from_dict(doc), found[1] if found else None

    def sessions_txn(self, txn: Txn, year: int) -> list[Doc]:
        """Sessions of the year that do not name a ledger entry."""
        return _unsigned(txn.all(sessions_part(year), SESSIONS))

    def activities_txn(self, txn: Txn, year: int) -> list[Doc]:
        return _unsigned(txn.all(activities_part(year), ACTIVITIES))

    def pairs_txn(self, txn: Txn, year: int, unit: str) -> dict[str, dict[str, str]]:
        """activity -> {checker: target} of the old assignments table, which is dropped."""
        part = unit_part(year, unit)
        if ASSIGNMENTS not in txn.data(part):
            return {}
        out: dict[str, dict[str, str]] = {}
        for d in txn.all(part, ASSIGNMENTS).values():
            out.setdefault(str(d.get("activity", "")), {})[str(d["checker"])] = str(d["target"])
        txn.drop_table(part, ASSIGNMENTS)
        return out

    def attempts_txn(self, txn: Txn, year: int, unit: str) -> list[Doc]:
        """Quiz attempts stored before attempts were signed (a reset marked them
        `voided` in place then)."""
        return _unsigned(dict(txn.data(unit_part(year, unit)).get(ATTEMPTS, {})))

    def findings_txn(self, txn: Txn, year: int, unit: str) -> list[tuple[Doc, list[Doc]]]:
        """Findings stored with a free state, each with its signed review events."""
        part = unit_part(year, unit)
        tables = txn.data(part)
        if not tables.get(FINDINGS):
            return []
        events = [
            e for k, e in tables.get(FINDING_EVENTS, {}).items() if has_seq(FINDING_EVENTS, k, e)
        ]
        return [
            (doc, [e for e in events if e.get("finding") == doc.get("id")])
            for doc in _unsigned(dict(tables.get(FINDINGS, {})))
        ]
