"""The 巾帼文明岗 training class on paper: its timetable (课程表), the sign-in
sheet of each course (签到表), and the participant list with attendance
(学员名册及出勤情况), in the official layout.

The sign-in sheet has a 签名 column left blank for ink beside the electronic
record: 电子签到 names who confirmed it at the door, 补签/请假/缺席 their
reason and who recorded it; the note under it gives the ledger entries.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from xiaoneng.export.class_common import (
    MARKS,
    NameOf,
    class_header,
    course_kind,
    course_list,
    ledger_note,
    number_note,
    remark,
)
from xiaoneng.export.common import LedgerHead, Signature, head_note, small_note, start
from xiaoneng.export.document import OfficialDocument
from xiaoneng.export.fonts import FontSettings
from xiaoneng.export.layout import LANDSCAPE
from xiaoneng.model.dates import clock_text, cn_datetime, cn_weekday
from xiaoneng.model.training import (
    PARTICIPANT_ROLES,
    SLOTS,
    Attendance,
    Course,
    Participant,
    ParticipantRecord,
    TrainingClass,
)

TIMETABLE_HEADERS = ("日期", "时间", "课程", "主讲人", "类别")
TIMETABLE_WIDTHS_MM = (36, 14, 62, 30, 14)
SIGNIN_HEADERS = ("序号", "姓名", "单位", "职务", "时间", "签名", "备注")
# As the study sign-in sheet (export/signin.py): unit, position, time and 备注
# in 8 pt take at most two lines, which fit the row's height, so at least 18
# participants stand on a page and a 40-person class on three pages at most.
SIGNIN_WIDTHS_MM = (10, 14, 34, 28, 14, 20, 36)
SIGNIN_SIZES = (None, None, 8.0, 8.0, 8.0, None, 8.0)
SIGNIN_ROW_MM = 8.5  # room for a handwritten signature


def timetable(
    training: TrainingClass,
    *,
    agency: str = "",
    number: object = "",
    head: LedgerHead | None = None,
    fonts: FontSettings | None = None,
    doc: OfficialDocument | None = None,
) -> OfficialDocument:
    """The class's courses day by day, half-day by half-day."""
    doc = start(doc, fonts)
    doc.title(training.title, subtitle="课程安排")
    class_header(doc, training, agency)
    rows: list[list[object]] = []
    last_day = ""
    for c in training.timetable():
        rows.append(
            [
                cn_weekday(c.day) if c.day != last_day else "",
                SLOTS.get(c.slot, c.slot),
                c.title,
                c.speaker,
                course_kind(c),
            ]
        )
        last_day = c.day
    doc.table(
        TIMETABLE_HEADERS,
        rows,
        TIMETABLE_WIDTHS_MM,
        font_size_pt=10.5,
        aligns=("center", "center", "left", "left", "center"),
    )
    compulsory = len(training.compulsory())
    with doc.kept_together():  # the closing lines stay with the table's end
        doc.meta_line(
            f"共 {len(training.courses)} 门课程，其中必修 {compulsory} 门。"
            "参加全部必修课程（签到或补签）的学员准予结业，颁发结业证书。"
        )
        doc.blank_line()
        head_note(doc, head)
        if number:
            number_note(doc, number)
    return doc


def counts(
    participants: Sequence[Participant], current: Mapping[str, Attendance]
) -> dict[str, int]:
    kinds = [current[p.id].kind if p.id in current else "" for p in participants]
    return {
        "due": len(kinds),
        "present": sum(k in ("self", "late") for k in kinds),
        "late": kinds.count("late"),
        "leave": kinds.count("leave"),
        "absent": kinds.count("absent") + kinds.count(""),
        "missing": kinds.count(""),
    }


