"""答案: the answer key of a set of test papers (export/paper.py).

First one marking table - a row per copy with its number and the letters of
every question in groups of five - then, copy by copy, each question's type,
answer and the article it rests on, so a marker can explain a mark.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from xiaoneng.export.common import start
from xiaoneng.export.document import OfficialDocument
from xiaoneng.export.fonts import FontSettings
from xiaoneng.model.checklist import StudyModule
from xiaoneng.model.paper import Paper

TYPE_LABELS = {"single": "单选", "multiple": "多选"}
MARKING_HEADERS = ("份", "抽题号", "答案（按题号，每五题一组）")
MARKING_WIDTHS_MM = (10, 22, 124)
DETAIL_HEADERS = ("题号", "题型", "答案", "依据")
DETAIL_WIDTHS_MM = (14, 16, 18, 108)


@dataclass(frozen=True)
class Copy:
    """One copy of the set: its number as printed and the paper drawn for it."""

    number: str
    paper: Paper


def grouped_answers(paper: Paper) -> str:
    """The letters a marker compares, five questions a group, two groups a line:
    1-5：D B AC A B　6-10：…"""
    keys = [q.answer_letters() for q in paper.questions]
    groups = [
        f"{i + 1}-{min(i + 5, len(keys))}：" + " ".join(keys[i : i + 5])
        for i in range(0, len(keys), 5)
    ]
    return "\n".join("　".join(groups[i : i + 2]) for i in range(0, len(groups), 2))


def answer_key(
    module: StudyModule,
    copies: Sequence[Copy],
    *,
    number: str,
    fonts: FontSettings | None = None,
    doc: OfficialDocument | None = None,
) -> OfficialDocument:
    doc = start(doc, fonts)
    doc.meta_line(f"编号：{number}", align="right")
    doc.title("学习测验试卷答案", subtitle=module.title)
    version = copies[0].paper.version if copies else module.version
    doc.meta_line(f"依据：{module.source.label()}，第 {version} 版学习内容。")
    size = len(copies[0].paper.questions) if copies else module.paper_size
    doc.meta_line(
        f"共 {len(copies)} 份试卷，每份 {size} 题，每题 1 分，答对 {module.pass_mark} 题及以上为合格。"
    )
    doc.paragraph(
        "阅卷时看试卷右上角编号的最后一段（抽题号），用下表对应一行的答案评分；"
        "多选题须与答案完全一致才得分。"
    )
    # Said here, by the table it is about, not after the last detail table where
    # it could be left alone on a page of its own.
    doc.paragraph(
        "答案只供办公室阅卷，请勿随试卷发放。评分后在系统中登记成绩：人员名册 → 学习测验 → "
        "登记纸质测验（或 xiaoneng study paper-result），按试卷编号最后一段的抽题号登记。"
    )
    doc.heading("评分用答案")
    rows = [[n, c.paper.seed, grouped_answers(c.paper)] for n, c in enumerate(copies, start=1)]
    doc.table(MARKING_HEADERS, rows, MARKING_WIDTHS_MM, font_size_pt=10.5)
    doc.heading("逐题答案与依据")
    for n, c in enumerate(copies, start=1):
        doc.heading(f"第 {n} 份　{c.number}", level=2)
        detail = [
            [k, TYPE_LABELS.get(q.type, q.type), q.answer_letters(), q.ref]
            for k, q in enumerate(c.paper.questions, start=1)
        ]
        doc.table(DETAIL_HEADERS, detail, DETAIL_WIDTHS_MM, font_size_pt=10.5)
    return doc


def key_file_parts(number: str, module: StudyModule) -> tuple[str, ...]:
    return (number, module.title)
