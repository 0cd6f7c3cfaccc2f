"""What each person has to check: their self check (or their unit's, for a
unit head), the colleague the activity paired them with, and the units a
leader inspects; and whether each is done.

Someone added to the roster after the agency was set up joined late: an
activity whose last deadline passed before they joined is not theirs, and
in a running one their checks are due no earlier than GRACE_DAYS after they
joined (a week: time to sign in, set a PIN and read the checklist).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from xiaoneng.errors import PermissionDenied
from xiaoneng.model.checklist import MODE_LABELS
from xiaoneng.model.dates import parse_date
from xiaoneng.model.people import Person
from xiaoneng.model.records import Activity
from xiaoneng.store.repos.checks import check_key
from xiaoneng.store.repos.common import year_of

if TYPE_CHECKING:
    from xiaoneng.services.core import Core

GRACE_DAYS = 7  # a late joiner's checks are due no earlier than this after joining


@dataclass(frozen=True)
class CheckTask:
    """One check someone has to do."""

    activity: Activity
    mode: str
    checker: str
    target: str  # person id, or unit id for a lead inspection
    unit: str  # the unit checked
    target_name: str
    done: bool
    not_before: dt.date | None = None  # a late joiner's first possible deadline

    @property
    def due(self) -> dt.date | None:
        due = self.activity.deadline(self.mode)
        if due is not None and self.not_before is not None:
            return max(due, self.not_before)
        return due

    @property
    def label(self) -> str:
        return f"{MODE_LABELS[self.mode]}：{self.target_name}"

    @property
    def key(self) -> str:
        """The key of its draft and of the submitted check."""
        return check_key(self.activity.id, self.mode, self.checker, self.target)


class TaskService:
    def __init__(self, core: Core):
        self.core = core

    def _done(self, activity: Activity, mode: str, checker: str, target: str, unit: str) -> bool:
        return (
            self.core.repos.checks.submitted_key(activity, mode, checker, target, unit) is not None
        )

    def joined_late(self, person: Person) -> dt.date | None:
        """The day `person` joined, when that was after the agency was set up."""
        joined = parse_date(person.joined)
        founded = parse_date(str(self.core.agency().get("created", ""))[:10])
        return joined if joined and founded and joined > founded else None

    def for_person(self, person: Person, year: int | None = None) -> list[CheckTask]:
        tasks = self._all_for_person(person, year)
        joined = self.joined_late(person)
        if joined is None:
            return tasks
        grace = joined + dt.timedelta(days=GRACE_DAYS)
        kept = []
        for task in tasks:
            a = task.activity
            days = [d for d in (a.deadline(m) for m in a.deadlines) if d is not None]
            if task.done:
                kept.append(task)
            elif not days or max(days) >= joined:  # still running when they joined
                kept.append(replace(task, not_before=grace))
        return kept

    def _all_for_person(self, person: Person, year: int | None = None) -> list[CheckTask]:
        tasks: list[CheckTask] = []
        org = self.core.org
        for a in self.core.activities.of_year(year):
            if "self" in a.modes and person.unit in a.units and a.self_scope == "unit":
                if person.has("unit_head"):
                    uid = person.unit
                    done = self._done(a, "self", person.id, uid, uid)
                    tasks.append(CheckTask(a, "self", person.id, uid, uid, org.name_of(uid), done))
            elif "self" in a.modes and person.unit in a.units:
                done = self._done(a, "self", person.id, person.id, person.unit)
                tasks.append(
                    CheckTask(a, "self", person.id, person.id, person.unit, person.name, done)
                )
            if "peer" in a.modes and person.unit in a.units:
                target = self.core.pairing.target_of(a, person)
                other = self.core.roster.get(target) if target else None
                if other is not None:
                    done = self._done(a, "peer", person.id, other.id, other.unit)
                    tasks.append(
                        CheckTask(a, "peer", person.id, other.id, other.unit, other.name, done)
                    )
            if "lead" in a.modes:
                for uid in a.leads.get(person.id, []):
                    done = self._done(a, "lead", person.id, uid, uid)
                    tasks.append(CheckTask(a, "lead", person.id, uid, uid, org.name_of(uid), done))
        return tasks

    def get(self, person: Person, activity_id: str, mode: str, target: str) -> CheckTask:
        """The check task behind a form; PermissionDenied when it is not this person's."""
        if mode == "peer" and target == person.id:
            raise PermissionDenied("不能互查自己：互查的对象必须是同事。")
        if mode == "lead" and not person.has("leader"):
            raise PermissionDenied(f"{person.name}不是领导，不能进行领导巡查。")
        for task in self.for_person(person, year_of(activity_id)):
            if task.activity.id == activity_id and task.mode == mode and task.target == target:
                return task
        what = {"self": "自查", "peer": "互查", "lead": "巡查"}.get(mode, mode)
        raise PermissionDenied(
            f"{person.name}没有这项{what}任务（活动 {activity_id}，对象 {target}）。"
        )