def signin_sheet(
    training: TrainingClass,
    course: Course,
    participants: Sequence[Participant],
    current: Mapping[str, Attendance],
    name_of: NameOf,
    *,
    recorder: str = "",
    signatures: Mapping[str, Signature] | None = None,
    number: object = "",
    head: LedgerHead | None = None,
    fonts: FontSettings | None = None,
    doc: OfficialDocument | None = None,
) -> OfficialDocument:
    """One course's sheet: every participant, how they stand (keyed by participant id)."""
    doc = start(doc, fonts)
    doc.title("签到表")
    doc.meta_line(f"培训班：{training.title}")
    doc.meta_line(f"课程：{course.title}（{course_kind(course)}）")
    doc.meta_line(f"时间：{course.when()}　　地点：{training.place}")
    doc.meta_line(f"主讲人：{course.speaker}")
    rows = []
    for n, p in enumerate(participants, start=1):
        record = current.get(p.id)
        present = record is not None and record.present
        at = ""
        if record is not None and present:
            same_day = record.time[:10] == course.day
            at = clock_text(record.time) if same_day else cn_datetime(record.time, year=False)
        rows.append(
            [
                n,
                p.name,
                p.organisation,
                p.position,
                at,
                "",
                remark(record, name_of),
            ]
        )
    doc.table(
        SIGNIN_HEADERS,
        rows,
        SIGNIN_WIDTHS_MM,
        font_size_pt=9.0,
        aligns=("center", "center", "left", "left", "center", "center", "left"),
        row_height_mm=SIGNIN_ROW_MM,
        column_sizes=SIGNIN_SIZES,
    )
    c = counts(participants, current)
    late = f"（其中补签 {c['late']} 人）" if c["late"] else ""
    missing = f"（其中未登记 {c['missing']} 人）" if c["missing"] else ""
    with doc.kept_together():  # the count, the recorder and the notes on one page
        doc.phrase_lines(
            (
                f"应到 {c['due']} 人，",
                f"实到 {c['present']} 人{late}，",
                f"请假 {c['leave']} 人，",
                f"缺席 {c['absent']} 人{missing}。",
            )
        )
        doc.signature_block([("记录人", recorder)], gap_lines=1)
        doc.blank_line()
        ledger_note(doc, signatures or {})
        head_note(doc, head)
        if number:
            number_note(doc, number)
    return doc


def participant_list(
    training: TrainingClass,
    records: Sequence[ParticipantRecord],
    post_names: Mapping[str, str],
    *,
    agency: str = "",
    number: object = "",
    head: LedgerHead | None = None,
    fonts: FontSettings | None = None,
    doc: OfficialDocument | None = None,
) -> OfficialDocument:
    """Every participant with a mark per course, attendance and completion (landscape)."""
    doc = start(doc, fonts)
    doc.set_page(LANDSCAPE)
    doc.title(training.title, subtitle="学员名册及出勤情况")
    class_header(doc, training, agency)
    courses = training.timetable()
    fixed = ("序号", "姓名", "单位", "职务/岗位", "类别", "联系电话")
    tail = ("出勤", "结业")
    fixed_mm = [10.0, 16.0, 38.0, 34.0, 22.0, 26.0]
    tail_mm = [12.0, 12.0]
    room = doc.geometry.text_width - sum(fixed_mm) - sum(tail_mm)
    course_mm = max(6.0, room / max(1, len(courses)))
    headers = [*fixed, *(str(n) for n in range(1, len(courses) + 1)), *tail]
    rows = []
    for n, r in enumerate(records, start=1):
        p = r.participant
        role = PARTICIPANT_ROLES.get(p.role, p.role)
        position = p.position or post_names.get(p.post, "")
        marks = [MARKS.get(a.kind, "") if a is not None else "" for _c, a in r.courses]
        rows.append(
            [
                n,
                p.name,
                p.organisation,
                position,
                role,
                p.phone,
                *marks,
                f"{r.attended}/{len(courses)}",
                "是" if r.completed else "否",
            ]
        )
    doc.table(
        headers,
        rows,
        [*fixed_mm, *([course_mm] * len(courses)), *tail_mm],
        font_size_pt=10.5,
        aligns=("center", "center", "left", "left", "center", "center")
        + ("center",) * (len(courses) + 2),
    )
    done = sum(r.completed for r in records)
    with doc.kept_together():  # the count and the notes stay with the table's end
        doc.meta_line(f"学员 {len(records)} 人，结业 {done} 人。")
        small_note(
            doc, "标记：√ 签到，补 补签，假 请假，缺 缺席，空白 未登记。参加全部必修课程者结业。"
        )
        small_note(doc, "课程：" + course_list(courses))
        head_note(doc, head)
        if number:
            number_note(doc, number)
    return doc
