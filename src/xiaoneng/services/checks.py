"""The check form (自查表 / 互查表 / 巡查表): its draft, saved as it is filled
in, and the signed submission, which opens the findings the results call for.

Who checks what is services.check_tasks; the six fixes of each finding are
services.six_fixes; the activities themselves are services.activities.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from xiaoneng.errors import OperationError, UserError
from xiaoneng.model.checklist import UNCHECKED, CheckItem, CheckTemplate
from xiaoneng.model.people import Person
from xiaoneng.model.records import CheckRecord, FindingDraft, ItemResult
from xiaoneng.services.check_tasks import CheckTask
from xiaoneng.services.findings import open_findings_txn
from xiaoneng.services.text import clean_note
from xiaoneng.store import Txn

if TYPE_CHECKING:
    from xiaoneng.services.core import Core


@dataclass(frozen=True)
class PreparedCheck:
    """A check form that passed validation, ready to sign."""

    template: CheckTemplate
    items: dict[str, CheckItem]  # the template's items for the mode, by id
    results: dict[str, ItemResult]  # cleaned
    drafts: list[FindingDraft]  # the six fixes of each finding it opens


def score(template: CheckTemplate, results: dict[str, ItemResult], mode: str) -> float | None:
    """Weighted score in [0, 1]; 未检查 counts as 0, 不适用 is left out."""
    got = total = 0.0
    for _g, item in template.items_for(mode):
        r = results.get(item.id)
        option = template.result(r.result) if r else None
        if option is not None and option.score is None:
            continue  # not applicable
        total += item.weight
        if option is not None and option.score is not None:
            got += item.weight * option.score
    return round(got / total, 4) if total else None


class CheckService:
    def __init__(self, core: Core):
        self.core = core

    # -- the form ------------------------------------------------------------------

    def draft(self, person: Person, activity_id: str, mode: str, target: str) -> dict[str, Any]:
        task = self.core.tasks.get(person, activity_id, mode, target)
        draft = self.core.repos.checks.draft(task.activity.year, task.unit, task.key)
        return draft or {"results": {}, "findings": {}}

    def save_draft(
        self,
        person: Person,
        activity_id: str,
        mode: str,
        target: str,
        results: dict[str, ItemResult],
        findings: dict[str, FindingDraft],
    ) -> None:
        task = self.core.tasks.get(person, activity_id, mode, target)
        if task.done:
            raise OperationError("这项检查已经提交，不能再修改。")
        doc = {
            "results": {k: r.to_dict() for k, r in results.items()},
            "findings": {k: f.to_dict() for k, f in findings.items()},
            "saved": self.core.now_iso(),
        }
        with self.core.store.transaction() as txn:
            self.core.repos.checks.put_draft_txn(txn, task.activity.year, task.unit, task.key, doc)

    def submit(
        self,
        person: Person,
        activity_id: str,
        mode: str,
        target: str,
        pin: str,
        results: dict[str, ItemResult],
        findings: dict[str, FindingDraft],
    ) -> tuple[CheckRecord, dict[str, Any]]:
        task = self.core.tasks.get(person, activity_id, mode, target)
        if task.done:  # also when another head already checked the unit
            raise OperationError("这项检查已经提交过了。")
        prepared = self.prepare(task, results, findings)
        self.core.auth.confirm(person, pin)
        with self.core.store.transaction() as txn:
            return self.submit_txn(txn, task, prepared)

    def prepare(
        self, task: CheckTask, results: dict[str, ItemResult], findings: dict[str, FindingDraft]
    ) -> PreparedCheck:
        """Validate a check form before the PIN and the lock."""
        template = self.core.activities.template(task.activity.template)
        items = {i.id: i for _g, i in template.items_for(task.mode)}
        clean: dict[str, ItemResult] = {}
        for item_id, r in results.items():
            if item_id not in items:
                raise UserError(f"检查项 {item_id} 不在本检查表中。")
            if r.result != UNCHECKED and template.result(r.result) is None:
                raise UserError(f"检查项 {item_id} 的结果 {r.result} 无效。")
            clean[item_id] = ItemResult(item_id, r.result, clean_note(r.note, "备注", max_len=500))
        opened = [i for i, r in clean.items() if (o := template.result(r.result)) and o.finding]
        six_fixes = self.core.six_fixes
        drafts = [six_fixes.check(task, findings.get(i), items[i].text) for i in opened]
        return PreparedCheck(template, items, clean, drafts)

    def submit_txn(
        self, txn: Txn, task: CheckTask, prepared: PreparedCheck
    ) -> tuple[CheckRecord, dict[str, Any]]:
        """Sign a validated check and open its findings (inside a transaction)."""
        template, items, clean = prepared.template, prepared.items, prepared.results
        drafts = prepared.drafts
        now = self.core.now_iso()
        repo, year, key = self.core.repos.checks, task.activity.year, task.key
        if repo.submitted_txn(txn, year, task.unit, key):
            raise OperationError("这项检查已经提交过了。")
        ids = open_findings_txn(self.core, txn, task, drafts, items, now)
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
            ref=repo.check_ref_txn(txn, year, task.unit, key),
            record=record.to_dict(),
        )
        return record, entry

    def record_of(self, task: CheckTask) -> CheckRecord | None:
        """The submitted check of a task (None while it is not submitted)."""
        a, repo = task.activity, self.core.repos.checks
        key = repo.submitted_key(a, task.mode, task.checker, task.target, task.unit)
        return repo.record(key, task.unit, a.year) if key else None
