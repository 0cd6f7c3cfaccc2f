"""Quiz attempts and signed completions of study modules, in the person's
unit file: attempts keyed `<person>:<module>:<version>:<n>`, completions
`<person>:<module>:<version>` (one a version a year)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from xiaoneng.model.records import Completion, QuizAttempt
from xiaoneng.store.repos.common import Ref
from xiaoneng.store.repos.units import ATTEMPTS, COMPLETIONS, UnitRecords
from xiaoneng.store.store import Store
from xiaoneng.store.txn import Txn

Tables = Mapping[str, dict[str, dict[str, Any]]]


def attempt_key(person: str, module: str, version: str, number: int) -> str:
    return f"{person}:{module}:{version}:{number}"


def completion_key(person: str, module: str, version: str) -> str:
    return f"{person}:{module}:{version}"


class StudyRecords:
    """One person's attempts and completions, read from their unit's tables."""

    def __init__(self, tables: Tables, person: str):
        self.tables, self.person = tables, person

    def completed_versions(self, module: str) -> list[str]:
        return [
            c["module"]["version"]
            for c in self.tables.get(COMPLETIONS, {}).values()
            if c["person"] == self.person and c["module"]["id"] == module
        ]

    def attempts(self, module: str, version: str) -> list[QuizAttempt]:
        return [
            QuizAttempt.from_dict(a)
            for a in self.tables.get(ATTEMPTS, {}).values()
            if a["person"] == self.person
            and a["module"]["id"] == module
            and a["module"]["version"] == version
        ]


class StudyRepo:
    def __init__(self, store: Store, units: UnitRecords):
        self.store, self.units = store, units

    def records(self, year: int, unit: str, person: str) -> StudyRecords:
        return StudyRecords(self.units.tables(year, unit), person)

    def completion(
        self, year: int, unit: str, person: str, module: str, version: str
    ) -> tuple[Completion, int | None] | None:
        """The signed completion and the number of its ledger entry."""
        d = self.units.table(year, unit, COMPLETIONS).get(completion_key(person, module, version))
        return (Completion.from_dict(d), d.get("seq")) if d else None

    def completion_docs(self, year: int, unit: str) -> dict[str, dict[str, Any]]:
        """The unit's stored completions as signed (for exports)."""
        return self.units.table(year, unit, COMPLETIONS)

    def attempt_docs(self, year: int, unit: str) -> dict[str, dict[str, Any]]:
        return self.units.table(year, unit, ATTEMPTS)

    # -- writing ---------------------------------------------------------------

    def records_txn(self, txn: Txn, year: int, unit: str, person: str) -> StudyRecords:
        return StudyRecords(self.units.open_txn(txn, year, unit).tables(), person)

    def put_attempt_txn(self, txn: Txn, year: int, unit: str, attempt: QuizAttempt) -> None:
        self.units.open_txn(txn, year, unit).put(ATTEMPTS, attempt.id, attempt.to_dict())

    def void_attempts_txn(self, txn: Txn, year: int, unit: str, ids: list[str]) -> None:
        """Mark attempts voided (kept on record, no longer counted)."""
        f = self.units.open_txn(txn, year, unit)
        for key in ids:
            f.update(ATTEMPTS, key, {"voided": True})

    def completion_ref_txn(
        self, txn: Txn, year: int, unit: str, person: str, module: str, version: str
    ) -> Ref:
        """Where the signed completion goes (the unit file, summary refreshed)."""
        return self.units.open_txn(txn, year, unit).ref(
            COMPLETIONS, completion_key(person, module, version)
        )
