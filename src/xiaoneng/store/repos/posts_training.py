"""The 巾帼文明岗 training class of a year and its attendance.

- `records/<year>/training.json`: `classes` (class id T<year>-nnn: dates,
  place, timetable, door helpers) and `participants` (R<year>-nnn: people
  from outside the roster, linked to their post). The office edits both.
- `records/<year>/attendance.json`: `attendance`, one signed record per
  sign-in, 补签, 请假 or 缺席, keyed by its ledger number; for a participant
  and a course the last one is in force (a correction is a new record).
"""

from __future__ import annotations

from typing import Any

from xiaoneng.model.training import Attendance, Participant, TrainingClass
from xiaoneng.store import layout
from xiaoneng.store.repos.common import Ref, next_key, year_of
from xiaoneng.store.store import Store
from xiaoneng.store.txn import Txn

CLASSES = "classes"
PARTICIPANTS = "participants"
ATTENDANCE = "attendance"


def training_part(year: int) -> str:
    return f"{layout.RECORDS_DIR}/{int(year)}/training.json"


def attendance_part(year: int) -> str:
    return f"{layout.RECORDS_DIR}/{int(year)}/attendance.json"


class TrainingRepo:
    def __init__(self, store: Store):
        self.store = store

    # -- reading ---------------------------------------------------------------

    def classes(self, year: int) -> list[TrainingClass]:
        docs = self.store.table(training_part(year), CLASSES)
        return sorted((TrainingClass.from_dict(d) for d in docs.values()), key=lambda c: c.start)

    def get(self, class_id: str) -> TrainingClass | None:
        year = year_of(class_id)
        d = self.store.get(training_part(year), CLASSES, class_id) if year else None
        return TrainingClass.from_dict(d) if d else None

    def participants(self, training: TrainingClass) -> list[Participant]:
        docs = self.store.table(training_part(training.year), PARTICIPANTS)
        return sorted(
            (p for p in map(Participant.from_dict, docs.values()) if p.training == training.id),
            key=lambda p: p.id,
        )

    def participant(self, training: TrainingClass, pid: str) -> Participant | None:
        d = self.store.get(training_part(training.year), PARTICIPANTS, pid)
        p = Participant.from_dict(d) if d else None
        return p if p is not None and p.training == training.id else None

    def attendance(self, training: TrainingClass) -> list[Attendance]:
        """Every record of the class, in the order they were made."""
        docs = self.store.table(attendance_part(training.year), ATTENDANCE)
        keys = sorted(docs, key=lambda k: int(k) if k.isdigit() else 0)
        return [
            a for a in (Attendance.from_dict(docs[k]) for k in keys) if a.training == training.id
        ]

    def attendance_doc(self, training: TrainingClass, seq: int) -> dict[str, Any] | None:
        """A stored record as signed (exports check it against its ledger entry)."""
        return self.store.get(attendance_part(training.year), ATTENDANCE, str(seq))

    def attendance_docs(self, training: TrainingClass) -> list[dict[str, Any]]:
        docs = self.store.table(attendance_part(training.year), ATTENDANCE)
        return [d for d in docs.values() if d.get("training") == training.id]

    # -- writing ---------------------------------------------------------------

    def new_class_id_txn(self, txn: Txn, year: int) -> str:
        return next_key(txn.all(training_part(year), CLASSES), f"T{year}-")

    def get_txn(self, txn: Txn, class_id: str) -> TrainingClass | None:
        year = year_of(class_id)
        d = txn.get(training_part(year), CLASSES, class_id) if year else None
        return TrainingClass.from_dict(d) if d else None

    def put_txn(self, txn: Txn, training: TrainingClass) -> None:
        txn.put(training_part(training.year), CLASSES, training.id, training.to_dict())

    def participants_txn(self, txn: Txn, training: TrainingClass) -> list[Participant]:
        docs = txn.all(training_part(training.year), PARTICIPANTS)
        return [p for p in map(Participant.from_dict, docs.values()) if p.training == training.id]

    def new_participant_ids_txn(self, txn: Txn, year: int, count: int) -> list[str]:
        existing = dict(txn.all(training_part(year), PARTICIPANTS))
        out = []
        for _ in range(count):
            key = next_key(existing, f"R{year}-")
            existing[key] = {}
            out.append(key)
        return out

    def put_participants_txn(self, txn: Txn, year: int, people: list[Participant]) -> None:
        txn.put_many(training_part(year), PARTICIPANTS, {p.id: p.to_dict() for p in people})

    def delete_participant_txn(self, txn: Txn, year: int, pid: str) -> None:
        txn.delete(training_part(year), PARTICIPANTS, [pid])

    def attendance_txn(self, txn: Txn, training: TrainingClass) -> list[Attendance]:
        docs = txn.all(attendance_part(training.year), ATTENDANCE)
        keys = sorted(docs, key=lambda k: int(k) if k.isdigit() else 0)
        return [
            a for a in (Attendance.from_dict(docs[k]) for k in keys) if a.training == training.id
        ]

    def attendance_ref(self, year: int) -> Ref:
        """Where a signed attendance record goes (keyed by its ledger number)."""
        return Ref(attendance_part(year), ATTENDANCE, "")
