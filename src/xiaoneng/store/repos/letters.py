"""Signed commitment letters, in the signer's unit file.

Key `<template>:<year>:<signer>:<version>`: re-signing a new version of the
template adds a record and leaves the earlier signature (and its ledger
entry) as it was.
"""

from __future__ import annotations

from typing import Any

from xiaoneng.model.records import Letter
from xiaoneng.store.repos.common import Ref
from xiaoneng.store.repos.units import LETTERS, UnitRecords
from xiaoneng.store.store import Store
from xiaoneng.store.txn import Txn


def letter_key(template_id: str, year: int, signer: str, version: str) -> str:
    return f"{template_id}:{year}:{signer}:{version}"


def _latest(docs: dict[str, dict[str, Any]], prefix: str) -> dict[str, Any] | None:
    mine = [d for k, d in docs.items() if k.startswith(prefix)]
    return max(mine, key=lambda d: (d["signed_at"], d.get("seq", 0))) if mine else None


class LettersRepo:
    def __init__(self, store: Store, units: UnitRecords):
        self.store, self.units = store, units

    def latest(
        self, template_id: str, year: int, signer: str, unit: str
    ) -> tuple[Letter, int | None] | None:
        """The signer's latest letter of the template that year (any version), and
        the number of the ledger entry that signed it."""
        d = _latest(self.units.table(year, unit, LETTERS), f"{template_id}:{year}:{signer}:")
        return (Letter.from_dict(d), d.get("seq")) if d else None

    def signed(self, year: int, unit: str) -> list[tuple[Letter, int | None]]:
        """Every letter signed in the unit that year, with its ledger entry number."""
        return [
            (Letter.from_dict(d), d.get("seq"))
            for d in self.units.table(year, unit, LETTERS).values()
        ]

    def letter_docs(self, year: int, unit: str) -> dict[str, dict[str, Any]]:
        """The unit's signed letters as stored (for exports)."""
        return self.units.table(year, unit, LETTERS)

    # -- writing ---------------------------------------------------------------

    def get_txn(self, txn: Txn, key: str, year: int, unit: str) -> Letter | None:
        d = self.units.open_txn(txn, year, unit).get(LETTERS, key)
        return Letter.from_dict(d) if d else None

    def letter_ref_txn(self, txn: Txn, key: str, year: int, unit: str) -> Ref:
        """Where the signed letter goes (the signer's unit file, summary refreshed)."""
        return self.units.open_txn(txn, year, unit).ref(LETTERS, key)
