"""档案目录: the file materials of one 巾帼文明岗 applicant post, volume by
volume (the categories of the materials list), with what the office found
in the post's files and what is still missing.
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
from xiaoneng.model.post_files import Completeness, MaterialList
from xiaoneng.model.post_states import state_label
from xiaoneng.model.posts import Post, format_titles

HEADERS = ("序号", "类别", "材料名称", "要求", "归档情况")
WIDTHS_MM = (12, 30, 76, 16, 22)


def files_catalogue(
    post: Post,
    materials: MaterialList,
    ticked: set[str],
    done: Completeness,
    *,
    checked_by: str = "",
    signature: Signature | None = None,
    number: object = "",
    head: LedgerHead | None = None,
    fonts: FontSettings | None = None,
    doc: OfficialDocument | None = None,
) -> OfficialDocument:
    doc = start(doc, fonts)
    doc.title(f"{post.name}\n巾帼文明岗创建档案目录")
    doc.meta_line(f"所在单位：{post.organisation}")
    doc.meta_line(f"申报：{post.year}年度{post.level}巾帼文明岗（{state_label(post.state)}）")
    doc.meta_line(f"负责人：{post.leader or '—'}　　已获称号：{format_titles(post.titles)}")
    rows: list[list[object]] = []
    for category, items in materials.categories():
        for k, m in enumerate(items):
            ticked_mark = "已归档" if m.id in ticked else "缺"
            required = "必备" if m.required else "可选"
            rows.append([len(rows) + 1, category if k == 0 else "", m.title, required, ticked_mark])
    doc.table(
        HEADERS,
        rows,
        WIDTHS_MM,
        font_size_pt=10.5,
        aligns=("center", "left", "left", "center", "center"),
    )
    doc.blank_line()
    summary = f"必备材料 {done.required_done}/{done.required_total} 项已归档"
    if done.optional_total:
        summary += f"，可选材料 {done.optional_done}/{done.optional_total} 项"
    if done.missing:
        summary += "；尚缺：" + "、".join(m.title for m in done.missing) + "。"
    else:
        summary += "，档案齐全。"
    doc.paragraph(summary)
    doc.signature_block([("核对人", checked_by), ("核对日期", "")], gap_lines=1)
    doc.blank_line()
    small_note(doc, f"材料目录：《{materials.title}》第 {materials.version} 版。")
    small_note(doc, signature_text(signature, "勾选"))
    head_note(doc, head)
    if number:
        small_note(doc, f"编号：{number}")
    return doc
