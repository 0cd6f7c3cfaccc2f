"""The six fixes (六定) of a finding on a check form: who is responsible and
who reviews when the form leaves them blank, and the check of what was typed
before the check is signed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from xiaoneng.errors import UserError
from xiaoneng.model.dates import parse_day
from xiaoneng.model.records import FindingDraft
from xiaoneng.services.check_tasks import CheckTask
from xiaoneng.services.text import clean_field, clean_note

if TYPE_CHECKING:
    from xiaoneng.services.core import Core


class SixFixes:
    def __init__(self, core: Core):
        self.core = core

    def check(self, task: CheckTask, f: FindingDraft | None, item_text: str) -> FindingDraft:
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

    def defaults(self, task: CheckTask) -> tuple[str, str]:
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
