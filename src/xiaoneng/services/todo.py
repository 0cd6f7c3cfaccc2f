"""What is waiting for one person (我的待办), each item with its deadline."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from xiaoneng.errors import PermissionDenied
from xiaoneng.model.dates import cn_datetime, parse_date
from xiaoneng.model.people import Person
from xiaoneng.model.records import Progress

if TYPE_CHECKING:
    from xiaoneng.services.core import Core

KIND_LABELS = {
    "study": "学习",
    "session": "签到",
    "self": "自查",
    "peer": "互查",
    "lead": "巡查",
    "letter": "承诺书",
    "fix": "整改",
    "review": "复查",
}


@dataclass(frozen=True)
class TodoItem:
    kind: str  # a key of KIND_LABELS
    title: str
    due: dt.date | None
    ref: tuple[Any, ...]  # what the screen needs to open it
    note: str = ""

    def overdue(self, today: dt.date) -> bool:
        return self.due is not None and today > self.due

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]


# What a unit head's view counts per person, with its column label.
DUTIES = {"study": "学习", "session": "签到", "check": "检查", "letter": "承诺书"}
DUTY_OF = {
    "study": "study",
    "session": "session",
    "self": "check",
    "peer": "check",
    "lead": "check",
    "letter": "letter",
}


@dataclass(frozen=True)
class PersonDuties:
    """One person's completion (done out of due, per duty) and what is still to do."""

    person: Person
    progress: dict[str, Progress]  # a key of DUTIES ->
    pending: list[TodoItem]  # including findings they must rectify


@dataclass(frozen=True)
class UnitDuties:
    """A unit head's view of their unit: everyone's duties and the unit's findings."""

    unit: str
    unit_name: str
    people: list[PersonDuties]
    open_findings: int
    overdue_findings: int


class TodoService:
    def __init__(self, core: Core):
        self.core = core

    def for_person(self, person: Person) -> list[TodoItem]:
        items, _progress = self._duties(person)
        fix, review = self.core.findings.mine(person)
        items += [_finding_item("fix", r) for r in fix]
        items += [_finding_item("review", r) for r in review]
        return self._sorted(items)

    def for_unit(self, actor: Person, unit: str) -> UnitDuties:
        """Everyone in `unit`: their completion and what they have not done
        (for its head, and for leaders and the office)."""
        if not (actor.sees_all or (actor.has("unit_head") and actor.unit == unit)):
            raise PermissionDenied(f"{actor.name}只能查看本单位的完成情况。")
        core, today = self.core, self.core.today()
        rows = [r for r in core.findings.rows(actor, unit=unit) if r["state"] != "closed"]
        people = []
        for p in core.roster.people(unit=unit):
            items, progress = self._duties(p)
            items += [
                _finding_item("fix", r)
                for r in rows
                if r["responsible"] == p.id and r["state"] in ("open", "in_progress")
            ]
            people.append(PersonDuties(p, progress, self._sorted(items)))
        return UnitDuties(
            unit,
            core.org.name_of(unit),
            people,
            open_findings=len(rows),
            overdue_findings=sum((parse_date(r["deadline"]) or today) < today for r in rows),
        )

    def _duties(self, person: Person) -> tuple[list[TodoItem], dict[str, Progress]]:
        """What `person` must do this year (studies, sign-ins, checks, letters):
        the items still open, and done out of due for each duty."""
        core = self.core
        year_end = dt.date(core.today().year, 12, 31)
        items: list[TodoItem] = []
        progress = {duty: Progress() for duty in DUTIES}

        def count(kind: str, done: bool) -> None:
            duty = progress[DUTY_OF[kind]]
            duty.due += 1
            duty.done += done

        for st in core.study.statuses(person):
            count("study", st.done)
            if not st.done:
                items.append(
                    TodoItem("study", st.module.title, year_end, ("study", st.module.id), st.label)
                )
        for s in core.sessions.sessions():
            if person.id not in s.attendees:
                continue
            signed = core.sessions.signin_of(s, person) is not None
            count("session", signed)
            if not signed:
                when = f"{cn_datetime(s.start)} {s.place}"
                if s.day < core.today():
                    when = "已过签到时间，请联系办公室补签"
                items.append(TodoItem("session", s.title, s.day, ("session", s.id), when))
        for task in core.tasks.for_person(person):
            count(task.mode, task.done)
            if not task.done:
                items.append(
                    TodoItem(
                        task.mode,
                        f"{task.activity.title}：{task.target_name}",
                        task.due,
                        ("check", task.activity.id, task.mode, task.target),
                    )
                )
        for d in core.letters.for_person(person):
            count("letter", d.state == "signed")
            if d.state != "signed":
                items.append(
                    TodoItem(
                        "letter", d.template.title, year_end, ("letter", d.template.id), d.label
                    )
                )
        return items, progress

    def _sorted(self, items: list[TodoItem]) -> list[TodoItem]:
        today = self.core.today()
        return sorted(items, key=lambda i: (not i.overdue(today), i.due or dt.date.max, i.kind))


def _finding_item(kind: str, row: dict[str, Any]) -> TodoItem:
    return TodoItem(kind, row["problem"], parse_date(row["deadline"]), ("finding", row["id"]))
