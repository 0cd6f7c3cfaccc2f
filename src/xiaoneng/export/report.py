"""年度汇总: completion per unit for a year, from the status report.

Takes the plain dict `StatusService.report(year)` returns (units already
narrowed to what the reader may see): an overview, one table per unit, then
the detail of studies, sessions, checks, letters and rectifications.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from xiaoneng.export.common import LedgerHead, head_text, ratio, small_note, start
from xiaoneng.export.document import OfficialDocument
from xiaoneng.export.fonts import FontSettings
from xiaoneng.model.dates import cn_date

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


def _sum(progresses) -> tuple[int, int]:
    done = due = 0
    for p in progresses:
        done += p["done"]
        due += p["due"]
    return done, due


def _cell(done: int, due: int) -> str:
    return f"{done}/{due}" if due else "—"


def _unit_parts(u: Mapping) -> dict[str, tuple[int, int]]:
    checks = [p for modes in u["checks"].values() for p in modes.values()]
    return {
        "studies": _sum(u["studies"].values()),
        "sessions": _sum(u["sessions"].values()),
        "checks": _sum(checks),
        "letters": (u["letters"]["done"], u["letters"]["due"]),
        "overall": (u["overall"]["done"], u["overall"]["due"]),
    }


def _detail(doc: OfficialDocument, title: str, rows: list[list]) -> None:
    doc.heading(title)
    if rows:
        doc.table(DETAIL_HEADERS, rows, DETAIL_WIDTHS_MM, font_size_pt=10.5)
    else:
        doc.paragraph("本年度无此项安排。")


def _row(label: str, unit: str, p: Mapping) -> list:
    return [label, unit, p["done"], p["due"], ratio(p["done"], p["due"])]


def annual_report(
    report: Mapping,
    *,
    agency: str,
    today: dt.date,
    unit_name: str | None = None,
    head: LedgerHead | None = None,
    fonts: FontSettings | None = None,
    doc: OfficialDocument | None = None,
) -> OfficialDocument:
    doc = start(doc, fonts)
    year = report["year"]
    units = list(report["units"])
    scope = unit_name or agency
    doc.title(f"{scope}\n{year}年度效能建设和安全生产工作情况汇总")
    doc.meta_line(f"统计截至：{cn_date(report.get('date') or today)}", align="center")
    doc.blank_line()

    people = sum(u["headcount"] for u in units)
    parts = [_unit_parts(u) for u in units]
    keys = ("studies", "sessions", "checks", "letters", "overall")
    total = {k: (sum(p[k][0] for p in parts), sum(p[k][1] for p in parts)) for k in keys}
    findings = {k: sum(u["findings"][k] for u in units) for k in ("open", "overdue", "closed")}

    def part(key: str, label: str) -> str:
        done, due = total[key]
        return f"{label}完成 {done}/{due}（{ratio(done, due)}）"

    doc.heading("总体情况")
    doc.paragraph(
        f"本年度纳入统计的单位 {len(units)} 个、干部职工 {people} 人；"
        f"学习模块 {len(report['modules'])} 个，集中学习 {len(report['sessions'])} 场，"
        f"检查活动 {len(report['activities'])} 项。"
        + "；".join(
            [
                part("studies", "学习"),
                part("sessions", "集中学习签到"),
                part("checks", "“三查”"),
                part("letters", "承诺书签署"),
            ]
        )
        + f"。问题整改：已销号 {findings['closed']} 项，未销号 {findings['open']} 项，"
        f"其中逾期 {findings['overdue']} 项。"
    )

    doc.heading("各单位完成情况")
    rows = []
    for u, p in zip(units, parts, strict=True):
        rows.append(
            [u["name"], u["headcount"]]
            + [_cell(*p[k]) for k in ("studies", "sessions", "checks", "letters")]
            + [ratio(*p["overall"]), u["findings"]["open"], u["findings"]["overdue"]]
        )
    if rows:
        doc.table(OVERVIEW_HEADERS, rows, OVERVIEW_WIDTHS_MM, font_size_pt=10.5)
    else:
        doc.paragraph("没有可统计的单位。")

    modules = report["modules"]
    _detail(
        doc,
        "学习完成情况",
        [
            _row(f"{m['title']}（第 {m['version']} 版）", u["name"], p)
            for mid, m in modules.items()
            for u in units
            if (p := u["studies"].get(mid)) and p["due"]
        ],
    )
    sessions = report["sessions"]
    _detail(
        doc,
        "集中学习签到情况",
        [
            _row(f"{s['title']}（{s['start'][:10]}）", u["name"], p)
            for sid, s in sessions.items()
            for u in units
            if (p := u["sessions"].get(sid))
        ],
    )
    activities = report["activities"]
    _detail(
        doc,
        "“三查”完成情况",
        [
            _row(f"{a['title']}：{label}", u["name"], p)
            for aid, a in activities.items()
            for mode, label in a["modes"].items()
            for u in units
            if (p := u["checks"].get(aid, {}).get(mode)) and p["due"]
        ],
    )
    _detail(
        doc,
        "承诺书签署情况",
        [_row("年度承诺书", u["name"], u["letters"]) for u in units if u["letters"]["due"]],
    )

    doc.heading("问题整改情况")
    rows = [
        [u["name"], u["findings"]["closed"], u["findings"]["open"], u["findings"]["overdue"]]
        for u in units
    ]
    if rows:
        doc.table(
            ("单位", "已销号", "未销号", "其中逾期"), rows, (60, 32, 32, 32), font_size_pt=10.5
        )
    doc.signature_block([("制表", "办公室"), ("日期", cn_date(today))], gap_lines=1)
    doc.blank_line()
    small_note(doc, "完成数以程序中电子签署的记录为准；“—”表示该单位无此项任务。")
    small_note(doc, head_text(head))
    return doc


def report_file_parts(year: int, agency: str, unit_name: str | None = None):
    return ("年度汇总", f"{year}年度", unit_name or agency)
