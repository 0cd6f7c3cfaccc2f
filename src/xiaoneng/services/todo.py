"""What is waiting for one person (我的待办), each item with its deadline."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, overload

from xiaoneng.errors import PermissionDenied
from xiaoneng.model.dates import cn_datetime, parse_date
from xiaoneng.model.people import Person
from xiaoneng.model.records import Progress

if TYPE_CHECKING:
    from xiaoneng.services.core import Core

Doc = dict[str, Any]

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

    def for_person(self, person: Person) -> TodoList:
        """What waits for `person`, in the to-do order (`TodoList`)."""
        items, _progress = self._duties(person)
        fix, review = self.core.findings.mine(person)
        waiting = [("fix", r) for r in fix] + [("review", r) for r in review]
        return TodoList(items, waiting, self.core.today())

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
        return sorted(items, key=lambda i: _order(i.kind, i.due, today))


def _order(kind: str, due: dt.date | None, today: dt.date) -> tuple[bool, dt.date, str]:
    """The to-do order: overdue first, then by deadline (none last), then kind."""
    return (not (due is not None and today > due), due or dt.date.max, kind)


class TodoList(Sequence[TodoItem]):
    """What waits for one person in the to-do order, each waiting finding
    made into an item when first asked for: the office's list at 50,000
    staff holds some 1,900 reviews and the home shows a screenful (making
    them all, dates parsed, cost the home some 30 ms). `late` is how many
    are overdue today."""

    def __init__(self, made: list[TodoItem], waiting: list[tuple[str, Doc]], today: dt.date):
        days: dict[str, dt.date | None] = {}  # deadline text -> date (few distinct ones)
        keys = [_order(i.kind, i.due, today) for i in made]
        for kind, row in waiting:
            text = row["deadline"]
            if text not in days:
                days[text] = parse_date(text)
            keys.append(_order(kind, days[text], today))
        self._made, self._waiting, self._days = made, waiting, days
        self._order = sorted(range(len(keys)), key=keys.__getitem__)  # stable, as sorted(items)
        self._items: dict[int, TodoItem] = {}
        self.late = sum(not k[0] for k in keys)

    def __len__(self) -> int:
        return len(self._order)

    @overload
    def __getitem__(self, index: int) -> TodoItem: ...
    @overload
    def __getitem__(self, index: slice) -> list[TodoItem]: ...
    def __getitem__(self, index: int | slice) -> TodoItem | list[TodoItem]:
        if isinstance(index, slice):
            return [self[i] for i in range(len(self))[index]]
        i = self._order[index]
        item = self._items.get(i)
        if item is None:
            if i < len(self._made):
                item = self._made[i]
            else:
                kind, row = self._waiting[i - len(self._made)]
                due = self._days[row["deadline"]]
                item = TodoItem(kind, row["problem"], due, ("finding", row["id"]))
            self._items[i] = item
        return item


def _finding_item(kind: str, row: Doc) -> TodoItem:
    return TodoItem(kind, row["problem"], parse_date(row["deadline"]), ("finding", row["id"]))
