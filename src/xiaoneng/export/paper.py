"""试卷: one drawn quiz paper to sit on paper, for staff without a terminal.

The paper's number (试卷〔2026〕WSL2021-v2-123456, the last part its seed) and
the copy stand at the top right; then the title, the 姓名/单位/得分 lines the
person fills in, how the test works, and the questions grouped by type, each
with a bracket for the letters chosen and its choices below it (two to a line
when they are short). The office marks it with the answer key
(export/paper_key.py) and records the result by the seed.
"""

from __future__ import annotations

from collections.abc import Sequence

from docx.shared import Mm
from docx.text.paragraph import Paragraph

from xiaoneng.export.common import small_note, start
from xiaoneng.export.document import OfficialDocument
from xiaoneng.export.fonts import FontSettings
from xiaoneng.export.layout import TEXT_WIDTH_MM, em_width
from xiaoneng.model.checklist import StudyModule
from xiaoneng.model.paper import LETTERS, Paper, PaperQuestion

TYPE_HEADINGS = {
    "single": "单选题（每题只有一个正确答案）",
    "multiple": "多选题（选出全部正确答案，多选、少选均不得分）",
}
# No-break spaces: the bracket never splits across lines (an ideographic space would).
ANSWER_BLANK = "（" + "\u00a0" * 8 + "）"
FILL_LINES = "姓名＿＿＿＿＿＿　单位＿＿＿＿＿＿＿＿＿＿　得分＿＿＿＿"
# Two choices share a line when each fits in half of it (28 characters a line).
HALF_LINE_EMS = 12.5
CHOICE_INDENT_MM = 11.0  # choices stand under the question's text, past its number


TITLE = "学习测验试卷"


def test_paper(
    paper: Paper,
    module: StudyModule,
    *,
    number: str,
    copy: int,
    copies: int,
    fonts: FontSettings | None = None,
    doc: OfficialDocument | None = None,
) -> OfficialDocument:
    """The paper as it is handed out: `number` is its record number (试卷〔…〕…)."""
    doc = start(doc, fonts)
    doc.meta_line(f"编号：{number}　第 {copy}/{copies} 份", align="right")
    doc.title(TITLE, subtitle=module.title)
    doc.meta_line(FILL_LINES, align="center")
    doc.blank_line()
    singles = sum(q.type == "single" for q in paper.questions)
    total = len(paper.questions)
    doc.paragraph(
        f"本卷共 {total} 题（单选题 {singles} 题，多选题 {total - singles} 题），每题答对得 1 分，"
        f"答对 {module.pass_mark} 题及以上为合格。请把所选字母写在每题的括号内。"
    )
    doc.paragraph(f"学习依据：{module.source.label()}。本卷按第 {paper.version} 版学习内容出题。")
    current = ""
    for n, q in enumerate(paper.questions, start=1):
        if q.type != current:
            current = q.type
            doc.heading(TYPE_HEADINGS.get(q.type, q.type))
        _question(doc, n, q)
    doc.blank_line()
    seed = f"抽题号 {paper.seed}" if paper.seed is not None else "全部题目"
    small_note(
        doc,
        f"本卷{seed}（试卷编号的最后一段），交卷后由办公室按抽题号在系统中登记成绩。"
        f"学习模块编号 {module.id}，内容校验 {paper.hash[:12]}。",
    )
    return doc


def _question(doc: OfficialDocument, n: int, q: PaperQuestion) -> None:
    lines: list[Paragraph] = doc.paragraph(f"{n}. {q.text}{ANSWER_BLANK}", indent=False)
    labelled = [f"{LETTERS[k]}. {c}" for k, c in enumerate(q.choices)]
    for row in _rows(labelled):
        para = doc.meta_line("\t".join(row))
        para.paragraph_format.left_indent = Mm(CHOICE_INDENT_MM)
        if len(row) > 1:
            half = (TEXT_WIDTH_MM - CHOICE_INDENT_MM) / 2
            para.paragraph_format.tab_stops.add_tab_stop(Mm(CHOICE_INDENT_MM + half))
        lines.append(para)
    # A question stays on one page with its choices.
    for para in lines[:-1]:
        para.paragraph_format.keep_with_next = True


def _rows(choices: Sequence[str]) -> list[list[str]]:
    """Pairs of short choices; one a line as soon as any is long."""
    if all(em_width(c) <= HALF_LINE_EMS for c in choices):
        return [list(choices[i : i + 2]) for i in range(0, len(choices), 2)]
    return [[c] for c in choices]


def paper_file_parts(number: str, module: StudyModule, copy: int) -> tuple[str, ...]:
    """The record number first, then what people read: the copy and the module
    (the copy before the title, which a long title would cut off)."""
    return (number, f"第{copy}份", module.title)
