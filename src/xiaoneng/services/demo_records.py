"""A year of invented records for the demo: two study sessions with sign-ins
and quizzes, a "three checks" round (self, peer, lead) and a premises hazard
check, findings in every state, and signed commitment letters.

Everything goes through the same in-transaction service methods a person's
sign-off uses (so the ledger and `verify` see ordinary records), with a
movable clock so each record carries a believable date, and in transactions
of some tens of units (services/demo.py `in_batches`), each unit's whole year
in one, so a synthetic agency of thousands builds in seconds and in the memory
of one batch.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from xiaoneng.model.checklist import StudyModule
from xiaoneng.model.paper import SEED_LIMIT, Paper, draw_paper
from xiaoneng.model.people import Person
from xiaoneng.model.records import StudySession
from xiaoneng.services.core import Core
from xiaoneng.services.demo import in_batches
from xiaoneng.services.permissions import SystemActor
from xiaoneng.store import Txn

STUDY_EFFICIENCY = "fj-efficiency-2024"
STUDY_SYSTEMS = "efficiency-systems"
STUDY_SAFETY = "work-safety-law-2021"
LETTER_SAFETY = "letter-work-safety"
LETTER_EFFICIENCY = "letter-efficiency"

LEAVE_REASONS = ("外出参加市里会议", "病假", "年休假", "下乡开展妇女儿童工作调研")


@dataclass(frozen=True)
class Held:
    """A study session of the demo: its module, when it starts, and the
    order its attendees sign in (which sets when each one does)."""

    session: StudySession
    module: StudyModule
    start: dt.datetime
    order: dict[str, int]


class DemoClock:
    """A clock the generator moves from event to event."""

    def __init__(self, now: dt.datetime):
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


@dataclass
class Timeline:
    """Dates in the current year, from early January up to shortly before today."""

    start: dt.datetime
    end: dt.datetime

    @classmethod
    def until(cls, today: dt.datetime) -> Timeline:
        start = today.replace(month=1, day=6, hour=9, minute=0, second=0, microsecond=0)
        end = today - dt.timedelta(days=2)
        return cls(start, max(end, start))

    def at(self, frac: float, hour: int = 9, minute: int = 0) -> dt.datetime:
        t = self.start + (self.end - self.start) * frac
        return t.replace(hour=hour, minute=minute, second=0, microsecond=0)


class DemoRecords:
    def __init__(
        self,
        core: Core,
        today: dt.datetime,
        *,
        seed: int = 11,
        say: Callable[[str], None] | None = None,
    ):
        self.clock = DemoClock(today)
        self.today = today
        self.core = Core(core.store, clock=self.clock, checklist_dirs=core.checklist_dirs)
        self.rng = random.Random(seed)
        self.time = Timeline.until(today)
        self.say: Callable[[str], None] = say or (lambda _m: None)
        self.office = SystemActor(id="demo", name="演示数据")
        people = self.core.roster.people()
        self.people = people
        self.by_unit: dict[str, list[Person]] = {}
        for p in people:
            self.by_unit.setdefault(p.unit, []).append(p)
        self.root = self.core.agency()["unit"]
        self.heads = [p for p in people if p.has("unit_head")]
        self.leaders = [p for p in people if p.has("leader")]
        self.admin = next(p for p in people if p.is_admin)
        logins = {d["role"]: d["id"] for d in self.core.agency().get("logins", [])}
        # The demo logins keep some work undone so their home screens have to-dos.
        self.keep_busy = {logins.get("staff"), logins.get("unit_head")}

    def set_time(self, t: dt.datetime) -> None:
        self.clock.now = t

    def pick(self, items: list[Any], share: float) -> list[Any]:
        return [x for x in items if self.rng.random() < share]

    # -- the year ----------------------------------------------------------------

    def build(self) -> None:
        """The study sessions and both check rounds are started; then each
        unit signs its letters, attends, takes quizzes and does its checks, in
        one transaction with the other units of its batch, so a batch writes
        each unit's file once for the whole year, not once for each kind of
        record (issue 17). Each record keeps its own believable time;
        the ledger's order is the build's (unit by unit), not the calendar's."""
        from xiaoneng.services.demo_checks import DemoChecks

        self.say("安排集中学习，启动“三查”和安全隐患排查…")
        letter = self.core.letters.template(LETTER_EFFICIENCY)
        signers = {
            p.id
            for p in self.pick(self.people, 0.75)
            if p.id not in self.keep_busy and p.has(letter.signer_role)
        }
        sessions = self.sessions()
        checks = DemoChecks(self)
        checks.start()
        self.say("各单位签署承诺书，签到、测验和检查…")
        heads = itertools.count()  # the heads' letters in turn (which sets when each signs)
        for txn, unit in in_batches(self.core, checks.order()):
            self.letters_txn(txn, unit, signers, heads)
            self.studies_txn(txn, unit, sessions)
            checks.unit_txn(txn, unit)
        from xiaoneng.services.posts_demo import DemoPosts

        self.say("巾帼文明岗申报、培训班和考核…")
        DemoPosts(self).build()

    def units(self) -> list[str]:
        """Every unit with people, in roster order."""
        return list(self.by_unit)

    def letters_txn(self, txn: Txn, unit: str, signers: set[str], heads: Iterator[int]) -> None:
        """The unit's head signs the safety letter, most of its staff (`signers`)
        the efficiency one."""
        core, year = self.core, self.today.year
        safety = core.letters.template(LETTER_SAFETY)
        staff_letter = core.letters.template(LETTER_EFFICIENCY)
        members = self.by_unit.get(unit, [])
        for p in members:
            if p.has("unit_head"):
                self.set_time(self.time.at(0.03 + 0.002 * (next(heads) % 10), 10, 0))
                core.letters.sign_letter_txn(txn, p, safety, year)
        for p in members:
            if p.id in signers:
                self.set_time(self.time.at(0.05 + 0.03 * self.rng.random(), 15, 0))
                core.letters.sign_letter_txn(txn, p, staff_letter, year)

    def studies_txn(self, txn: Txn, unit: str, sessions: list[Held]) -> None:
        """The unit's attendees of each session sign in and take its quiz;
        half the office also studies the efficiency systems."""
        members = self.by_unit.get(unit, [])
        for held in sessions:
            for p in members:
                n = held.order.get(p.id)
                if n is not None:
                    self.attend_txn(txn, held, p, n)
        if unit == self.root:
            start = sessions[0].start
            systems = self.core.study.module(STUDY_SYSTEMS)
            for n, p in enumerate(self.pick(members, 0.5)):
                self.quiz_txn(txn, p, systems, start + dt.timedelta(days=10 + n % 7))

    def sessions(self) -> list[Held]:
        """The year's two study sessions, created a week before each."""
        core = self.core
        chair = self.leaders[0] if self.leaders else self.admin
        office_staff = self.by_unit.get(self.root, [])
        first = [p.id for p in office_staff] + [h.id for h in self.heads[:40]]
        sub_staff = [p for p in self.people if p.unit != self.root]
        second = [p.id for p in self.pick(sub_staff, 1.0 if len(sub_staff) < 100 else 0.1)]
        second = list(dict.fromkeys([*second, self.admin.id]))
        plans = [
            (
                STUDY_EFFICIENCY,
                "《福建省机关效能建设工作条例》集中学习",
                0.15,
                (9, 0),
                "机关三楼会议室",
                first,
            ),
            (STUDY_SAFETY, "《安全生产法》专题学习", 0.45, (14, 30), "活动中心多功能厅", second),
        ]
        made: list[Held] = []
        for module_id, title, frac, (h, m), place, attendees in plans:
            start = self.time.at(frac, h, m)
            self.set_time(start - dt.timedelta(days=7))
            session = core.sessions.create(
                self.office,
                title=title,
                module=module_id,
                start=start,
                place=place,
                host=chair.name,
                attendees=attendees,
                recorder=self.admin.name,
            )
            order = {pid: n for n, pid in enumerate(attendees)}
            made.append(Held(session, core.study.module(module_id), start, order))
        return made

    def attend_txn(self, txn: Txn, held: Held, person: Person, n: int) -> None:
        """The `n`th attendee signs in (or is excused, signed in by the office,
        signs the next day, or never does) and takes the session's quiz."""
        core, session, start = self.core, held.session, held.start
        self.set_time(start - dt.timedelta(minutes=10) + dt.timedelta(seconds=20 * (n % 60)))
        roll = self.rng.random()
        if roll < 0.86:
            core.sessions.record_attendance_txn(txn, person, session, person, "self", "")
        elif roll < 0.92:
            reason = self.rng.choice(LEAVE_REASONS)
            core.sessions.record_attendance_txn(txn, self.admin, session, person, "leave", reason)
        elif roll < 0.95:
            reason = "在外办事，由办公室代为签到"
            core.sessions.record_attendance_txn(txn, self.admin, session, person, "proxy", reason)
        elif roll < 0.98:
            self.set_time(start + dt.timedelta(days=1, hours=1))
            reason = "当天在单位值班，次日补签"
            core.sessions.record_attendance_txn(txn, self.admin, session, person, "late", reason)
        # else: never signed in (shows as 未签到)
        self.quiz_txn(txn, person, held.module, start + dt.timedelta(days=1 + n % 5))

    def quiz_txn(
        self, txn: Txn, person: Person, module: StudyModule, when: dt.datetime, share: float = 0.8
    ) -> None:
        """Some pass first time, some after a failed try; some never finish."""
        if person.id in self.keep_busy and module.id != STUDY_EFFICIENCY:
            return
        if self.rng.random() > share:
            return
        self.set_time(when.replace(hour=16, minute=self.rng.randrange(60)))
        if self.rng.random() < 0.25:
            paper = self.paper(module)
            shown = paper.questions if paper else module.questions
            wrong = [{(min(q.answer) + 1) % len(q.choices)} for q in shown]
            self.core.study.submit_quiz_txn(txn, person, module, wrong, paper)
            self.set_time(self.clock.now + dt.timedelta(minutes=20))
        paper = self.paper(module)
        shown = paper.questions if paper else module.questions
        right = [set(q.answer) for q in shown]
        misses = self.rng.randrange(0, max(1, len(right) - module.pass_mark + 1))
        for i in range(misses):
            q = shown[i]
            right[i] = {(min(q.answer) + 1) % len(q.choices)}
        self.core.study.submit_quiz_txn(txn, person, module, right, paper)
        self.core.study.complete_txn(txn, person, module)

    def paper(self, module: StudyModule) -> Paper | None:
        """A module with `draw` is answered on a drawn paper, as the study screen does."""
        return draw_paper(module, self.rng.randrange(SEED_LIMIT)) if module.draw else None
