"""学习记录: one study module over a period: who completed it and who has not.

The header names the module, its version and the text and revision it follows,
and the quiz's pass mark; then the people who completed it (姓名, 单位, 完成时间,
得分, 作答次数 and the ledger check code of the signed completion), then those
who have not, with where they stand.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from xiaoneng.export.common import Directory, Signature, ratio, start
from xiaoneng.export.document import OfficialDocument
from xiaoneng.export.fonts import FontSettings
from xiaoneng.model.checklist import StudyModule
from xiaoneng.model.dates import cn_date
from xiaoneng.model.record_numbers import RecordNumber
from xiaoneng.model.records import Completion

DONE_HEADERS = ("序号", "姓名", "单位", "完成日期", "得分", "作答次数", "校验码")
DONE_WIDTHS_MM = (10, 22, 32, 30, 17, 17, 28)
PENDING_HEADERS = ("序号", "姓名", "单位", "职务", "情况")
PENDING_WIDTHS_MM = (11, 22, 36, 27, 60)


@dataclass(frozen=True, slots=True)
class Done:
    """One signed completion and its place in the ledger."""

    completion: Completion
    signature: Signature | None = None


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
    *,
    period: str,
    unit_name: str | None = None,
    number: RecordNumber | None = None,
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
                c.attempts,
                sig.hash if sig and sig.seq else "未找到",
            ]
        )
    if rows:
        doc.table(DONE_HEADERS, rows, DONE_WIDTHS_MM, font_size_pt=10.5)
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
    with doc.kept_together():
        doc.blank_line()
        doc.note(
            "完成记录均由本人以个人 PIN 电子签署；校验码为该记录在台账中的条目校验码，"
            "可用 xiaoneng verify 核对。"
        )
        numbered = f"记录编号：{number}；" if number else ""
        doc.note(f"{numbered}学习内容校验码：{module.content_hash[:12]}。")
    return doc


def study_file_parts(
    number: RecordNumber, module: StudyModule, unit_name: str | None = None
) -> tuple[str, ...]:
    return (str(number), module.title, unit_name or "")
