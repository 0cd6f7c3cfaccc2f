"""What the 巾帼文明岗 class documents share: the class's dates and header
lines, how an attendance record reads, and the note tying paper to the ledger.

The service passes everything in as plain data (the class, participants,
records, names, signatures); nothing here reads the store.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from xiaoneng.export.common import Signature, small_note
from xiaoneng.export.document import OfficialDocument
from xiaoneng.model.dates import cn_date_range
from xiaoneng.model.training import ATTENDANCE_KINDS, Attendance, Course, TrainingClass

# One character per record in the attendance grid (the legend prints them).
MARKS = {"self": "√", "late": "补", "leave": "假", "absent": "缺"}
NameOf = Callable[[str], str]  # a roster id -> the person's name (or 办公室)


def class_dates(training: TrainingClass) -> str:
    """2026年5月12日至13日 (model.dates.cn_date_range)."""
    return cn_date_range(training.start, training.end)


def class_header(doc: OfficialDocument, training: TrainingClass, agency: str) -> None:
    if agency:
        doc.meta_line(f"主办单位：{agency}")
    doc.meta_line(f"时间：{class_dates(training)}")
    doc.meta_line(f"地点：{training.place}")


def course_kind(course: Course) -> str:
    return "必修" if course.compulsory else "选修"


def remark(record: Attendance | None, name_of: NameOf) -> str:
    """How a participant stands for a course, for a sheet's 备注."""
    if record is None:
        return "未签到"
    label = ATTENDANCE_KINDS.get(record.kind, record.kind)
    who = name_of(record.entered_by)
    if record.kind == "self":
        return f"电子签到（{who}确认）"
    reason = record.reason.strip()
    return f"{label}：{reason}（{who}登记）" if reason else f"{label}（{who}登记）"


def ledger_note(
    doc: OfficialDocument, signatures: Mapping[str, Signature], what: str = "签到和登记"
) -> None:
    """One line: how many records on the page are signed, and their ledger entries."""
    seqs = sorted(s.seq for s in signatures.values() if s.seq)
    if not seqs:
        small_note(doc, f"本表中的{what}尚无电子签署记录。")
        return
    where = f"台账第 {seqs[0]}～{seqs[-1]} 条" if len(seqs) > 1 else f"台账第 {seqs[0]} 条"
    small_note(doc, f"本表中 {len(seqs)} 条{what}已电子签署（{where}），由门口确认人输入本人 PIN。")


def number_note(doc: OfficialDocument, number: object) -> None:
    small_note(doc, f"编号：{number}")


def course_list(courses: Sequence[Course]) -> str:
    """The legend of numbered courses under the attendance grid."""
    return "；".join(
        f"{n}. {c.title}（{c.when()}，{course_kind(c)}）" for n, c in enumerate(courses, 1)
    )
