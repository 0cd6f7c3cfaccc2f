"""The demo's check rounds: the "three checks" (self, peer and lead) and a
premises hazard check, with forms mostly 符合, now and then 不符合 with a
finding, and those findings moved along to every state.

Both activities are started first; then `unit_txn` does a unit's self, peer
and lead checks (peers are paired within a unit), its hazard self-check and
the progress of their findings in the transaction that holds the unit's other
records of the year (services/demo_records.py), so a batch writes each unit's
file once (issue 17: at 5,000 staff the rounds rewrote every unit file five
times, 130 MB of JSON encoded and parsed again).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from typing import TYPE_CHECKING

from xiaoneng.model.checklist import UNCHECKED, CheckTemplate
from xiaoneng.model.records import Activity, FindingDraft, ItemResult
from xiaoneng.services.check_tasks import CheckTask
from xiaoneng.store import Txn

if TYPE_CHECKING:
    from xiaoneng.services.demo_records import DemoRecords

SANCHA = "sancha-check"
HAZARD = "safety-hazard-check"
PROBLEMS = {
    "self": ("来访登记本有漏记", "办件超过承诺时限未说明原因", "一次性告知单未及时更新"),
    "peer": ("接听电话未做首问登记", "岗位职责说明未上墙", "办事指南与实际要求不一致"),
    "lead": ("值班表未在大厅公示", "服务承诺未对外公开", "效能投诉登记不完整"),
    "hazard": ("疏散通道堆放杂物", "灭火器压力不足未及时更换", "厨房燃气报警器未定期检测"),
}


class DemoChecks:
    def __init__(self, records: DemoRecords):
        self.r = records
        self.core = records.core
        self.rng = records.rng
        # Each round's findings in the order they are opened (which sets their stage).
        self.sancha_turns, self.hazard_turns = itertools.count(), itertools.count()

    def start(self) -> None:
        """Start the "three checks" (peers paired within each unit) and the
        hazard check of every unit but the agency's own."""
        core, r = self.core, self.r
        d = r.time.at
        r.set_time(d(0.40))
        self.sancha = core.activities.create(
            r.office,
            title=f"{r.today.year}年度“三查”活动",
            template=SANCHA,
            deadlines={"self": d(0.55).date(), "peer": d(0.65).date(), "lead": d(0.75).date()},
        )
        inspected = [u for u in r.by_unit if u != r.root]
        r.set_time(r.today - dt.timedelta(days=12))
        self.hazard = core.activities.create(
            r.office,
            title=f"{r.today.year}年度安全隐患排查",
            template=HAZARD,
            deadlines={
                "self": (r.today + dt.timedelta(days=15)).date(),
                "lead": (r.today + dt.timedelta(days=30)).date(),
            },
            units=inspected,
            self_scope="unit",
        )
        self.inspected = set(inspected)
        self.leads: dict[str, list[str]] = {}  # unit -> the leaders who check it
        for leader_id, units in self.sancha.leads.items():
            for uid in units[: max(1, len(units) - 1)]:
                self.leads.setdefault(uid, []).append(leader_id)

    def order(self) -> list[str]:
        """The units in the order they do their year: those with people in
        roster order, then any other a leader checks."""
        units = self.r.units()
        return units + [u for u in self.leads if u not in self.r.by_unit]

    def unit_txn(self, txn: Txn, unit: str) -> None:
        """The unit's self, peer and lead checks and its hazard self-check,
        with their findings moved along."""
        self.sancha_txn(txn, self.sancha, unit, self.leads.get(unit, []), self.sancha_turns)
        if unit in self.inspected:
            self.hazard_txn(txn, self.hazard, unit, self.hazard_turns)

    def sancha_txn(
        self, txn: Txn, activity: Activity, unit: str, leaders: list[str], turns: Iterator[int]
    ) -> None:
        """The unit's self and peer checks, its leaders' checks of it, and
        their findings moved along."""
        core, r, d = self.core, self.r, self.r.time.at
        template = core.activities.template(SANCHA)
        members = r.by_unit.get(unit, [])
        opened: list[str] = []
        for p in members:
            if self.rng.random() < 0.85 and p.id not in r.keep_busy:
                task = CheckTask(activity, "self", p.id, p.id, p.unit, p.name, False)
                opened += self.submit_txn(txn, task, template, d(0.5, 10, 0), "self", p.id)
        for p in members:
            target = core.pairing.target_of(activity, p)
            if target and self.rng.random() < 0.7 and p.id not in r.keep_busy:
                other = core.roster.require(target)
                task = CheckTask(activity, "peer", p.id, target, other.unit, other.name, False)
                opened += self.submit_txn(txn, task, template, d(0.6, 11, 0), "peer", target)
        for leader_id in leaders:
            task = CheckTask(activity, "lead", leader_id, unit, unit, "", False)
            head = self._head(unit)
            opened += self.submit_txn(txn, task, template, d(0.7, 15, 0), "lead", head)
        self.progress_txn(txn, opened, turns)

    def hazard_txn(self, txn: Txn, activity: Activity, unit: str, turns: Iterator[int]) -> None:
        """Two units in three: the head inspects the premises (findings moved along)."""
        r = self.r
        head = self._head(unit)
        if head is None or head in r.keep_busy or self.rng.random() < 0.34:
            return
        template = self.core.activities.template(HAZARD)
        task = CheckTask(activity, "self", head, unit, unit, "", False)
        when = r.today - dt.timedelta(days=5, hours=2)
        opened = self.submit_txn(txn, task, template, when, "hazard", head)
        self.progress_txn(txn, opened, turns, hazard=True)

    def _head(self, unit: str) -> str | None:
        heads = [p.id for p in self.r.by_unit.get(unit, []) if p.has("unit_head")]
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
                    deadline = self.r.today + dt.timedelta(days=self.rng.choice((7, 20, 45)))
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
        self.r.set_time(when + dt.timedelta(minutes=self.rng.randrange(240)))
        prepared = core.checks.prepare(task, results, drafts)
        record, _ = core.checks.submit_txn(txn, task, prepared)
        return list(record.findings)

    def _reviewer(self, task: CheckTask, responsible: str | None) -> str | None:
        if task.checker != responsible:
            return task.checker
        if self.r.admin.id != responsible:
            return self.r.admin.id
        # Not a list of every other head: this runs for each of 50,000 self-checks.
        return next((h.id for h in self.r.heads if h.id != responsible), None)

    def progress_txn(
        self, txn: Txn, finding_ids: list[str], turns: Iterator[int], *, hazard: bool = False
    ) -> None:
        """Move findings along in the transaction that opened them: some closed,
        some awaiting review, some under way (`turns` numbers the findings of
        the round in turn, which sets each one's stage)."""
        core, set_time = self.core, self.r.set_time
        for fid in finding_ids:
            n = next(turns)
            f = core.repos.findings.get_txn(txn, fid)
            assert f is not None  # opened earlier in this transaction
            responsible = core.roster.require(f.responsible)
            reviewer = core.roster.require(f.reviewer)
            found = dt.datetime.fromisoformat(f.found_at)
            stage = n % 5 if not hazard else n % 2
            if stage == 0:
                continue  # 待整改
            set_time(found + dt.timedelta(days=3))
            core.findings.progress_txn(txn, responsible, fid, "已制定整改方案，正在落实", False)
            if stage == 1:
                continue  # 整改中
            set_time(found + dt.timedelta(days=8))
            core.findings.progress_txn(txn, responsible, fid, "整改完成，请复查", True)
            if stage == 2:
                continue  # 待复查
            set_time(found + dt.timedelta(days=10))
            if stage == 3:
                core.findings.review_txn(txn, reviewer, fid, False, "整改不彻底，请继续落实")
                continue  # back to 整改中
            core.findings.review_txn(txn, reviewer, fid, True, "经复查，问题已整改到位")
