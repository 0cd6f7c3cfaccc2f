"""The three checks: activities, who checks whom, drafts, and signed submissions.

A self check is of oneself; a peer check is of the colleague the activity
paired you with inside your unit (never yourself); a lead inspection is of a
unit a leader was given. A result that opens a finding needs the six fixes
(六定); submitting signs the check and opens its findings in the ledger.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from xiaoneng.errors import OperationError, PermissionDenied, UserError
from xiaoneng.model.checklist import MODE_LABELS, UNCHECKED, CheckTemplate
from xiaoneng.model.dates import parse_day
from xiaoneng.model.people import Person
from xiaoneng.model.records import Activity, CheckRecord, FindingDraft, ItemResult
from xiaoneng.services import unitdata as ud
from xiaoneng.services.findings import open_findings_txn
from xiaoneng.services.permissions import Actor, require_admin
from xiaoneng.services.text import clean_field, clean_note
from xiaoneng.store import layout

if TYPE_CHECKING:
    from xiaoneng.services.core import Core

ACTIVITIES = "activities"


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

    @property
    def due(self) -> dt.date | None:
        return self.activity.deadline(self.mode)

    @property
    def label(self) -> str:
        return f"{MODE_LABELS[self.mode]}：{self.target_name}"


def score(template: CheckTemplate, results: dict[str, ItemResult], mode: str) -> float | None:
    """Weighted score in [0, 1]; 未检查 counts as 0, 不适用 is left out."""
    got = total = 0.0
    for _g, item in template.items_for(mode):
        r = results.get(item.id)
        option = template.result(r.result) if r else None
        if option is not None and option.score is None:
            continue  # not applicable
        total += item.weight
        got += item.weight * (option.score if option else 0.0)
    return round(got / total, 4) if total else None


class CheckService:
    def __init__(self, core: Core):
        self.core = core

    # -- activities ------------------------------------------------------------

    def templates(self) -> list[CheckTemplate]:
        return self.core.catalogue.checks()

    def template(self, template_id: str) -> CheckTemplate:
        t = self.core.catalogue.get(template_id)
        if not isinstance(t, CheckTemplate):
            raise UserError(f"检查表 {template_id} 不存在。")
        return t

    def activities(self, year: int | None = None) -> list[Activity]:
        year = year or self.core.today().year
        docs = self.core.store.table(layout.activities_part(year), ACTIVITIES)
        return sorted((Activity.from_dict(d) for d in docs.values()), key=lambda a: a.id)

    def activity(self, activity_id: str) -> Activity:
        try:
            year = int(activity_id[1:5])
        except ValueError:
            year = 0
        d = self.core.store.get(layout.activities_part(year), ACTIVITIES, activity_id)
        if d is None:
            raise UserError(f"检查活动 {activity_id} 不存在。")
        return Activity.from_dict(d)

    def create_activity(
        self,
        actor: Actor,
        *,
        title: str,
        template: str,
        deadlines: dict[str, dt.date],
        units: list[str] | None = None,
        leads: dict[str, list[str]] | None = None,
        year: int | None = None,
        self_scope: str = "person",
    ) -> Activity:
        """Start a check round; peers are paired within each unit, in rotation."""
        require_admin(actor, "发起检查活动")
        tpl = self.template(template)
        modes = tuple(m for m in tpl.modes if m in deadlines)
        if self_scope not in ("person", "unit"):
            raise UserError(
                f"自查方式无效：{self_scope}（person 每人自查，unit 由单位负责人代表单位自查）。"
            )
        if not modes:
            raise UserError(
                f"请至少为一种检查方式（{'、'.join(MODE_LABELS[m] for m in tpl.modes)}）设定截止日期。"
            )
        year = year or self.core.today().year
        all_units = {u.id: u for u in self.core.org.units()}
        unit_ids = list(units) if units else list(all_units)
        unknown = [u for u in unit_ids if u not in all_units]
        if unknown:
            raise UserError(f"单位不存在：{'、'.join(unknown)}。")
        if "lead" in modes and leads is None:
            leads = self.default_leads(unit_ids)
        leads = {k: list(v) for k, v in (leads or {}).items() if v}
        for leader_id, lead_units in leads.items():
            p = self.core.roster.get(leader_id)
            if p is None or not p.has("leader"):
                raise UserError(f"{leader_id} 不是领导，不能安排巡查。")
            outside = [u for u in lead_units if u not in unit_ids]
            if outside:
                names = "、".join(self.core.org.name_of(u) for u in outside)
                raise UserError(f"{p.name}的巡查单位不在参加单位中：{names}。")
        now = self.core.now_iso()
        with self.core.store.transaction() as txn:
            part = layout.activities_part(year)
            activity = Activity(
                id=ud.next_key(txn.all(part, ACTIVITIES), f"A{year}-"),
                title=clean_field(title, "活动名称", max_len=80),
                template=tpl.id,
                year=year,
                units=tuple(unit_ids),
                modes=modes,
                deadlines={m: deadlines[m].isoformat() for m in modes},
                leads=leads,
                created_by=actor.id,
                created=now,
                self_scope=self_scope,
            )
            txn.put(part, ACTIVITIES, activity.id, activity.to_dict())
            if "peer" in modes:
                for uid in unit_ids:
                    members = sorted(p.id for p in self.core.roster.people(unit=uid))
                    unit_part = ud.touch(txn, year, uid)
                    pairs = {
                        f"{activity.id}:{checker}": {
                            "activity": activity.id,
                            "checker": checker,
                            "target": members[(i + 1) % len(members)],
                        }
                        for i, checker in enumerate(members)
                        if len(members) > 1
                    }
                    txn.put_many(unit_part, ud.ASSIGNMENTS, pairs)
        return activity

    def leaders(self) -> list[Person]:
        return [p for p in self.core.roster.people() if p.has("leader")]

    def default_leads(self, unit_ids: list[str]) -> dict[str, list[str]]:
        """Each unit given to a leader in turn (leader id -> unit ids); the office can change it."""
        leaders = self.leaders()
        leads: dict[str, list[str]] = {p.id: [] for p in leaders}
        for i, uid in enumerate(unit_ids):
            if leaders:
                leads[leaders[i % len(leaders)].id].append(uid)
        return leads

    def peer_pairs(self, actor: Actor, activity_id: str) -> list[dict]:
        """The activity's peer pairs, unit by unit: {unit, checker, target}."""
        require_admin(actor, "查看互查安排")
        activity = self.activity(activity_id)
        out = []
        for uid in activity.units:
            tables = ud.unit_tables(self.core.store, activity.year, uid)
            pairs = [
                a
                for a in tables.get(ud.ASSIGNMENTS, {}).values()
                if a.get("activity") == activity.id
            ]
            for a in sorted(pairs, key=lambda a: a["checker"]):
                out.append({"unit": uid, "checker": a["checker"], "target": a["target"]})
        return out

    def set_peer(self, actor: Actor, activity_id: str, checker_id: str, target_id: str) -> None:
        """The office edits a peer pair (same unit, never oneself)."""
        require_admin(actor, "调整互查安排")
        activity = self.activity(activity_id)
        checker = self.core.roster.require(checker_id)
        target = self.core.roster.require(target_id)
        if checker.id == target.id:
            raise UserError("不能安排本人互查自己。")
        if checker.unit != target.unit:
            raise UserError("互查只在同一单位内进行。")
        with self.core.store.transaction() as txn:
            part = ud.touch(txn, activity.year, checker.unit)
            txn.put(
                part,
                ud.ASSIGNMENTS,
                f"{activity.id}:{checker.id}",
                {"activity": activity.id, "checker": checker.id, "target": target.id},
            )

    def peer_target(self, activity: Activity, checker: Person) -> str | None:
        tables = ud.unit_tables(self.core.store, activity.year, checker.unit)
        a = tables.get(ud.ASSIGNMENTS, {}).get(f"{activity.id}:{checker.id}")
        return a["target"] if a else None

    # -- what to do --------------------------------------------------------------

    def _done(self, activity: Activity, mode: str, checker: str, target: str, unit: str) -> bool:
        return self._record_key(activity, mode, checker, target, unit) is not None

    def _record_key(
        self, activity: Activity, mode: str, checker: str, target: str, unit: str
    ) -> str | None:
        checks = ud.unit_tables(self.core.store, activity.year, unit).get(ud.CHECKS, {})
        key = f"{activity.id}|{mode}|{checker}|{target}"
        if key in checks:
            return key
        if mode == "self" and target == unit:
            # A unit's self check is done once, by whichever head did it.
            prefix, suffix = f"{activity.id}|self|", f"|{unit}"
            return next((k for k in checks if k.startswith(prefix) and k.endswith(suffix)), None)
        return None

    def tasks_for(self, person: Person, year: int | None = None) -> list[CheckTask]:
        tasks: list[CheckTask] = []
        org = self.core.org
        for a in self.activities(year):
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
                target = self.peer_target(a, person)
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

    def _task(self, person: Person, activity_id: str, mode: str, target: str) -> CheckTask:
        if mode == "peer" and target == person.id:
            raise PermissionDenied("不能互查自己：互查的对象必须是同事。")
        if mode == "lead" and not person.has("leader"):
            raise PermissionDenied(f"{person.name}不是领导，不能进行领导巡查。")
        for task in self.tasks_for(
            person, int(activity_id[1:5]) if activity_id[1:5].isdigit() else None
        ):
            if task.activity.id == activity_id and task.mode == mode and task.target == target:
                return task
        what = {"self": "自查", "peer": "互查", "lead": "巡查"}.get(mode, mode)
        raise PermissionDenied(
            f"{person.name}没有这项{what}任务（活动 {activity_id}，对象 {target}）。"
        )

    def task(self, person: Person, activity_id: str, mode: str, target: str) -> CheckTask:
        """The check task behind a form; PermissionDenied when it is not this person's."""
        return self._task(person, activity_id, mode, target)

    # -- the form ------------------------------------------------------------------

    @staticmethod
    def _key(task: CheckTask) -> str:
        return f"{task.activity.id}|{task.mode}|{task.checker}|{task.target}"

    def draft(self, person: Person, activity_id: str, mode: str, target: str) -> dict:
        task = self._task(person, activity_id, mode, target)
        tables = ud.unit_tables(self.core.store, task.activity.year, task.unit)
        return tables.get(ud.DRAFTS, {}).get(self._key(task)) or {"results": {}, "findings": {}}

    def save_draft(
        self,
        person: Person,
        activity_id: str,
        mode: str,
        target: str,
        results: dict[str, ItemResult],
        findings: dict[str, FindingDraft],
    ) -> None:
        task = self._task(person, activity_id, mode, target)
        if task.done:
            raise OperationError("这项检查已经提交，不能再修改。")
        doc = {
            "results": {k: r.to_dict() for k, r in results.items()},
            "findings": {k: f.to_dict() for k, f in findings.items()},
            "saved": self.core.now_iso(),
        }
        with self.core.store.transaction() as txn:
            part = ud.touch(txn, task.activity.year, task.unit)
            txn.put(part, ud.DRAFTS, self._key(task), doc)

    def submit(
        self,
        person: Person,
        activity_id: str,
        mode: str,
        target: str,
        pin: str,
        results: dict[str, ItemResult],
        findings: dict[str, FindingDraft],
    ) -> tuple[CheckRecord, dict]:
        task = self._task(person, activity_id, mode, target)
        if task.done:  # also when another head already checked the unit
            raise OperationError("这项检查已经提交过了。")
        prepared = self.prepare(task, results, findings)
        self.core.auth.confirm(person, pin)
        with self.core.store.transaction() as txn:
            return self.submit_txn(txn, task, *prepared)

    def prepare(
        self, task: CheckTask, results: dict[str, ItemResult], findings: dict[str, FindingDraft]
    ):
        """Validate a check form: (template, items, cleaned results, finding drafts)."""
        template = self.template(task.activity.template)
        items = {i.id: i for _g, i in template.items_for(task.mode)}
        clean: dict[str, ItemResult] = {}
        for item_id, r in results.items():
            if item_id not in items:
                raise UserError(f"检查项 {item_id} 不在本检查表中。")
            if r.result != UNCHECKED and template.result(r.result) is None:
                raise UserError(f"检查项 {item_id} 的结果 {r.result} 无效。")
            clean[item_id] = ItemResult(item_id, r.result, clean_note(r.note, "备注", max_len=500))
        opened = [i for i, r in clean.items() if (o := template.result(r.result)) and o.finding]
        drafts = [self._check_finding(task, findings.get(i), items[i].text) for i in opened]
        return template, items, clean, drafts

    def submit_txn(
        self, txn, task: CheckTask, template, items, clean, drafts
    ) -> tuple[CheckRecord, dict]:
        """Sign a validated check and open its findings (inside a transaction)."""
        now = self.core.now_iso()
        part = ud.touch(txn, task.activity.year, task.unit)
        key = self._key(task)
        if txn.exists(part, ud.CHECKS, key):
            raise OperationError("这项检查已经提交过了。")
        ids = open_findings_txn(self.core, txn, part, task, drafts, items, now)
        record = CheckRecord(
            id=key,
            activity=task.activity.id,
            mode=task.mode,
            checker=task.checker,
            target=task.target,
            unit=task.unit,
            template=template.ref().to_dict(),
            results=tuple((clean.get(i) or ItemResult(i, UNCHECKED)).to_dict() for i in items),
            findings=tuple(ids),
            score=score(template, clean, task.mode),
            submitted=now,
        )
        entry = self.core.ledger.sign_txn(
            txn,
            actor=task.checker,
            action="check.submit",
            time=now,
            part=part,
            table=ud.CHECKS,
            key=key,
            record=record.to_dict(),
        )
        txn.delete(part, ud.DRAFTS, [key])
        return record, entry

    def _check_finding(
        self, task: CheckTask, f: FindingDraft | None, item_text: str
    ) -> FindingDraft:
        where = f"检查项“{item_text[:20]}”"
        if f is None or not f.problem.strip():
            raise UserError(f"{where}为不符合，请填写问题描述。")
        roster = self.core.roster
        responsible = f.responsible or self._default_responsible(task)
        reviewer = f.reviewer or self._default_reviewer(task, responsible)
        for label, pid in (("责任人", responsible), ("复查人", reviewer)):
            if not pid or roster.get(pid) is None:
                raise UserError(f"{where}的{label}工号无效：{pid or '（空）'}。")
        if reviewer == responsible:
            raise UserError(f"{where}的复查人不能是责任人本人。")
        deadline = parse_day(f.deadline, f"{where}的整改期限")
        if f.category not in ("一般", "重大"):
            raise UserError(f"{where}的等级应为“一般”或“重大”。")
        return FindingDraft(
            item=f.item,
            problem=clean_note(f.problem, "问题描述", max_len=500),
            measure=clean_note(f.measure, "整改措施", max_len=500),
            money=clean_field(f.money, "整改资金", max_len=40, required=False),
            responsible=responsible,
            deadline=deadline.isoformat(),
            reviewer=reviewer,
            category=f.category,
            temp_measure=clean_note(f.temp_measure, "临时措施", max_len=300),
        )

    def finding_defaults(self, task: CheckTask) -> tuple[str, str]:
        """(responsible, reviewer) a new finding of this check gets when left blank."""
        responsible = self._default_responsible(task)
        return responsible, self._default_reviewer(task, responsible)

    def reviewer_for(self, task: CheckTask, responsible: str) -> str:
        """The default reviewer once the responsible person is chosen."""
        return self._default_reviewer(task, responsible)

    def _default_responsible(self, task: CheckTask) -> str:
        if task.mode == "lead" or task.target == task.unit:
            heads = self.core.roster.heads_of(task.unit)
            return heads[0].id if heads else ""
        return task.target

    def _default_reviewer(self, task: CheckTask, responsible: str) -> str:
        if task.checker != responsible:
            return task.checker
        heads = [p.id for p in self.core.roster.heads_of(task.unit) if p.id != responsible]
        admins = [p.id for p in self.core.roster.people() if p.is_admin and p.id != responsible]
        return (heads or admins or [""])[0]

    def record(self, check_id: str, unit: str, year: int) -> CheckRecord | None:
        d = ud.unit_tables(self.core.store, year, unit).get(ud.CHECKS, {}).get(check_id)
        return CheckRecord.from_dict(d) if d else None

    def record_of(self, task: CheckTask) -> CheckRecord | None:
        """The submitted check of a task (None while it is not submitted)."""
        a = task.activity
        key = self._record_key(a, task.mode, task.checker, task.target, task.unit)
        return self.record(key, task.unit, a.year) if key else None
