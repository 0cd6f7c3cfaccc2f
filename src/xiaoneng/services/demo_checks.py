"""The demo's check rounds: the "three checks" (self, peer and lead) and a
premises hazard check, with forms mostly 符合, now and then 不符合 with a
finding, and those findings moved along to every state.

Unit by unit: a unit's self, peer and lead checks and the progress of their
findings go in one transaction (peers are paired within a unit), so a batch
writes each unit's file once for the whole round instead of once for each
mode and again for the findings (issue 17: at 5,000 staff the round rewrote
every unit file four times, 110 MB of JSON encoded and parsed again).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from typing import TYPE_CHECKING

from xiaoneng.model.checklist import UNCHECKED, CheckTemplate
from xiaoneng.model.records import FindingDraft, ItemResult
from xiaoneng.services.check_tasks import CheckTask
from xiaoneng.services.demo import in_batches
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

    def sancha(self) -> None:
        """Self, peer and lead checks and their findings moved along, unit by
        unit (peers are paired within a unit): a batch writes each unit's file
        once for the whole round, not once for each mode (issue 17)."""
        core, r = self.core, self.r
        d = r.time.at
        r.set_time(d(0.40))
        activity = core.activities.create(
            r.office,
            title=f"{r.today.year}年度“三查”活动",
            template=SANCHA,
            deadlines={"self": d(0.55).date(), "peer": d(0.65).date(), "lead": d(0.75).date()},
        )
        template = core.activities.template(SANCHA)
        leads: dict[str, list[str]] = {}  # unit -> the leaders who check it
        for leader_id, units in activity.leads.items():
            for uid in units[: max(1, len(units) - 1)]:
                leads.setdefault(uid, []).append(leader_id)
        order = r.units() + [u for u in leads if u not in r.by_unit]
        turns = itertools.count()  # the round's findings, in the order they are opened
        for txn, unit in in_batches(core, order):
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
            for leader_id in leads.get(unit, []):
                task = CheckTask(activity, "lead", leader_id, unit, unit, "", False)
                head = self._head(unit)
                opened += self.submit_txn(txn, task, template, d(0.7, 15, 0), "lead", head)
            self.progress_txn(txn, opened, turns)

    def hazard_check(self) -> None:
        core, r = self.core, self.r
        units = [u for u in r.by_unit if u != r.root]
        r.set_time(r.today - dt.timedelta(days=12))
        activity = core.activities.create(
            r.office,
            title=f"{r.today.year}年度安全隐患排查",
            template=HAZARD,
            deadlines={
                "self": (r.today + dt.timedelta(days=15)).date(),
                "lead": (r.today + dt.timedelta(days=30)).date(),
            },
            units=units,
            self_scope="unit",
        )
        template = core.activities.template(HAZARD)
        turns = itertools.count()
        for txn, uid in in_batches(core, units):
            head = self._head(uid)
            if head is None or head in r.keep_busy or self.rng.random() < 0.34:
                continue
            task = CheckTask(activity, "self", head, uid, uid, "", False)
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
