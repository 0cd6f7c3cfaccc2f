"""年度汇总: completion per unit for a year, from the status report.

Takes the `StatusReport` of `StatusService.report(year)` (units already
narrowed to what the reader may see): an overview, one table per unit, then
the detail of studies, sessions, checks, letters and rectifications.
"""

from __future__ import annotations

import datetime as dt

from xiaoneng.export.common import LedgerHead, head_text, ratio, start
from xiaoneng.export.document import OfficialDocument
from xiaoneng.export.fonts import FontSettings
from xiaoneng.export.posts_report import programme_section
from xiaoneng.model.dates import cn_date
from xiaoneng.model.record_numbers import RecordNumber
from xiaoneng.model.records import Progress
from xiaoneng.model.status import StatusReport, UnitStatus, total_of

OVERVIEW_HEADERS = (
    "单位",
    "人数",
    "学习",
    "集中学习",
    "三查",
    "承诺书",
    "总体完成率",
    "未销号问题",
    "其中逾期",
)
OVERVIEW_WIDTHS_MM = (32, 12, 17, 17, 17, 17, 16, 14, 14)
DETAIL_HEADERS = ("项目", "单位", "已完成", "应完成", "完成率")
DETAIL_WIDTHS_MM = (58, 38, 20, 20, 20)


def _cell(p: Progress) -> str:
    return f"{p.done}/{p.due}" if p.due else "—"


def _unit_parts(u: UnitStatus) -> dict[str, Progress]:
    return {
        "studies": total_of(list(u.studies.values())),
        "sessions": total_of(list(u.sessions.values())),
        "checks": total_of(u.check_progress()),
        "letters": u.letters,
        "overall": u.overall(),
    }


def _detail(doc: OfficialDocument, title: str, rows: list[list[object]]) -> None:
    doc.heading(title)
    if rows:
        doc.table(DETAIL_HEADERS, rows, DETAIL_WIDTHS_MM, font_size_pt=10.5)
    else:
        doc.paragraph("本年度无此项安排。")


def _row(label: str, unit: str, p: Progress) -> list[object]:
    return [label, unit, p.done, p.due, ratio(p.done, p.due)]


def annual_report(
    report: StatusReport,
    *,
    agency: str,
    today: dt.date,
    unit_name: str | None = None,
    head: LedgerHead | None = None,
    number: RecordNumber | None = None,
    fonts: FontSettings | None = None,
    doc: OfficialDocument | None = None,
) -> OfficialDocument:
    doc = start(doc, fonts)
    year = report.year
    units = report.units
    scope = unit_name or agency
    doc.title(f"{scope}\n{year}年度效能建设和安全生产工作情况汇总")
    doc.meta_line(f"统计截至：{cn_date(report.date or today)}", align="center")
    doc.blank_line()

    people = sum(u.headcount for u in units)
    parts = [_unit_parts(u) for u in units]
    keys = ("studies", "sessions", "checks", "letters", "overall")
    total = {k: total_of([p[k] for p in parts]) for k in keys}
    closed = sum(u.findings.closed for u in units)
    still_open = sum(u.findings.open for u in units)
    overdue = sum(u.findings.overdue for u in units)

    def part(key: str, label: str) -> str:
        p = total[key]
        # Words, not "55/138": a long unbreakable figure stretches the line above it.
        return f"{label}应完成 {p.due}、已完成 {p.done}（{ratio(p.done, p.due)}）"

    doc.heading("总体情况")
    doc.paragraph(
        f"本年度纳入统计的单位 {len(units)} 个、干部职工 {people} 人；"
        f"学习模块 {len(report.modules)} 个，集中学习 {len(report.sessions)} 场，"
        f"检查活动 {len(report.activities)} 项。"
        + "；".join(
            [
                part("studies", "学习"),
                part("sessions", "集中学习签到"),
                part("checks", "“三查”"),
                part("letters", "承诺书签署"),
            ]
        )
        + f"。问题整改：已销号 {closed} 项，未销号 {still_open} 项，"
        f"其中逾期 {overdue} 项。"
    )

    doc.heading("各单位完成情况")
    rows: list[list[object]] = []
    for u, up in zip(units, parts, strict=True):
        rows.append(
            [u.name, u.headcount]
            + [_cell(up[k]) for k in ("studies", "sessions", "checks", "letters")]
            + [ratio(up["overall"].done, up["overall"].due), u.findings.open, u.findings.overdue]
        )
    if rows:
        doc.table(OVERVIEW_HEADERS, rows, OVERVIEW_WIDTHS_MM, font_size_pt=10.5)
    else:
        doc.paragraph("没有可统计的单位。")

    _detail(
        doc,
        "学习完成情况",
        [
            _row(f"{m.title}（第 {m.version} 版）", u.name, p)
            for mid, m in report.modules.items()
            for u in units
            if (p := u.studies.get(mid)) and p.due
        ],
    )
    _detail(
        doc,
        "集中学习签到情况",
        [
            _row(f"{s.title}（{cn_date(s.start)}）", u.name, p)
            for sid, s in report.sessions.items()
            for u in units
            if (p := u.sessions.get(sid))
        ],
    )
    _detail(
        doc,
        "“三查”完成情况",
        [
            _row(f"{a.title}：{label}", u.name, p)
            for aid, a in report.activities.items()
            for mode, label in a.modes.items()
            for u in units
            if (p := u.checks.get(aid, {}).get(mode)) and p.due
        ],
    )
    _detail(
        doc,
        "承诺书签署情况",
        [_row("年度承诺书", u.name, u.letters) for u in units if u.letters.due],
    )

    doc.heading("问题整改情况")
    rows = [[u.name, u.findings.closed, u.findings.open, u.findings.overdue] for u in units]
    if rows:
        doc.table(
            ("单位", "已销号", "未销号", "其中逾期"), rows, (60, 32, 32, 32), font_size_pt=10.5
        )
    if report.programme is not None:
        programme_section(doc, report.programme)
    with doc.kept_together():
        doc.signature_block([("制表", "办公室"), ("日期", cn_date(today))], gap_lines=1)
        doc.blank_line()
        doc.note("完成数以程序中电子签署的记录为准；“—”表示该单位无此项任务。")
        doc.note(head_text(head) + (f"记录编号：{number}。" if number else ""))
    return doc


def report_file_parts(
    number: RecordNumber, agency: str, unit_name: str | None = None
) -> tuple[str, ...]:
    return (str(number), unit_name or agency)
