"""自查表 / 互查表 / 巡查表: one submitted check, as the paper form it replaces.

Header (activity, checklist and version, mode, 检查人, 被检查人/单位, date,
score), every item grouped as in the checklist with its result and note, the
problems found with their six fixes (六定), blanks for both signatures and the
date, and the electronic submission time with the ledger's check code.
"""

from __future__ import annotations

from collections.abc import Sequence

from xiaoneng.export.common import (
    Directory,
    LedgerHead,
    Signature,
    head_note,
    signature_text,
    start,
)
from xiaoneng.export.document import OfficialDocument
from xiaoneng.export.fonts import FontSettings
from xiaoneng.model.checklist import MODE_LABELS, UNCHECKED, UNCHECKED_LABEL, CheckTemplate
from xiaoneng.model.dates import cn_date
from xiaoneng.model.record_numbers import RecordNumber
from xiaoneng.model.records import Activity, CheckRecord, Finding

ITEM_HEADERS = ("序号", "检查内容", "检查结果", "备注")
ITEM_WIDTHS_MM = (11, 85, 22, 38)
FIX_HEADERS = (
    "序号",
    "问题（定项目）",
    "整改措施（定措施）",
    "资金（定资金）",
    "责任人（定人员）",
    "整改期限（定时限）",
    "复查人（定复查）",
)
FIX_WIDTHS_MM = (10, 36, 34, 16, 18, 23, 19)  # the deadline fits on two lines
HEADER_SIZE = 10.5


def _target(record: CheckRecord, directory: Directory) -> tuple[str, str]:
    """(label, text) of who or what was checked: a person, or a whole unit."""
    if record.target in directory.units or (record.mode == "lead" and record.target == record.unit):
        return "被检查单位", directory.unit_name(record.target)
    name = directory.name(record.target)
    unit = directory.unit_of(record.target) or directory.unit_name(record.unit)
    return "被检查人", f"{name}（{unit}）" if unit else name


def _score(value: float | None) -> str:
    if value is None:
        return "不计分（全部为不适用）"
    points = round(value * 100, 1)
    return f"{points:g} 分（百分制）"


def _result_label(template: CheckTemplate | None, code: str) -> str:
    if code == UNCHECKED:
        return UNCHECKED_LABEL
    option = template.result(code) if template else None
    return option.label if option else code


def _item_groups(
    record: CheckRecord, template: CheckTemplate | None
) -> list[tuple[str, list[tuple[str, str]]]]:
    """[(group title, [(item id, item text)])] in checklist order; items the
    current checklist no longer has are listed by id under 其他."""
    recorded = [r["item"] for r in record.results]
    groups: list[tuple[str, list[tuple[str, str]]]] = []
    seen: set[str] = set()
    if template is not None:
        for group in template.groups:
            items = [(i.id, i.text) for i in group.items if i.id in recorded]
            seen.update(i for i, _ in items)
            if items:
                groups.append((group.title, items))
    rest = [(i, f"检查项 {i}") for i in recorded if i not in seen]
    if rest:
        groups.append(("其他检查项", rest))
    return groups


def check_form(
    record: CheckRecord,
    *,
    activity: Activity | None,
    template: CheckTemplate | None,
    findings: Sequence[Finding],
    directory: Directory,
    signature: Signature | None,
    number: RecordNumber | None = None,
    head: LedgerHead | None = None,
    fonts: FontSettings | None = None,
    doc: OfficialDocument | None = None,
) -> OfficialDocument:
    """The form for `record`; `template` is the checklist it used (None if gone)."""
    doc = start(doc, fonts)
    mode = MODE_LABELS.get(record.mode, record.mode)
    activity_title = activity.title if activity else "（检查活动已删除）"
    doc.title(f"{mode}表", subtitle=activity_title)
    version = record.template.get("version", "")
    name = template.title if template else "（所用检查表已不在清单中）"
    if template is not None and template.version != version:
        name += f"（现行检查表为第 {template.version} 版，检查内容按现行版本列出）"
    label, target = _target(record, directory)
    checker = f"{directory.name(record.checker)}（{directory.unit_of(record.checker)}）"
    doc.form_grid(
        [
            [("检查表", f"{name}（第 {version} 版）")],
            [("检查方式", mode), ("检查日期", cn_date(record.submitted))],
            [("检查人", checker), (label, target)],
            [("得分", _score(record.score))],
        ],
        label_mm=26,
        font_size_pt=HEADER_SIZE,
    )

    doc.heading("检查情况")
    results = {r["item"]: r for r in record.results}
    item_no = 0
    for title, items in _item_groups(record, template):
        doc.heading(title, 2)
        rows = []
        for item_id, text in items:
            item_no += 1
            r = results[item_id]
            rows.append([item_no, text, _result_label(template, r["result"]), r.get("note", "")])
        doc.table(
            ITEM_HEADERS,
            rows,
            ITEM_WIDTHS_MM,
            font_size_pt=10.5,
            aligns=("center", "left", "center", "left"),
        )

    doc.heading("发现的问题及整改（六定）")
    rows = []
    for n, f in enumerate(findings, start=1):
        problem = f.problem if f.category != "重大" else f"〔重大〕{f.problem}"
        measure = f.measure + (f"\n临时措施：{f.temp_measure}" if f.temp_measure else "")
        rows.append(
            [
                n,
                problem,
                measure,
                f.money or "—",
                directory.name(f.responsible),
                cn_date(f.deadline, blank=""),
                directory.name(f.reviewer),
            ]
        )
    if rows:
        doc.table(FIX_HEADERS, rows, FIX_WIDTHS_MM, font_size_pt=10.5)
        doc.paragraph("以上问题已登记入问题整改台账，整改完成后由复查人复查销号。", indent=True)
    else:
        doc.paragraph("本次检查未发现需要整改的问题。")

    checked = "被检查单位负责人（签字）" if label == "被检查单位" else "被检查人（签字）"
    with doc.kept_together():
        doc.signature_block(
            [(checked, ""), ("检查人（签字）", ""), ("日期", cn_date(None))], gap_lines=2
        )
        doc.blank_line()
        doc.note(signature_text(signature, "提交"))
        if number is not None:
            doc.note(f"记录编号：{number}。")
        head_note(doc, head)
    return doc


def check_file_parts(
    number: RecordNumber, record: CheckRecord, directory: Directory
) -> tuple[str, ...]:
    """The record number, who or what was checked, and the checker."""
    _label, target = _target(record, directory)
    target_name = target.split("（", 1)[0]
    if record.checker == record.target:
        return (str(number), target_name)
    return (str(number), target_name, f"检查人{directory.name(record.checker)}")
