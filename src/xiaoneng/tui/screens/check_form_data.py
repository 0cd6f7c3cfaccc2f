"""The data behind one check form, read in a worker: the task, the template,
the draft or the submitted record, and the people the six fixes may name."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rich.text import Text

from xiaoneng.model.checklist import MODE_LABELS, UNCHECKED, CheckTemplate
from xiaoneng.model.records import CheckRecord, FindingDraft, ItemResult
from xiaoneng.services.check_tasks import CheckTask
from xiaoneng.services.checks import score
from xiaoneng.tui.format import day

if TYPE_CHECKING:
    from xiaoneng.model.people import Person
    from xiaoneng.services.core import Core


@dataclass
class FormData:
    """Everything the form needs, read in a worker."""

    task: CheckTask
    template: CheckTemplate
    results: dict[str, ItemResult]  # item id ->
    findings: dict[str, FindingDraft]  # item id ->
    names: dict[str, str]  # person id -> name
    people: list[tuple[Text, str]]  # (label, id) of the unit checked
    reviewers: list[tuple[Text, str]]  # (label, id) who may review
    defaults: tuple[str, str]  # (responsible, reviewer) for a new finding
    alt_reviewer: str  # reviewer when the checker is the responsible person
    record: CheckRecord | None = None  # once submitted
    finding_ids: dict[str, str] = field(default_factory=dict)  # item id -> finding id
    saved: str = ""  # when the draft was saved


def read_form(core: Core, user: Person, activity_id: str, mode: str, target: str) -> FormData:
    """The form for `user`'s check of `target` (PermissionDenied when not theirs)."""
    checks = core.checks
    task = core.tasks.get(user, activity_id, mode, target)
    template = core.activities.template(task.activity.template)
    unit_people = core.roster.people(unit=task.unit)
    names = {p.id: p.name for p in unit_people} | {user.id: user.name}
    responsible, reviewer = core.six_fixes.defaults(task)
    alt = core.six_fixes.reviewer_for(task, task.checker)
    for pid in (responsible, reviewer, alt):
        if pid and pid not in names:
            p = core.roster.get(pid)
            names[pid] = p.name if p else pid
    people = [(Text(f"{p.name}（{p.id}）"), p.id) for p in unit_people]
    # The unit's people, then the checker and the defaults, each once (the
    # leader of an inspection is often both the checker and the default reviewer).
    others = [pid for pid in (user.id, reviewer, alt) if pid]
    reviewer_ids = list(dict.fromkeys([p.id for p in unit_people] + others))
    reviewers = [(Text(f"{names.get(pid, pid)}（{pid}）"), pid) for pid in reviewer_ids]
    data = FormData(
        task=task,
        template=template,
        results={},
        findings={},
        names=names,
        people=people,
        reviewers=reviewers,
        defaults=(responsible, reviewer),
        alt_reviewer=alt,
    )
    record = checks.record_of(task) if task.done else None
    if record is not None:
        data.record = record
        data.results = {r["item"]: ItemResult.from_dict(r) for r in record.results}
        for fid in record.findings:
            f = core.findings.get(fid)
            data.finding_ids[f.item] = fid
            data.findings[f.item] = FindingDraft.from_dict(f.to_dict())
            for pid in (f.responsible, f.reviewer):
                if pid not in names:
                    p = core.roster.get(pid)
                    names[pid] = p.name if p else pid
    else:
        draft = checks.draft(user, activity_id, mode, target)
        # Items dropped from the checklist since the draft was saved are left behind.
        ids = {i.id for _g, i in template.items_for(task.mode)}
        data.results = {k: ItemResult.from_dict(v) for k, v in draft["results"].items() if k in ids}
        data.findings = {
            k: FindingDraft.from_dict(v) for k, v in draft["findings"].items() if k in ids
        }
        data.saved = draft.get("saved", "")
    return data


def summary(
    form: FormData,
    codes: dict[str, str],
    results: dict[str, ItemResult],
    findings: dict[str, FindingDraft],
    checker_name: str,
) -> tuple[list[Text | str], str]:
    """What the form is about to submit (`codes`: item id -> result code), and a
    warning when items are still unchecked (they count as not compliant)."""
    task, template = form.task, form.template
    counts: dict[str, int] = {}
    for code in codes.values():
        counts[code] = counts.get(code, 0) + 1
    unchecked = counts.get(UNCHECKED, 0)
    value = score(template, results, task.mode)
    lines: list[Text | str] = [
        f"{MODE_LABELS[task.mode]}：{task.activity.title}",
        f"检查人：{checker_name}　对象：{task.target_name}",
        f"共 {len(codes)} 项，已检查 {len(codes) - unchecked} 项："
        + "，".join(f"{r.label} {counts.get(r.code, 0)}" for r in template.results),
        f"得分：{'—' if value is None else f'{value:.1%}'}",
    ]
    opened = [i for i, code in codes.items() if (o := template.result(code)) and o.finding]
    if opened:
        lines.append(f"发现问题 {len(opened)} 条，提交后登记到问题整改台账：")
        for item_id in opened:
            f = findings[item_id]
            who = form.names.get(f.responsible, f.responsible)
            lines.append(f"  · {f.problem}（责任人 {who}，期限 {day(f.deadline)}）")
    warning = (
        f"注意：还有 {unchecked} 项未检查，提交后按不符合计分，且不能再修改。" if unchecked else ""
    )
    return lines, warning
