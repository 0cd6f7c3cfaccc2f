"""The register and the year's completion figures as Excel workbooks.

A summary sheet first, then one sheet per unit; dates are dates, counts are
numbers, rates are percentages; every sheet ends with the ledger head the
figures were taken at (see export.workbook for the common sheet layout).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from itertools import groupby

from xiaoneng.export.common import Directory, LedgerHead, head_text
from xiaoneng.export.register import CLOSED, overdue_days
from xiaoneng.export.workbook import PERCENT, CellValue, SheetFile, add_table, new_workbook
from xiaoneng.model.checklist import MODE_LABELS
from xiaoneng.model.dates import cn_date, parse_date
from xiaoneng.model.record_numbers import RecordNumber
from xiaoneng.model.records import Finding, Progress
from xiaoneng.model.status import StatusReport, UnitStatus, total_of

REGISTER_HEADERS = (
    "序号",
    "发现日期",
    "发现方式",
    "问题描述",
    "检查项",
    "类别/等级",
    "整改措施",
    "临时措施",
    "资金",
    "责任人",
    "整改期限",
    "状态",
    "最近进展",
    "逾期天数",
    "复查人",
    "复查日期",
    "销号",
)
REGISTER_SUMMARY = ("单位", "问题数", "其中重大", "已销号", "未销号", "其中逾期")
STATUS_SUMMARY = (
    "单位",
    "人数",
    "学习已完成",
    "学习应完成",
    "集中学习已签到",
    "集中学习应签到",
    "三查已完成",
    "三查应完成",
    "承诺书已签",
    "承诺书应签",
    "总体完成率",
    "未销号问题",
    "其中逾期",
)
STATUS_DETAIL = ("类别", "项目", "已完成", "应完成", "完成率")


def _caption(title: str, scope: str, today: dt.date, number: RecordNumber | None) -> str:
    numbered = f"　记录编号：{number}" if number else ""
    return f"{title}　{scope}　制表日期：{cn_date(today)}{numbered}"


def _finding_row(n: int, f: Finding, directory: Directory, today: dt.date) -> list[CellValue]:
    last = f.progress[-1] if f.progress else {}
    latest = f"{cn_date(last.get('time'), blank='')}：{last.get('text', '')}" if last else ""
    return [
        n,
        parse_date(f.found_at),
        MODE_LABELS.get(f.source, f.source),
        f.problem,
        f.item_text,
        f.category,
        f.measure,
        f.temp_measure,
        f.money,
        directory.name(f.responsible),
        parse_date(f.deadline),
        f.state_label,
        latest,
        overdue_days(f, today) or None,
        directory.name(f.reviewer),
        parse_date(f.reviewed_at),
        CLOSED if f.state == "closed" else "",
    ]


def register_workbook(
    findings: Sequence[Finding],
    directory: Directory,
    *,
    today: dt.date,
    period: str,
    scope: str,
    head: LedgerHead | None,
    number: RecordNumber | None = None,
) -> SheetFile:
    """汇总 (per unit) and one sheet per unit, findings in the order given."""
    book = new_workbook()
    footer = head_text(head)
    by_unit = sorted(findings, key=lambda f: f.unit)
    units = [(u, list(fs)) for u, fs in groupby(by_unit, key=lambda f: f.unit)]
    counts: list[tuple[int, ...]] = []
    for _unit, fs in units:
        closed = sum(f.state == "closed" for f in fs)
        late = sum(overdue_days(f, today) > 0 for f in fs)
        serious = sum(f.category == "重大" for f in fs)
        counts.append((len(fs), serious, closed, len(fs) - closed, late))
    summary: list[list[CellValue]] = [
        [directory.unit_name(unit), *c] for (unit, _fs), c in zip(units, counts, strict=True)
    ]
    summary.append(["合计", *(sum(column) for column in zip(*counts, strict=True))])
    add_table(
        book,
        "汇总",
        REGISTER_SUMMARY,
        summary,
        caption=_caption(f"问题整改台账（{period}）汇总", scope, today, number),
        footer=footer,
    )
    for unit, fs in units:
        name = directory.unit_name(unit)
        add_table(
            book,
            name,
            REGISTER_HEADERS,
            [_finding_row(n, f, directory, today) for n, f in enumerate(fs, start=1)],
            caption=_caption(f"问题整改台账（{period}）", name, today, None),
            footer=footer,
        )
    return SheetFile(book)


def _rate(p: Progress) -> float | None:
    return p.done / p.due if p.due else None


def _detail_rows(report: StatusReport, u: UnitStatus) -> list[list[CellValue]]:
    rows: list[list[CellValue]] = []

    def add(kind: str, label: str, p: Progress) -> None:
        if p.due:
            rows.append([kind, label, p.done, p.due, _rate(p)])

    for mid, m in report.modules.items():
        if (p := u.studies.get(mid)) is not None:
            add("学习", f"{m.title}（第 {m.version} 版）", p)
    for sid, s in report.sessions.items():
        if (p := u.sessions.get(sid)) is not None:
            add("集中学习", f"{s.title}（{cn_date(s.start)}）", p)
    for aid, a in report.activities.items():
        for mode, label in a.modes.items():
            if (p := u.checks.get(aid, {}).get(mode)) is not None:
                add("三查", f"{a.title}：{label}", p)
    add("承诺书", "年度承诺书", u.letters)
    return rows


def status_workbook(
    report: StatusReport,
    *,
    scope: str,
    today: dt.date,
    head: LedgerHead | None,
    number: RecordNumber | None = None,
) -> SheetFile:
    """The year's figures: 汇总 with a row per unit, then one sheet per unit."""
    book = new_workbook()
    footer = head_text(head)
    rows: list[list[CellValue]] = []
    for u in report.units:
        parts = [
            total_of(list(u.studies.values())),
            total_of(list(u.sessions.values())),
            total_of(u.check_progress()),
            u.letters,
        ]
        figures: list[CellValue] = [x for p in parts for x in (p.done, p.due)]
        overall = u.overall()
        rows.append(
            [u.name, u.headcount, *figures, _rate(overall), u.findings.open, u.findings.overdue]
        )
    add_table(
        book,
        "汇总",
        STATUS_SUMMARY,
        rows,
        caption=_caption(f"{report.year}年度完成情况汇总", scope, today, number),
        footer=footer,
        formats={10: PERCENT},
    )
    for u in report.units:
        add_table(
            book,
            u.name,
            STATUS_DETAIL,
            _detail_rows(report, u),
            caption=_caption(f"{report.year}年度完成情况", u.name, today, None),
            footer=footer,
            formats={4: PERCENT},
        )
    return SheetFile(book)
