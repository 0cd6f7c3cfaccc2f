"""Findings of the rectification register, in the unit's file.

Ids are F<year>-<unit>-<nnn>: the id alone says which file holds the finding
(`where`). A finding is stored as signed when it was opened (the six fixes);
its state, progress and review dates are folded from the signed
`finding_events` of the same file (model/finding_state.py), keyed by their
ledger numbers. Nothing here reads a stored state.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from xiaoneng.errors import UserError
from xiaoneng.model.finding_state import fold
from xiaoneng.model.records import Finding
from xiaoneng.store.repos.common import Ref, next_key
from xiaoneng.store.repos.summary import Tables, finding_views, has_seq
from xiaoneng.store.repos.units import FINDING_EVENTS, FINDINGS, UnitRecords
from xiaoneng.store.store import Store
from xiaoneng.store.txn import Txn

Doc = dict[str, Any]


def where(finding_id: str) -> tuple[int, str]:
    """(year, unit) of a finding id; UserError when it is not one."""
    try:
        head, unit, number = finding_id.split("-")
        if not (head[:1] == "F" and head[1:].isdigit() and unit and number.isdigit()):
            raise ValueError
        return int(head[1:]), unit
    except ValueError:
        raise UserError(f"问题编号无效：{finding_id}。") from None


def _view(tables: Tables, finding_id: str) -> Finding | None:
    base = tables.get(FINDINGS, {}).get(finding_id)
    if base is None or not has_seq(FINDINGS, finding_id, base):
        return None
    events = [
        e
        for k, e in tables.get(FINDING_EVENTS, {}).items()
        if e.get("finding") == finding_id and has_seq(FINDING_EVENTS, k, e)
    ]
    return Finding.from_dict(fold(base, events))


class FindingsRepo:
    def __init__(self, store: Store, units: UnitRecords):
        self.store, self.units = store, units

    def get(self, finding_id: str) -> Finding | None:
        year, unit = where(finding_id)
        return _view(self.units.tables(year, unit), finding_id)

    def of_unit(self, year: int, unit: str) -> dict[str, Finding]:
        return {k: Finding.from_dict(d) for k, d in self.finding_docs(year, unit).items()}

    def finding_docs(
        self, year: int, unit: str, events: Callable[[Doc], bool] | None = None
    ) -> dict[str, dict[str, Any]]:
        """The unit's findings with their state folded from their signed events;
        `events` may turn down more of them (exports check each against its entry)."""
        check = events or (lambda _d: True)

        def trusted(table: str, key: str, doc: Doc) -> bool:
            return has_seq(table, key, doc) and (table != FINDING_EVENTS or check(doc))

        return finding_views(self.units.tables(year, unit), trusted)

    # -- writing ---------------------------------------------------------------

    def new_ids_txn(self, txn: Txn, year: int, unit: str, count: int) -> list[str]:
        """`count` unused finding ids in the unit's file that year."""
        existing = dict(self.units.open_txn(txn, year, unit).table(FINDINGS))
        ids = []
        for _ in range(count):
            fid = next_key(existing, f"F{year}-{unit}-")
            existing[fid] = {}
            ids.append(fid)
        return ids

    def get_txn(self, txn: Txn, finding_id: str) -> Finding | None:
        year, unit = where(finding_id)
        return _view(self.units.open_txn(txn, year, unit).tables(), finding_id)

    def finding_ref_txn(self, txn: Txn, year: int, unit: str, finding_id: str) -> Ref:
        """Where a finding is signed when its check opens it."""
        return self.units.open_txn(txn, year, unit).ref(FINDINGS, finding_id)

    def event_ref_txn(self, txn: Txn, finding: Finding) -> Ref:
        """Where a signed event of the finding goes (keyed by its ledger number)."""
        return self.units.open_txn(txn, finding.year, finding.unit).ref(FINDING_EVENTS, "")
