"""The training class (培训班) for the applicant posts' leaders: timetable, participants,
attendance per course, and the completion rule.

Participants come from outside the roster (post leaders, sector women's
committee heads): they are held here with name, organisation, position and
phone, linked to their post, and never log in. A helper at the door records
each sign-in and confirms it with their own PIN; the record keeps who did.
A participant completes the class (结业) by attending every compulsory
course: 签到 or 补签 counts, 请假 and 缺席 do not.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from xiaoneng.errors import UserError
from xiaoneng.model.dates import cn_date

SLOTS = {"am": "上午", "pm": "下午"}
ATTENDANCE_KINDS = {"self": "签到", "late": "补签", "leave": "请假", "absent": "缺席"}
PRESENT = ("self", "late")
PARTICIPANT_ROLES = {
    "post_leader": "岗位负责人",
    "sector_head": "行业妇委会负责人",
    "other": "其他",
}


class AttendanceError(UserError):
    """A sign-in the class, the course or the kind does not allow."""


@dataclass(frozen=True)
class Course:
    id: str
    title: str
    speaker: str  # 主讲人 (or the host post, for a visit)
    day: str  # ISO date
    slot: str  # a key of SLOTS
    compulsory: bool = True

    def when(self) -> str:
        return f"{cn_date(self.day, year=False)}{SLOTS.get(self.slot, self.slot)}"

    def sort_key(self) -> tuple[str, int]:
        return (self.day, list(SLOTS).index(self.slot) if self.slot in SLOTS else len(SLOTS))


@dataclass(frozen=True)
class TrainingClass:
    id: str
    title: str  # e.g. 2026年度巾帼文明岗创建培训班
    year: int
    place: str
    start: str  # ISO date of the first day
    end: str  # ISO date of the last day
    courses: tuple[Course, ...] = ()
    # Roster ids of the people who may confirm sign-ins at the door, beside the
    # office and the programme's department.
    helpers: tuple[str, ...] = ()

    def days(self) -> list[dt.date]:
        first, last = dt.date.fromisoformat(self.start), dt.date.fromisoformat(self.end)
        return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]

    def timetable(self) -> list[Course]:
        """Courses in the order they are held (a stable sort keeps the given order in a slot)."""
        return sorted(self.courses, key=Course.sort_key)

    def course(self, course_id: str) -> Course | None:
        return next((c for c in self.courses if c.id == course_id), None)

    def in_slot(self, day: str, slot: str) -> list[Course]:
        """The courses of one half-day: signing in for the half-day signs all of them."""
        return [c for c in self.timetable() if c.day == day and c.slot == slot]

    def compulsory(self) -> list[Course]:
        return [c for c in self.timetable() if c.compulsory]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "year": self.year,
            "place": self.place,
            "start": self.start,
            "end": self.end,
            "courses": [vars(c).copy() for c in self.courses],
            "helpers": list(self.helpers),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> TrainingClass:
        courses = tuple(
            Course(
                id=str(c["id"]),
                title=str(c["title"]),
                speaker=str(c.get("speaker", "")),
                day=str(c["day"]),
                slot=str(c["slot"]),
                compulsory=bool(c.get("compulsory", True)),
            )
            for c in d.get("courses", ())
        )
        return cls(
            id=str(d["id"]),
            title=str(d["title"]),
            year=int(d["year"]),
            place=str(d.get("place", "")),
            start=str(d["start"]),
            end=str(d["end"]),
            courses=courses,
            helpers=tuple(str(h) for h in d.get("helpers", ())),
        )


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def class_problems(training: TrainingClass, *, draft: bool = False) -> list[str]:
    """What is wrong with a class and its timetable, in Chinese ([] when fine).

    A `draft` is a class the office is still setting up: it may have no
    courses (or no compulsory one) yet.
    """
    out: list[str] = []
    if not training.title.strip():
        out.append("培训班名称不能为空")
    if not training.place.strip():
        out.append("培训地点不能为空")
    start, end = _date(training.start), _date(training.end)
    if start is None or end is None:
        return [*out, f"培训日期应写成 2026-05-12，实际为“{training.start}”至“{training.end}”"]
    if end < start:
        out.append(f"结束日期 {training.end} 早于开始日期 {training.start}")
    elif (end - start).days > 30:
        out.append(f"培训班从 {training.start} 到 {training.end} 超过一个月，请核对日期")
    if not training.courses and not draft:
        out.append("课程表中至少要有一门课程")
    seen: set[str] = set()
    for n, c in enumerate(training.courses, 1):
        where = f"第 {n} 门课程“{c.title}”"
        if c.id in seen:
            out.append(f"{where}的编号 {c.id} 重复")
        seen.add(c.id)
        if not c.title.strip():
            out.append(f"第 {n} 门课程没有名称")
        if not c.speaker.strip():
            out.append(f"{where}没有写主讲人")
        if c.slot not in SLOTS:
            out.append(f"{where}的时段应为上午或下午，实际为“{c.slot}”")
        day = _date(c.day)
        if day is None or not start <= day <= end:
            out.append(
                f"{where}的日期 {c.day} 不在培训班日期 {training.start} 至 {training.end} 之内"
            )
    if training.courses and not any(c.compulsory for c in training.courses) and not draft:
        out.append("至少要有一门必修课程（结业以参加全部必修课程为准）")
    return out


@dataclass(frozen=True)
class Participant:
    id: str
    training: str  # class id
    name: str
    organisation: str  # 单位
    position: str = ""  # 职务
    phone: str = ""
    post: str = ""  # applicant post id; "" for a sector head, who has no post
    role: str = "post_leader"  # a key of PARTICIPANT_ROLES

    def to_dict(self) -> dict[str, Any]:
        return vars(self).copy()

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Participant:
        fields = ("id", "training", "name", "organisation", "position", "phone", "post", "role")
        return cls(**{k: str(d[k]) for k in fields if k in d})


def participant_problems(p: Participant, post_ids: Iterable[str]) -> list[str]:
    out: list[str] = []
    if not p.name.strip():
        out.append("学员姓名不能为空")
    if not p.organisation.strip():
        out.append(f"学员“{p.name}”的单位不能为空")
    if p.role not in PARTICIPANT_ROLES:
        out.append(f"学员“{p.name}”的类别应为 {'、'.join(PARTICIPANT_ROLES.values())} 之一")
    if p.post and p.post not in set(post_ids):
        out.append(f"学员“{p.name}”所属的申报岗位 {p.post} 不存在")
    if p.role == "post_leader" and not p.post:
        out.append(f"学员“{p.name}”是岗位负责人，应关联所在的申报岗位")
    return out


def find_participants(participants: Iterable[Participant], query: str) -> list[Participant]:
    """Kiosk search: by part of the name, or by the last digits of the phone (4 or more)."""
    q = query.strip()
    if not q:
        return []
    digits = re.sub(r"\D", "", q)
    if digits and digits == q.replace(" ", "").replace("-", ""):
        if len(digits) < 4:
            return []
        return [p for p in participants if re.sub(r"\D", "", p.phone).endswith(digits)]
    return [p for p in participants if q in p.name]


@dataclass(frozen=True)
class Attendance:
    training: str
    course: str
    participant: str
    kind: str  # a key of ATTENDANCE_KINDS
    time: str  # ISO datetime it was recorded
    entered_by: str  # person id of the helper or clerk who confirmed it with their PIN
    reason: str = ""

    @property
    def present(self) -> bool:
        return self.kind in PRESENT

    @property
    def label(self) -> str:
        return ATTENDANCE_KINDS.get(self.kind, self.kind)

    def to_dict(self) -> dict[str, Any]:
        return vars(self).copy()

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Attendance:
        fields = ("training", "course", "participant", "kind", "time", "entered_by", "reason")
        return cls(**{k: str(d[k]) for k in fields if k in d})


def check_attendance(
    training: TrainingClass,
    participant: Participant,
    course_id: str,
    kind: str,
    when: dt.datetime,
    reason: str = "",
) -> Course:
    """The course, if this record may be made; AttendanceError (Chinese) otherwise.

    签到 is taken at the door on the course's day; a sign-in after that day is
    a 补签 with a reason. 请假 may be recorded beforehand; 补签 and 缺席 only
    once the course's day has come. Every kind but 签到 needs a reason.
    """
    if participant.training != training.id:
        raise AttendanceError(f"“{participant.name}”不是“{training.title}”的学员")
    course = training.course(course_id)
    if course is None:
        raise AttendanceError(f"“{training.title}”没有编号为 {course_id} 的课程")
    if kind not in ATTENDANCE_KINDS:
        names = "、".join(f"{k}（{v}）" for k, v in ATTENDANCE_KINDS.items())
        raise AttendanceError(f"签到类别应为 {names} 之一，实际为“{kind}”")
    label = ATTENDANCE_KINDS[kind]
    if kind != "self" and not reason.strip():
        raise AttendanceError(f"{label}必须写明原因")
    day = dt.date.fromisoformat(course.day)
    today = when.date()
    if kind == "self" and today != day:
        hint = "，事后请用补签并写明原因" if today > day else "，课程当天才能签到"
        raise AttendanceError(f"“{course.title}”在 {course.when()}，今天是 {cn_date(today)}{hint}")
    if kind in ("late", "absent") and today < day:
        raise AttendanceError(f"“{course.title}”在 {course.when()}，尚未开始，不能记{label}")
    return course


def latest(records: Iterable[Attendance]) -> dict[tuple[str, str], Attendance]:
    """(participant, course) -> the record in force: the last one made (a correction wins)."""
    out: dict[tuple[str, str], Attendance] = {}
    for r in sorted(records, key=lambda r: r.time):
        out[(r.participant, r.course)] = r
    return out


@dataclass(frozen=True)
class ParticipantRecord:
    participant: Participant
    courses: tuple[tuple[Course, Attendance | None], ...]  # in timetable order

    @property
    def attended(self) -> int:
        return sum(1 for _c, a in self.courses if a is not None and a.present)

    @property
    def missed_compulsory(self) -> list[Course]:
        return [c for c, a in self.courses if c.compulsory and (a is None or not a.present)]

    @property
    def completed(self) -> bool:
        """结业: present at every compulsory course."""
        return not self.missed_compulsory


def participant_record(
    training: TrainingClass, participant: Participant, records: Iterable[Attendance]
) -> ParticipantRecord:
    mine = (r for r in records if r.training == training.id and r.participant == participant.id)
    current = latest(mine)
    courses = tuple((c, current.get((participant.id, c.id))) for c in training.timetable())
    return ParticipantRecord(participant, courses)


def course_roll(
    training: TrainingClass,
    course: Course,
    participants: Iterable[Participant],
    records: Iterable[Attendance],
) -> list[tuple[Participant, Attendance | None]]:
    """The sign-in sheet of one course: every participant with their record, if any."""
    current = latest(r for r in records if r.training == training.id and r.course == course.id)
    return [(p, current.get((p.id, course.id))) for p in participants]
