"""问题整改台账: the rectification register, landscape, one row per finding.

Columns follow the paper ledger (序号, 发现时间, 发现方式, 问题描述, 类别/等级,
整改措施, 责任人, 整改期限, 进度, 复查人, 复查日期, 销号); overdue findings say
so in the deadline and progress cells. Closes with the counts and the ledger
head at export time, so a later cut-off of the hash-chained ledger shows against paper.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from xiaoneng.export.common import Directory, LedgerHead, head_text, start
from xiaoneng.export.document import OfficialDocument
from xiaoneng.export.fonts import FontSettings
from xiaoneng.export.layout import LANDSCAPE
from xiaoneng.model.checklist import MODE_LABELS
from xiaoneng.model.dates import cn_date, parse_date
from xiaoneng.model.record_numbers import RecordNumber
from xiaoneng.model.records import Finding

HEADERS = (
    "序号",
    "发现日期",
    "发现方式",
    "问题描述",
    "类别/等级",
    "整改措施",
    "责任人",
    "整改期限",
    "进度",
    "复查人、复查日期",
    "销号",
)
# 225 mm (the landscape type area) with the 单位 column; without it the
# problem and measure columns take its width. A date (2026年 / 12月31日) takes
# two lines of 19 mm at 9 pt; problem and measure get the room to keep rows low.
WIDTHS_MM = (8, 19, 9, 42, 9, 32, 12, 19, 30, 20, 10)
UNIT_WIDTH_MM = 15
CLOSED = "已销号"


def _landscape_throughout(doc: OfficialDocument) -> None:
    """Turn the (still empty) first section landscape, so the title shares the
    page (a landscape section of its own would leave the title on a portrait sheet)."""
    if doc.geometry.landscape:
        return
    doc.set_page(LANDSCAPE)


def overdue_days(finding: Finding, today: dt.date) -> int:
    due = parse_date(finding.deadline)
    if finding.state == "closed" or due is None or today <= due:
        return 0
    return (today - due).days


def _progress(finding: Finding, late: int) -> str:
    lines = [finding.state_label]
    if finding.progress:
        last = finding.progress[-1]
        lines.append(f"{cn_date(last.get('time'), blank='')}：{last.get('text', '')}")
    if late:
        lines.append(f"逾期 {late} 天")
    return "\n".join(lines)


def _row(n: int, f: Finding, directory: Directory, today: dt.date, with_unit: bool) -> list[Any]:
    late = overdue_days(f, today)
    problem = f.problem
    if f.item_text:
        problem += f"\n（检查项：{f.item_text}）"
    measure = f.measure + (f"\n临时措施：{f.temp_measure}" if f.temp_measure else "")
    if f.money:
        measure += f"\n资金：{f.money}"
    deadline = cn_date(f.deadline, blank="") + ("\n（已逾期）" if late else "")
    closed = f.state == "closed"
    row = [
        n,
        cn_date(f.found_at, blank=""),
        MODE_LABELS.get(f.source, f.source),
        problem,
        f.category,
        measure,
        directory.name(f.responsible),
        deadline,
        _progress(f, late),
        "\n".join(x for x in (directory.name(f.reviewer), cn_date(f.reviewed_at, blank="")) if x),
        CLOSED if closed else "",
    ]
    if with_unit:
        row.insert(1, directory.unit_name(f.unit))
    return row


def rectification_register(
    findings: Sequence[Finding],
    directory: Directory,
    *,
    today: dt.date,
    period: str,
    unit_name: str | None = None,
    head: LedgerHead | None = None,
    number: RecordNumber | None = None,
    fonts: FontSettings | None = None,
    doc: OfficialDocument | None = None,
) -> OfficialDocument:
    """The register of `findings` (in the order given) as of `today`.

    With several units (no `unit_name`) a 单位 column follows 序号.
    """
    doc = start(doc, fonts)
    _landscape_throughout(doc)
    doc.title("问题整改台账", subtitle=f"（{period}）")
    doc.meta_line(
        f"单位：{unit_name or directory.agency or '全部单位'}　　制表日期：{cn_date(today)}"
    )
    with_unit = unit_name is None
    headers = list(HEADERS)
    widths: list[float] = list(WIDTHS_MM)
    if with_unit:
        headers.insert(1, "单位")
        widths.insert(1, UNIT_WIDTH_MM)
    else:
        widths[3] += UNIT_WIDTH_MM / 2
        widths[5] += UNIT_WIDTH_MM / 2
    rows = [_row(n, f, directory, today, with_unit) for n, f in enumerate(findings, start=1)]
    if rows:
        doc.table(headers, rows, widths, font_size_pt=9)
    else:
        doc.paragraph("本期没有登记的问题。")
    closed = sum(f.state == "closed" for f in findings)
    late = sum(overdue_days(f, today) > 0 for f in findings)
    serious = sum(f.category == "重大" for f in findings)
    with doc.kept_together():
        doc.meta_line(
            f"共 {len(findings)} 项（其中重大 {serious} 项）：已销号 {closed} 项，"
            f"未销号 {len(findings) - closed} 项，其中逾期 {late} 项。"
        )
        doc.note(
            "说明：整改流程为 发现、登记、整改、复查、销号；复查人不得为责任人本人。"
            "“已逾期”指超过整改期限仍未销号。"
        )
        doc.note(head_text(head) + (f"记录编号：{number}。" if number else ""))
    return doc


def register_file_parts(
    number: RecordNumber, unit_name: str | None, agency: str
) -> tuple[str, ...]:
    """The number (with the period when not a whole year) and the unit."""
    return (str(number), unit_name or agency or "全部单位")
