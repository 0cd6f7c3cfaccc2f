"""Sign-in at the 巾帼文明岗 training class, per course or half-day.

Participants never log in: the office, the programme's department or a door
helper named on the class records each sign-in and confirms it with their
own PIN, and the record keeps who did. A half-day sign-in records every
course of that half-day. 补签, 请假 and 缺席 need a reason. Every record is
signed in the ledger; the last one for a participant and course is in force.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from xiaoneng.errors import PermissionDenied, UserError
from xiaoneng.model.dates import cn_date
from xiaoneng.model.training import (
    ATTENDANCE_KINDS,
    SLOTS,
    Attendance,
    AttendanceError,
    Course,
    Participant,
    ParticipantRecord,
    TrainingClass,
    check_attendance,
    latest,
    participant_record,
)
from xiaoneng.services.permissions import Actor
from xiaoneng.services.posts import MANAGE
from xiaoneng.services.text import clean_note
from xiaoneng.store import Txn

if TYPE_CHECKING:
    from xiaoneng.model.people import Person
    from xiaoneng.services.core import Core


@dataclass(frozen=True)
class Sitting:
    """What the door signs in for: one course, or a half-day (all of its courses)."""

    day: str  # ISO date
    slot: str  # a key of SLOTS
    course: str = ""  # a course id; "" for the whole half-day

    @property
    def key(self) -> str:
        return self.course or f"{self.day}:{self.slot}"

    def courses(self, training: TrainingClass) -> list[Course]:
        if self.course:
            found = training.course(self.course)
            return [found] if found else []
        return training.in_slot(self.day, self.slot)

    def label(self, training: TrainingClass) -> str:
        when = f"{cn_date(self.day, year=False)}{SLOTS.get(self.slot, self.slot)}"
        if self.course:
            found = training.course(self.course)
            return f"{when}：{found.title if found else self.course}"
        n = len(training.in_slot(self.day, self.slot))
        return f"{when}（半天，{n} 门课程）"


def sittings(training: TrainingClass) -> list[Sitting]:
    """Each half-day, followed by its courses one by one, in timetable order."""
    out: list[Sitting] = []
    for c in training.timetable():
        half = Sitting(c.day, c.slot)
        if half not in out:
            out.append(half)
        out.append(Sitting(c.day, c.slot, c.id))
    return out


def sitting_of(training: TrainingClass, key: str) -> Sitting:
    """The sitting a key names: a course id, or `2026-05-12:am` for a half-day."""
    for s in sittings(training):
        if s.key == key:
            return s
    raise UserError(f"“{training.title}”没有“{key[:30]}”这一课程或时段。")


@dataclass(frozen=True)
class Recorded:
    """What one confirmation at the door wrote."""

    participant: Participant
    records: tuple[Attendance, ...]
    entries: tuple[dict[str, Any], ...]
    skipped: tuple[Course, ...]  # courses of the half-day already signed in


class TrainingSignin:
    def __init__(self, core: Core):
        self.core = core
        self.repo = core.repos.training

    # -- attendance ---------------------------------------------------------------

    def attendance(self, training: TrainingClass) -> list[Attendance]:
        return self.repo.attendance(training)

    def records(self, training: TrainingClass) -> list[ParticipantRecord]:
        """Each participant's attendance across the class, and whether they completed it."""
        records = self.repo.attendance(training)
        return [
            participant_record(training, p, records)
            for p in self.core.training.participants(training)
        ]

    def states(self, training: TrainingClass) -> dict[tuple[str, str], Attendance]:
        """(participant, course) -> the record in force."""
        return latest(self.repo.attendance(training))

    def may_confirm(self, person: Person, training: TrainingClass) -> bool:
        return any(person.has(r) for r in MANAGE) or person.id in training.helpers

    def confirm(
        self,
        helper: Person,
        pin: str,
        class_id: str,
        participant_id: str,
        sitting: str,
        kind: str = "self",
        reason: str = "",
    ) -> Recorded:
        """A sign-in (or 补签, 请假, 缺席) confirmed at the door with the helper's own PIN."""
        training = self.core.training.get(class_id)
        if not self.may_confirm(helper, training):
            raise PermissionDenied(
                f"{helper.name}不是“{training.title}”的门口协助人员，不能确认签到（请办公室在培训班中添加）。"
            )
        participant = self.core.training.participant(training, participant_id)
        courses = sitting_of(training, sitting).courses(training)
        self.precheck(training, participant, courses, kind, reason)
        self.core.auth.confirm(helper, pin)
        with self.core.store.transaction() as txn:
            return self.record_txn(txn, helper, training, participant, courses, kind, reason)

    def precheck(
        self,
        training: TrainingClass,
        participant: Participant,
        courses: list[Course],
        kind: str,
        reason: str,
    ) -> None:
        """Refuse (before the PIN is asked) a record that cannot be made."""
        now = self.core.now()
        for c in courses:
            check_attendance(training, participant, c.id, kind, now, reason)
        if kind == "self":
            current = self.states(training)
            todo = [c for c in courses if not _present(current.get((participant.id, c.id)))]
            if not todo:
                raise AttendanceError(f"{participant.name}已签到（{_titles(courses)}）。")

    def record_txn(
        self,
        txn: Txn,
        actor: Actor,
        training: TrainingClass,
        participant: Participant,
        courses: list[Course],
        kind: str,
        reason: str,
    ) -> Recorded:
        reason = clean_note(reason, "原因", max_len=200)
        now = self.core.now()
        current = latest(self.repo.attendance_txn(txn, training))
        made, entries, skipped = [], [], []
        for course in courses:
            check_attendance(training, participant, course.id, kind, now, reason)
            if kind == "self" and _present(current.get((participant.id, course.id))):
                skipped.append(course)
                continue
            record = Attendance(
                training=training.id,
                course=course.id,
                participant=participant.id,
                kind=kind,
                time=self.core.now_iso(),
                entered_by=actor.id,
                reason=reason,
            )
            entries.append(
                self.core.ledger.sign_txn(
                    txn,
                    actor=actor.id,
                    action="training.attend" if kind == "self" else "training.record",
                    time=record.time,
                    ref=self.repo.attendance_ref(training.year),
                    record=record.to_dict(),
                )
            )
            made.append(record)
        if not made:
            raise AttendanceError(f"{participant.name}已签到（{_titles(courses)}）。")
        return Recorded(participant, tuple(made), tuple(entries), tuple(skipped))


def _present(record: Attendance | None) -> bool:
    return record is not None and record.present


def _titles(courses: list[Course]) -> str:
    return "、".join(c.title for c in courses)


def kind_label(kind: str) -> str:
    return ATTENDANCE_KINDS.get(kind, kind)


def today_sitting(training: TrainingClass, now: dt.datetime) -> Sitting | None:
    """The half-day under way (morning until noon), for the kiosk to start on."""
    day = now.date().isoformat()
    slot = "am" if now.hour < 12 else "pm"
    half = Sitting(day, slot)
    return half if training.in_slot(day, slot) else None
