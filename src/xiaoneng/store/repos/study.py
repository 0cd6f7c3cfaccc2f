"""Quiz attempts, the office's resets of them, and signed completions of study
modules, in the person's unit file: attempts keyed `<person>:<module>:<version>:<n>`,
completions `<person>:<module>:<version>` (one a version a year), resets by the
number of the ledger entry that signed them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from xiaoneng.model.records import AttemptReset, Completion, QuizAttempt
from xiaoneng.store.repos.common import Ref
from xiaoneng.store.repos.units import ATTEMPT_RESETS, ATTEMPTS, COMPLETIONS, UnitRecords
from xiaoneng.store.store import Store
from xiaoneng.store.txn import Txn

Tables = Mapping[str, dict[str, dict[str, Any]]]


def attempt_key(person: str, module: str, version: str, number: int) -> str:
    return f"{person}:{module}:{version}:{number}"


def completion_key(person: str, module: str, version: str) -> str:
    return f"{person}:{module}:{version}"


def _of(doc: dict[str, Any], person: str, module: str, version: str | None) -> bool:
    ref = doc["module"]
    return (
        doc["person"] == person
        and ref["id"] == module
        and (version is None or ref["version"] == version)
    )


class StudyRecords:
    """One person's attempts, resets and completions, read from their unit's tables."""

    def __init__(self, tables: Tables, person: str):
        self.tables, self.person = tables, person

    def completed_versions(self, module: str) -> list[str]:
        return [
            c["module"]["version"]
            for c in self.tables.get(COMPLETIONS, {}).values()
            if c["person"] == self.person and c["module"]["id"] == module
        ]

    def completion(self, module: str, version: str) -> Completion | None:
        d = self.tables.get(COMPLETIONS, {}).get(completion_key(self.person, module, version))
        return Completion.from_dict(d) if d else None

    def attempts(self, module: str, version: str | None) -> list[QuizAttempt]:
        """Every attempt on the module (one version, or any: None), signed or not,
        in the order they were made."""
        found = [
            QuizAttempt.from_dict(a)
            for a in self.tables.get(ATTEMPTS, {}).values()
            if _of(a, self.person, module, version)
        ]
        return sorted(found, key=lambda a: (a.time, a.number))

    def resets(self, module: str, version: str | None) -> list[AttemptReset]:
        """The office's signed resets of this person's attempts on the module."""
        found = [
            (d.get("seq", 0), AttemptReset.from_dict(d))
            for d in self.tables.get(ATTEMPT_RESETS, {}).values()
            if isinstance(d.get("seq"), int) and _of(d, self.person, module, version)
        ]
        return [r for _seq, r in sorted(found, key=lambda t: t[0])]

    def voided(self, module: str, version: str | None) -> set[str]:
        """The ids of attempts a signed reset no longer counts."""
        return {a for r in self.resets(module, version) for a in r.attempts}


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

    def reset_docs(self, year: int, unit: str) -> dict[str, dict[str, Any]]:
        return self.units.table(year, unit, ATTEMPT_RESETS)

    # -- writing ---------------------------------------------------------------

    def records_txn(self, txn: Txn, year: int, unit: str, person: str) -> StudyRecords:
        return StudyRecords(self.units.open_txn(txn, year, unit).tables(), person)

    def attempt_ref_txn(self, txn: Txn, year: int, unit: str, attempt_id: str) -> Ref:
        """Where a signed attempt goes."""
        return self.units.open_txn(txn, year, unit).ref(ATTEMPTS, attempt_id)

    def reset_ref_txn(self, txn: Txn, year: int, unit: str) -> Ref:
        """Where a signed reset goes (keyed by its ledger entry number)."""
        return self.units.open_txn(txn, year, unit).ref(ATTEMPT_RESETS, "")

    def completion_ref_txn(
        self, txn: Txn, year: int, unit: str, person: str, module: str, version: str
    ) -> Ref:
        """Where the signed completion goes (the unit file, summary refreshed)."""
        return self.units.open_txn(txn, year, unit).ref(
            COMPLETIONS, completion_key(person, module, version)
        )
