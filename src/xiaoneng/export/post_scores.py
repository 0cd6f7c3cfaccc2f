"""巾帼文明岗创建考核评分表: one applicant post's assessment items with their
points, the post's self-assessment beside the assessors' scores and the
difference. Before anything is entered it is the blank form the post's
leader fills in on paper and returns; afterwards the record of both sheets.
"""

from __future__ import annotations

from xiaoneng.export.common import (
    LedgerHead,
    Signature,
    head_note,
    signature_text,
    small_note,
    start,
)
from xiaoneng.export.document import OfficialDocument
from xiaoneng.export.fonts import FontSettings
from xiaoneng.model.assessment import Comparison, ScoreSheet, fmt_points
from xiaoneng.model.checklist import CheckTemplate
from xiaoneng.model.post_states import state_label
from xiaoneng.model.posts import Post

HEADERS = ("序号", "考核内容", "自评", "考核", "差", "分值")
WIDTHS_MM = (12, 100, 12, 12, 12, 12)
# 分值 last: read flat (a PDF's text), 序号 and the points never run together like a date.


def _points(value: float | None) -> str:
    return "" if value is None else fmt_points(value)


def _diff(value: float | None) -> str:
    return "" if value is None else (f"{value:+g}" if value else "0")


def score_sheet(
    post: Post,
    template: CheckTemplate,
    comparison: Comparison,
    self_sheet: ScoreSheet | None,
    assessor_sheet: ScoreSheet | None,
    *,
    signatures: tuple[Signature | None, Signature | None] = (None, None),
    head: LedgerHead | None = None,
    number: object = "",
    fonts: FontSettings | None = None,
    doc: OfficialDocument | None = None,
) -> OfficialDocument:
    doc = start(doc, fonts)
    doc.title(f"{post.name}\n巾帼文明岗创建考核评分表")
    doc.meta_line(f"所在单位：{post.organisation}")
    doc.meta_line(f"申报：{post.year}年度{post.level}巾帼文明岗（{state_label(post.state)}）")
    rows: list[list[object]] = []
    by_item = {c.item.id: c for c in comparison.items}
    for group, sums in zip(template.groups, comparison.groups, strict=True):
        rows.append(
            [
                "",
                group.title,
                _points(sums.self_total),
                _points(sums.assessor_total),
                "",
                _points(sums.points),
            ]
        )
        for item in group.items:
            c = by_item[item.id]
            rows.append(
                [
                    sum(1 for r in rows if r[0] != "") + 1,
                    item.text,
                    _points(c.self_score),
                    _points(c.assessor_score),
                    _diff(c.diff),
                    _points(item.points),
                ]
            )
    rows.append(
        [
            "",
            "合计",
            _points(comparison.self_total),
            _points(comparison.assessor_total),
            _diff(comparison.diff),
            _points(comparison.total),
        ]
    )
    doc.table(
        HEADERS,
        rows,
        WIDTHS_MM,
        font_size_pt=10.5,
        aligns=("center", "left", "center", "center", "center", "center"),
    )
    with doc.kept_together():  # the signatures and the notes on one page
        doc.blank_line()
        if self_sheet is None and assessor_sheet is None:
            doc.paragraph("请岗位负责人在“自评”栏逐项填写得分（不超过分值），签字后交回。")
        doc.signature_block(
            [
                ("自评人", self_sheet.scorer if self_sheet else ""),
                ("考核组", assessor_sheet.scorer if assessor_sheet else ""),
                ("日期", ""),
            ],
            gap_lines=1,
        )
        doc.blank_line()
        small_note(
            doc, f"评分标准：《{template.title}》第 {template.version} 版；差 = 考核 − 自评。"
        )
        mine, theirs = signatures
        if self_sheet is not None:
            small_note(doc, "自评" + signature_text(mine, "录入"))
        if assessor_sheet is not None:
            small_note(doc, "考核评分" + signature_text(theirs, "录入"))
        head_note(doc, head)
        if number:
            small_note(doc, f"编号：{number}")
    return doc
