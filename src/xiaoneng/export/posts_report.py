"""The 巾帼文明岗 part of the annual report (年度汇总): applicants per level and
state, training attendance and completion, assessment results, files."""

from __future__ import annotations

from xiaoneng.export.common import ratio
from xiaoneng.export.document import OfficialDocument
from xiaoneng.model.assessment import fmt_points
from xiaoneng.model.dates import cn_date
from xiaoneng.model.post_states import STATES
from xiaoneng.model.posts_summary import ProgrammeSummary

WIDTHS_MM = (18, 14, 14, 14, 14, 15, 15, 14, 15, 23)


def programme_section(doc: OfficialDocument, s: ProgrammeSummary) -> None:
    doc.heading("巾帼文明岗创建")
    per_level = s.per_level()
    levels = "、".join(f"{lv} {n} 个" for lv, n in per_level.items())
    flagged = sum(s.flagged.values())
    doc.paragraph(
        f"{s.year}年度共登记申报岗位 {s.posts} 个（{levels}）；"
        f"不符合或无法核对硬性条件的 {flagged} 个，已逐一标出原因，未删除。"
        f"档案材料（必备）齐全的 {s.files_complete} 个。"
    )
    headers = ["级别", *STATES.values(), "合计", "不符合条件"]
    rows: list[list[object]] = [
        [lv, *(states.get(k, 0) for k in STATES), per_level[lv], s.flagged.get(lv, 0)]
        for lv, states in s.levels.items()
    ]
    totals = s.per_state()
    rows.append(["合计", *(totals[k] for k in STATES), s.posts, flagged])
    doc.table(headers, rows, WIDTHS_MM, font_size_pt=10.5)
    for c in s.classes:
        doc.paragraph(
            f"{c.title}（{cn_date(c.start)}至{cn_date(c.end)}）：学员 {c.participants} 人，"
            f"课程 {c.courses} 门（必修 {c.compulsory} 门），出勤 {c.present}/{c.due} 人次"
            f"（{ratio(c.present, c.due)}），其中补签 {c.late} 人次，请假 {c.leave} 人次；"
            f"结业 {c.completed} 人。"
        )
    if not s.classes:
        doc.paragraph("本年度未举办培训班。")
    a = s.assessment
    if a is None:
        doc.paragraph("本年度尚无考核评分。")
        return
    parts = [f"自评 {a.self_scored} 个岗位"]
    if a.self_mean is not None:
        parts[-1] += f"，平均 {fmt_points(a.self_mean)} 分"
    parts.append(f"考核组评分 {a.assessed} 个岗位")
    if a.assessor_mean is not None:
        parts[-1] += f"，平均 {fmt_points(a.assessor_mean)} 分"
    if a.diff_mean is not None:
        way = "低" if a.diff_mean < 0 else "高"
        parts.append(f"考核分平均比自评{way} {fmt_points(abs(a.diff_mean))} 分")
    doc.paragraph(f"考核评分（满分 {fmt_points(a.total)} 分）：" + "；".join(parts) + "。")
