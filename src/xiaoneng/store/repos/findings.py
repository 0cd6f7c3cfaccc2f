"""Findings of the rectification register, in the unit's file.

Ids are F<year>-<unit>-<nnn>: the id alone says which file holds the finding
(`where`). Every review of a finding is a signed `finding_events` record in
the same file, keyed by its ledger number.
"""

from __future__ import annotations

from typing import Any

from xiaoneng.errors import UserError
from xiaoneng.model.records import Finding
from xiaoneng.store.repos.common import Ref, next_key
from xiaoneng.store.repos.units import FINDING_EVENTS, FINDINGS, UnitRecords
from xiaoneng.store.store import Store
from xiaoneng.store.txn import Txn


def where(finding_id: str) -> tuple[int, str]:
    """(year, unit) of a finding id; UserError when it is not one."""
    try:
        head, unit, number = finding_id.split("-")
        if not (head[:1] == "F" and head[1:].isdigit() and unit and number.isdigit()):
            raise ValueError
        return int(head[1:]), unit
    except ValueError:
        raise UserError(f"问题编号无效：{finding_id}。") from None


class FindingsRepo:
    def __init__(self, store: Store, units: UnitRecords):
        self.store, self.units = store, units

    def get(self, finding_id: str) -> Finding | None:
        year, unit = where(finding_id)
        d = self.units.table(year, unit, FINDINGS).get(finding_id)
        return Finding.from_dict(d) if d else None

    def of_unit(self, year: int, unit: str) -> dict[str, Finding]:
        return {k: Finding.from_dict(d) for k, d in self.units.table(year, unit, FINDINGS).items()}

    def finding_docs(self, year: int, unit: str) -> dict[str, dict[str, Any]]:
        return self.units.table(year, unit, FINDINGS)

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
        d = self.units.open_txn(txn, year, unit).get(FINDINGS, finding_id)
        return Finding.from_dict(d) if d else None

    def put_txn(self, txn: Txn, finding: Finding) -> None:
        self.units.open_txn(txn, finding.year, finding.unit).put(
            FINDINGS, finding.id, finding.to_dict()
        )

    def event_ref_txn(self, txn: Txn, finding: Finding) -> Ref:
        """Where a signed review of the finding goes (keyed by its ledger number)."""
        return self.units.open_txn(txn, finding.year, finding.unit).ref(FINDING_EVENTS, "")
