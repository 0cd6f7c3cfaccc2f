"""A year of invented records for the demo: two study sessions with sign-ins
and quizzes, a "three checks" round (self, peer, lead) and a premises hazard
check, findings in every state, and signed commitment letters.

Everything goes through the same in-transaction service methods a person's
sign-off uses (so the ledger and `verify` see ordinary records), with a
movable clock so each record carries a believable date, and in transactions
of some thousands of people (services/demo.py `in_batches`), so a synthetic
agency of thousands builds in seconds and in the memory of one batch.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from xiaoneng.model.checklist import UNCHECKED, CheckTemplate, StudyModule
from xiaoneng.model.paper import SEED_LIMIT, Paper, draw_paper
from xiaoneng.model.people import Person
from xiaoneng.model.records import FindingDraft, ItemResult
from xiaoneng.services.check_tasks import CheckTask
from xiaoneng.services.core import Core
from xiaoneng.services.demo import in_batches
from xiaoneng.services.permissions import SystemActor
from xiaoneng.store import Txn
from xiaoneng.store.repos.findings import where

STUDY_EFFICIENCY = "fj-efficiency-2024"
STUDY_SYSTEMS = "efficiency-systems"
STUDY_SAFETY = "work-safety-law-2021"
SANCHA = "sancha-check"
HAZARD = "safety-hazard-check"
LETTER_SAFETY = "letter-work-safety"
LETTER_EFFICIENCY = "letter-efficiency"

LEAVE_REASONS = ("外出参加市里会议", "病假", "年休假", "下乡开展妇女儿童工作调研")
PROBLEMS = {
    "self": ("来访登记本有漏记", "办件超过承诺时限未说明原因", "一次性告知单未及时更新"),
    "peer": ("接听电话未做首问登记", "岗位职责说明未上墙", "办事指南与实际要求不一致"),
    "lead": ("值班表未在大厅公示", "服务承诺未对外公开", "效能投诉登记不完整"),
    "hazard": ("疏散通道堆放杂物", "灭火器压力不足未及时更换", "厨房燃气报警器未定期检测"),
}


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
        self.say("签署承诺书…")
        self.letters()
        self.say("集中学习、签到和测验…")
        self.sessions_and_studies()
        self.say("“三查”活动…")
        self.sancha()
        self.say("安全隐患排查…")
        self.hazard_check()
        from xiaoneng.services.posts_demo import DemoPosts

        self.say("巾帼文明岗申报、培训班和考核…")
        DemoPosts(self).build()

    def letters(self) -> None:
        core = self.core
        safety = core.letters.template(LETTER_SAFETY)
        staff_letter = core.letters.template(LETTER_EFFICIENCY)
        year = self.today.year
        staff = [
            p
            for p in self.pick(self.people, 0.75)
            if p.id not in self.keep_busy and p.has(staff_letter.signer_role)
        ]
        work = [(h, safety) for h in self.heads] + [(p, staff_letter) for p in staff]
        for i, (txn, (p, template)) in enumerate(in_batches(core, work)):
            if template is safety:
                self.set_time(self.time.at(0.03 + 0.002 * (i % 10), 10, 0))
            else:
                self.set_time(self.time.at(0.05 + 0.03 * self.rng.random(), 15, 0))
            core.letters.sign_letter_txn(txn, p, template, year)

    def sessions_and_studies(self) -> None:
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
            module = core.study.module(module_id)
            for n, (txn, pid) in enumerate(in_batches(core, attendees)):
                person = core.roster.require(pid)
                self.set_time(
                    start - dt.timedelta(minutes=10) + dt.timedelta(seconds=20 * (n % 60))
                )
                roll = self.rng.random()
                if roll < 0.86:
                    core.sessions.record_attendance_txn(txn, person, session, person, "self", "")
                elif roll < 0.92:
                    reason = self.rng.choice(LEAVE_REASONS)
                    core.sessions.record_attendance_txn(
                        txn, self.admin, session, person, "leave", reason
                    )
                elif roll < 0.95:
                    reason = "在外办事，由办公室代为签到"
                    core.sessions.record_attendance_txn(
                        txn, self.admin, session, person, "proxy", reason
                    )
                elif roll < 0.98:
                    self.set_time(start + dt.timedelta(days=1, hours=1))
                    reason = "当天在单位值班，次日补签"
                    core.sessions.record_attendance_txn(
                        txn, self.admin, session, person, "late", reason
                    )
                # else: never signed in (shows as 未签到)
                self.quiz_txn(txn, person, module, start + dt.timedelta(days=1 + n % 5))
            if module_id == STUDY_EFFICIENCY:
                systems = core.study.module(STUDY_SYSTEMS)
                with core.store.transaction() as txn:
                    for n, p in enumerate(self.pick(office_staff, 0.5)):
                        self.quiz_txn(txn, p, systems, start + dt.timedelta(days=10 + n % 7))

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

    # -- checks --------------------------------------------------------------------

    def sancha(self) -> None:
        core = self.core
        d = self.time.at
        self.set_time(d(0.40))
        activity = core.activities.create(
            self.office,
            title=f"{self.today.year}年度“三查”活动",
            template=SANCHA,
            deadlines={"self": d(0.55).date(), "peer": d(0.65).date(), "lead": d(0.75).date()},
        )
        template = core.activities.template(SANCHA)
        opened: list[str] = []
        for txn, p in in_batches(core, self.people):
            if self.rng.random() < 0.85 and p.id not in self.keep_busy:
                task = CheckTask(activity, "self", p.id, p.id, p.unit, p.name, False)
                opened += self.submit_txn(txn, task, template, d(0.5, 10, 0), "self", p.id)
        for txn, p in in_batches(core, self.people):
            target = core.pairing.target_of(activity, p)
            if target and self.rng.random() < 0.7 and p.id not in self.keep_busy:
                other = core.roster.require(target)
                task = CheckTask(activity, "peer", p.id, target, other.unit, other.name, False)
                opened += self.submit_txn(txn, task, template, d(0.6, 11, 0), "peer", target)
        leads = [
            (leader_id, uid)
            for leader_id, units in activity.leads.items()
            for uid in units[: max(1, len(units) - 1)]
        ]
        for txn, (leader_id, uid) in in_batches(core, leads):
            head = self._head(uid)
            task = CheckTask(activity, "lead", leader_id, uid, uid, "", False)
            opened += self.submit_txn(txn, task, template, d(0.7, 15, 0), "lead", head)
        self.progress(opened)

    def hazard_check(self) -> None:
        core = self.core
        units = [u for u in self.by_unit if u != self.root]
        self.set_time(self.today - dt.timedelta(days=12))
        activity = core.activities.create(
            self.office,
            title=f"{self.today.year}年度安全隐患排查",
            template=HAZARD,
            deadlines={
                "self": (self.today + dt.timedelta(days=15)).date(),
                "lead": (self.today + dt.timedelta(days=30)).date(),
            },
            units=units,
            self_scope="unit",
        )
        template = core.activities.template(HAZARD)
        opened: list[str] = []
        for txn, uid in in_batches(core, units):
            head = self._head(uid)
            if head is None or head in self.keep_busy or self.rng.random() < 0.34:
                continue
            task = CheckTask(activity, "self", head, uid, uid, "", False)
            when = self.today - dt.timedelta(days=5, hours=2)
            opened += self.submit_txn(txn, task, template, when, "hazard", head)
        self.progress(opened, hazard=True)

    def _head(self, unit: str) -> str | None:
        heads = [p.id for p in self.by_unit.get(unit, []) if p.has("unit_head")]
        return heads[0] if heads else None

    def submit_txn(
        self,
        txn: Txn,
        task: CheckTask,
        template: CheckTemplate,
        when: dt.datetime,
        kind: str,
        responsible: str | None,
    ) -> list[str]:
        """A filled form: mostly 符合, a few 基本符合, now and then 不符合 with a finding."""
        core = self.core
        items = [i for _g, i in template.items_for(task.mode)]
        codes = [r.code for r in template.results]
        fail = next(r.code for r in template.results if r.finding)
        results: dict[str, ItemResult] = {}
        drafts: dict[str, FindingDraft] = {}
        reviewer = self._reviewer(task, responsible)
        for item in items:
            roll = self.rng.random()
            if roll < 0.012 and responsible and reviewer:
                results[item.id] = ItemResult(item.id, fail, "")
                # Some deadlines have passed (overdue unless closed), some are ahead.
                if self.rng.random() < 0.5:
                    deadline = when + dt.timedelta(days=self.rng.choice((10, 20, 30)))
                else:
                    deadline = self.today + dt.timedelta(days=self.rng.choice((7, 20, 45)))
                drafts[item.id] = FindingDraft(
                    item=item.id,
                    problem=self.rng.choice(PROBLEMS[kind]),
                    measure="立即整改，明确专人负责，完成后报复查",
                    responsible=responsible,
                    reviewer=reviewer,
                    deadline=deadline.date().isoformat(),
                    category="重大" if self.rng.random() < 0.15 else "一般",
                )
            elif roll < 0.15:
                results[item.id] = ItemResult(item.id, codes[1], "基本做到，个别细节需改进")
            elif roll < 0.98:
                results[item.id] = ItemResult(item.id, codes[0], "")
            else:
                results[item.id] = ItemResult(item.id, UNCHECKED, "")
        self.set_time(when + dt.timedelta(minutes=self.rng.randrange(240)))
        prepared = core.checks.prepare(task, results, drafts)
        record, _ = core.checks.submit_txn(txn, task, prepared)
        return list(record.findings)

    def _reviewer(self, task: CheckTask, responsible: str | None) -> str | None:
        if task.checker != responsible:
            return task.checker
        if self.admin.id != responsible:
            return self.admin.id
        # Not a list of every other head: this runs for each of 50,000 self-checks.
        return next((h.id for h in self.heads if h.id != responsible), None)

    def progress(self, finding_ids: list[str], *, hazard: bool = False) -> None:
        """Move findings along: some closed, some awaiting review, some under way.
        Unit by unit (a unit's self, peer and lead findings together), so a
        batch rewrites each unit's file once, not once for each round."""
        core = self.core
        by_unit = sorted(finding_ids, key=lambda fid: where(fid)[1])
        for n, (txn, fid) in enumerate(in_batches(core, by_unit)):
            f = core.repos.findings.get_txn(txn, fid)
            assert f is not None  # opened in an earlier transaction of this build
            responsible = core.roster.require(f.responsible)
            reviewer = core.roster.require(f.reviewer)
            found = dt.datetime.fromisoformat(f.found_at)
            stage = n % 5 if not hazard else n % 2
            if stage == 0:
                continue  # 待整改
            self.set_time(found + dt.timedelta(days=3))
            core.findings.progress_txn(txn, responsible, fid, "已制定整改方案，正在落实", False)
            if stage == 1:
                continue  # 整改中
            self.set_time(found + dt.timedelta(days=8))
            core.findings.progress_txn(txn, responsible, fid, "整改完成，请复查", True)
            if stage == 2:
                continue  # 待复查
            self.set_time(found + dt.timedelta(days=10))
            if stage == 3:
                core.findings.review_txn(txn, reviewer, fid, False, "整改不彻底，请继续落实")
                continue  # back to 整改中
            core.findings.review_txn(txn, reviewer, fid, True, "经复查，问题已整改到位")
