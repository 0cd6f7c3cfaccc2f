"""The agency (its name, its top unit) and its units (`org.json`).

Each unit is signed when it is created: `unit_events`, keyed by ledger
number, holds the unit as created, and `verify` compares the `units` table
with it (a unit's name is on every screen and document)."""

from __future__ import annotations

from typing import Any

from xiaoneng.model.people import Unit
from xiaoneng.store import layout, schema
from xiaoneng.store.repos.common import Ref
from xiaoneng.store.store import Store
from xiaoneng.store.txn import Txn

UNITS = "units"
EVENTS = "unit_events"
AGENCY = "agency"
_STAGED = "org.units"  # txn.values key: the units as staged in this transaction


def unit_id(number: int) -> str:
    return f"u{number:04d}"


def unit_number(unit: str) -> int | None:
    """The number in a unit id (u0003 -> 3), printed in record numbers; None if it has none."""
    digits = unit[1:]
    return int(digits) if unit.startswith("u") and digits.isdigit() else None


class OrgRepo:
    def __init__(self, store: Store):
        self.store = store

    def agency(self) -> dict[str, Any]:
        return self.store.get(layout.META, schema.META_TABLE, AGENCY) or {}

    def units(self) -> list[Unit]:
        """Every unit, active or not, by id."""
        docs = self.store.table(layout.ORG, UNITS)
        return sorted((Unit.from_dict(d) for d in docs.values()), key=lambda u: u.id)

    def unit(self, unit_id: str) -> Unit | None:
        d = self.store.get(layout.ORG, UNITS, unit_id)
        return Unit.from_dict(d) if d else None

    # -- writing ---------------------------------------------------------------

    def agency_txn(self, txn: Txn) -> dict[str, Any]:
        return dict(txn.get(layout.META, schema.META_TABLE, AGENCY) or {})

    def put_agency_txn(self, txn: Txn, info: dict[str, Any]) -> None:
        txn.put(layout.META, schema.META_TABLE, AGENCY, info)

    def units_txn(self, txn: Txn) -> dict[str, Unit]:
        """Every unit as staged in `txn`, by id: read once per transaction (an
        import of 50,000 people resolves a unit for each), so treat it as
        read-only; `new_unit_txn` keeps it up to date."""
        units: dict[str, Unit] | None = txn.values.get(_STAGED)
        if units is None:
            docs = txn.all(layout.ORG, UNITS)
            units = txn.values[_STAGED] = {k: Unit.from_dict(d) for k, d in docs.items()}
        return units

    def event_ref(self) -> Ref:
        """Where the signed record of a unit created goes."""
        return Ref(layout.ORG, EVENTS, "")

    def new_unit_txn(self, txn: Txn, name: str, parent: str | None) -> Unit:
        """A unit with the next free id (u0001, u0002...)."""
        units = self.units_txn(txn)
        numbers = [int(k[1:]) for k in units if k[1:].isdigit()]
        unit = Unit(unit_id(max(numbers, default=0) + 1), name, parent)
        txn.put(layout.ORG, UNITS, unit.id, unit.to_dict())
        units[unit.id] = unit
        return unit


def unit_event(unit: Unit) -> dict[str, Any]:
    """The signed record of a unit as created."""
    return {"unit": unit.id, "snapshot": unit.to_dict()}


def fold_units(events: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The `units` table as the signed events (in ledger order) leave it."""
    out: dict[str, dict[str, Any]] = {}
    for ev in events:
        if isinstance(ev.get("snapshot"), dict):
            out[str(ev.get("unit", ""))] = ev["snapshot"]
    return out
