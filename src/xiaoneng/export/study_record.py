"""学习记录: one study module over a period: who completed it and who has not.

The header names the module, its version and the text and revision it follows,
and the quiz's pass mark; then the people who completed it (姓名, 单位, 完成时间,
得分, 作答次数 and the ledger check code of the signed completion), then those
who have not, with where they stand.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from xiaoneng.export.common import Directory, LedgerHead, Signature, head_note, ratio, start
from xiaoneng.export.document import OfficialDocument
from xiaoneng.export.fonts import FontSettings
from xiaoneng.model.checklist import StudyModule
from xiaoneng.model.dates import cn_date, cn_datetime
from xiaoneng.model.paper import paper_label
from xiaoneng.model.record_numbers import RecordNumber
from xiaoneng.model.records import ATTEMPT_KINDS, Completion, QuizAttempt

DONE_HEADERS = ("序号", "姓名", "单位", "完成日期", "得分", "作答", "校验码")
# A date (2026年3月16日) and a date with its time keep to one line; the check
# code's twelve hex digits are set at 9 pt.
DONE_WIDTHS_MM = (10, 18, 30, 35, 16, 17, 30)
DONE_SIZES = (None, None, None, None, None, None, 9.0)
PENDING_HEADERS = ("序号", "姓名", "单位", "职务", "情况")
PENDING_WIDTHS_MM = (11, 22, 36, 27, 60)
TRY_HEADERS = ("序号", "姓名", "时间", "方式", "得分", "结果", "试卷", "状态")
TRY_WIDTHS_MM = (10, 16, 38, 20, 15, 15, 26, 16)  # in 9 pt


@dataclass(frozen=True, slots=True)
class Done:
    """One signed completion and its place in the ledger."""

    completion: Completion
    signature: Signature | None = None


@dataclass(frozen=True, slots=True)
class Try:
    """One quiz attempt or paper result, as the list of attempts prints it."""

    attempt: QuizAttempt
    state: str  # 有效, 已重置, 未签署


@dataclass(frozen=True, slots=True)
class Pending:
    """Someone who had to study the module and has not completed it."""

    person: str  # person id
    status: str  # e.g. 未学习, 未通过测验（已作答 2 次）, 需重新学习（已完成第 1 版）


def study_record(
    module: StudyModule,
    done: Sequence[Done],
    pending: Sequence[Pending],
    directory: Directory,
    tries: Sequence[Try] = (),
    *,
    period: str,
    unit_name: str | None = None,
    number: RecordNumber | None = None,
    head: LedgerHead | None = None,
    fonts: FontSettings | None = None,
    doc: OfficialDocument | None = None,
) -> OfficialDocument:
    doc = start(doc, fonts)
    doc.title("学习记录", subtitle=f"（{period}）")
    doc.meta_line(f"学习内容：{module.title}（第 {module.version} 版）")
    doc.meta_line(f"依据：{module.source.label()}")
    if module.questions:
        doc.meta_line(
            f"测验：{module.quiz_size_label()}，答对 {module.pass_mark} 题及以上为合格，"
            f"每人可作答 {module.attempts} 次。"
        )
    doc.meta_line(f"单位：{unit_name or directory.agency or '全部单位'}")
    due = len(done) + len(pending)
    doc.meta_line(
        f"应学 {due} 人，已完成 {len(done)} 人，未完成 {len(pending)} 人，"
        f"完成率 {ratio(len(done), due)}。"
    )
    doc.blank_line()

    doc.heading("已完成人员")
    rows = []
    for n, item in enumerate(done, start=1):
        c = item.completion
        version = c.module.get("version", "")
        score = f"{c.correct}/{c.total}"
        if version and version != module.version:
            score += f"（第 {version} 版）"
        sig = item.signature
        rows.append(
            [
                n,
                directory.name(c.person),
                directory.unit_of(c.person),
                cn_date(c.time, blank=""),
                score,
                "纸质" if c.kind == "paper" else f"第{c.attempts}次",
                sig.hash if sig and sig.seq else "未找到",
            ]
        )
    if rows:
        doc.table(DONE_HEADERS, rows, DONE_WIDTHS_MM, font_size_pt=10.5, column_sizes=DONE_SIZES)
    else:
        doc.paragraph("无。")

    doc.heading("未完成人员")
    rows = [
        [n, directory.name(p.person), directory.unit_of(p.person), directory.position(p.person)]
        + [p.status]
        for n, p in enumerate(pending, start=1)
    ]
    if rows:
        doc.table(PENDING_HEADERS, rows, PENDING_WIDTHS_MM, font_size_pt=10.5)
    else:
        doc.paragraph("无。")
    if tries:
        doc.heading("测验记录")
        rows = [_try_row(n, t, directory) for n, t in enumerate(tries, start=1)]
        doc.table(TRY_HEADERS, rows, TRY_WIDTHS_MM, font_size_pt=9)
    with doc.kept_together():
        doc.blank_line()
        doc.note(
            "完成记录由本人以个人 PIN 电子签署，纸质测验由办公室登记并签署；每次测验连同所答试卷"
            "（抽题号）和答案均记入台账。校验码为该记录在台账中的条目校验码，"
            "可用 xiaoneng verify 核对。"
        )
        numbered = f"记录编号：{number}；" if number else ""
        doc.note(f"{numbered}学习内容校验码：{module.content_hash[:12]}。")
        head_note(doc, head)
    return doc


def _try_row(n: int, t: Try, directory: Directory) -> list[object]:
    a = t.attempt
    paper = paper_label(a.paper.get("seed")) if a.paper else "全部题目"
    result = "通过" if a.passed else "未通过"
    return [
        n,
        directory.name(a.person),
        cn_datetime(a.time),
        ATTEMPT_KINDS.get(a.kind, a.kind),
        f"{a.correct}/{a.total}",
        result,
        paper,
        t.state,
    ]


def study_file_parts(
    number: RecordNumber, module: StudyModule, unit_name: str | None = None
) -> tuple[str, ...]:
    return (str(number), module.title, unit_name or "")
