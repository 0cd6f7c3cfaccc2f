"""The 巾帼文明岗 training class of a year and its attendance.

- `records/<year>/training.json`: `classes` (class id T<year>-nnn: dates,
  place, timetable, door helpers) and `participants` (R<year>-nnn: people
  from outside the roster, linked to their post). The office edits both, and
  every edit is signed: `training_events`, keyed by ledger number, holds
  each class as saved and each batch of participants saved or removed, so
  `verify` compares the two tables with what their last events say (a
  timetable or a name changed with a text editor would change certificates).
- `records/<year>/attendance.json`: `attendance`, one signed record per
  sign-in, 补签, 请假 or 缺席, keyed by its ledger number; for a participant
  and a course the last one is in force (a correction is a new record).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from xiaoneng.model.training import Attendance, Participant, TrainingClass
from xiaoneng.store import layout
from xiaoneng.store.repos.common import Ref, next_key, signed_in_order, year_of
from xiaoneng.store.store import Store
from xiaoneng.store.txn import Txn

CLASSES = "classes"
PARTICIPANTS = "participants"
ATTENDANCE = "attendance"
EVENTS = "training_events"

Doc = dict[str, Any]


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
        return _attendance(docs, training)

    def attendance_doc(self, training: TrainingClass, seq: int) -> dict[str, Any] | None:
        """A stored record as signed (exports check it against its ledger entry)."""
        return self.store.get(attendance_part(training.year), ATTENDANCE, str(seq))

    def attendance_docs(self, training: TrainingClass) -> list[dict[str, Any]]:
        docs = self.store.table(attendance_part(training.year), ATTENDANCE)
        return [d for d in signed_in_order(docs.values()) if d.get("training") == training.id]

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
        return _attendance(txn.all(attendance_part(training.year), ATTENDANCE), training)

    def tables_txn(self, txn: Txn, year: int) -> dict[str, dict[str, Doc]]:
        """The year's classes and participants as stored (for the schema upgrade)."""
        part = training_part(year)
        return {t: dict(txn.all(part, t)) for t in (CLASSES, PARTICIPANTS)}

    def event_ref(self, year: int) -> Ref:
        """Where a signed edit of the class or its participants goes."""
        return Ref(training_part(year), EVENTS, "")

    def attendance_ref(self, year: int) -> Ref:
        """Where a signed attendance record goes (keyed by its ledger number)."""
        return Ref(attendance_part(year), ATTENDANCE, "")


def _attendance(docs: dict[str, dict[str, Any]], training: TrainingClass) -> list[Attendance]:
    """The class's signed records in the order they were made."""
    records = map(Attendance.from_dict, signed_in_order(docs.values()))
    return [a for a in records if a.training == training.id]


def class_event(training: TrainingClass) -> Doc:
    """The signed record of a class as saved."""
    return {"class": training.id, "snapshot": training.to_dict()}


def participants_event(saved: Iterable[Participant], removed: Iterable[str] = ()) -> Doc:
    """The signed record of participants saved (their fields) or removed (None)."""
    changes: dict[str, Doc | None] = {p.id: p.to_dict() for p in saved}
    changes.update(dict.fromkeys(removed))
    return {"participants": changes}


def fold_events(events: Iterable[Doc]) -> dict[str, dict[str, Doc]]:
    """The `classes` and `participants` tables as the signed events (in ledger
    order) leave them."""
    tables: dict[str, dict[str, Doc]] = {CLASSES: {}, PARTICIPANTS: {}}
    for ev in events:
        snap = ev.get("snapshot")
        if "class" in ev and isinstance(snap, dict):
            tables[CLASSES][str(ev["class"])] = snap
        for pid, doc in (ev.get("participants") or {}).items():
            if isinstance(doc, dict):
                tables[PARTICIPANTS][str(pid)] = doc
            else:
                tables[PARTICIPANTS].pop(str(pid), None)
    return tables
