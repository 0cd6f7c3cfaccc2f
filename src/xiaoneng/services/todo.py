"""What is waiting for one person (我的待办), each item with its deadline."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from xiaoneng.model.dates import parse_date
from xiaoneng.model.people import Person

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


class TodoService:
    def __init__(self, core: Core):
        self.core = core

    def for_person(self, person: Person) -> list[TodoItem]:
        core = self.core
        year_end = dt.date(core.today().year, 12, 31)
        items: list[TodoItem] = []
        for st in core.study.statuses(person):
            if not st.done:
                items.append(
                    TodoItem("study", st.module.title, year_end, ("study", st.module.id), st.label)
                )
        for s in core.sessions.open_for(person):
            when = f"{s.start[:16].replace('T', ' ')} {s.place}"
            if s.day < core.today():
                when = "已过签到时间，请联系办公室补签"
            items.append(TodoItem("session", s.title, s.day, ("session", s.id), when))
        for task in core.tasks.for_person(person):
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
            if d.state != "signed":
                items.append(
                    TodoItem(
                        "letter", d.template.title, year_end, ("letter", d.template.id), d.label
                    )
                )
        fix, review = core.findings.mine(person)
        for r in fix:
            items.append(
                TodoItem("fix", r["problem"], parse_date(r["deadline"]), ("finding", r["id"]))
            )
        for r in review:
            items.append(
                TodoItem("review", r["problem"], parse_date(r["deadline"]), ("finding", r["id"]))
            )
        today = core.today()
        items.sort(key=lambda i: (not i.overdue(today), i.due or dt.date.max, i.kind))
        return items
