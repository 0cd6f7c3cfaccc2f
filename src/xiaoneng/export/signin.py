"""学习签到表: one organised study session, one row per person who had to attend.

Header (名称, 时间, 地点, 主持人/主讲人, 学习内容), then the table (序号, 姓名,
部门/单位, 职务, 时间, 签名, 备注, 校验码). The 签名 column stays blank for ink;
备注 says how the person signed in, and for 补签/代签/请假/缺席 the reason and
who entered it; the check code of the signed sign-in sits small in a narrow
column of its own, so a row keeps to one line and a page holds 18 people or
more. Counts (应到/实到/请假/缺席), 记录人 and the notes close the sheet on the
page of its last rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from xiaoneng.export.common import (
    Directory,
    LedgerHead,
    Signature,
    head_note,
    signature_text,
    start,
)
from xiaoneng.export.document import OfficialDocument
from xiaoneng.export.fonts import FontSettings
from xiaoneng.model.dates import clock_text, cn_date
from xiaoneng.model.record_numbers import RecordNumber
from xiaoneng.model.records import SIGNIN_KINDS, SignIn, StudySession

HEADERS = ("序号", "姓名", "部门/单位", "职务", "时间", "签名", "备注", "校验码")
# 156 mm: the type area. Unit, position and 备注 in 8 pt: a nine-character
# unit, a ten-character position or a reason with who entered it takes two
# lines, and two lines of 8 pt fit the row's height; the check code's twelve
# hex digits sit on one line at 7 pt.
WIDTHS_MM = (10, 14, 21, 20, 12, 19, 39, 21)
SIZES = (None, None, 8.0, 8.0, None, None, 8.0, 7.0)
FONT_SIZE = 9.0
HEADER_SIZE = 10.5
ROW_HEIGHT_MM = 8.5  # room for a handwritten signature; 20 rows on page one
NOT_SIGNED = "未签到"


def _start_of(session: StudySession) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(session.start)
    except ValueError:
        return None


def _signin_time(signin: SignIn, session_day: str) -> str:
    """HH:MM when entered on the session's day (else 备注 gives the date)."""
    return clock_text(signin.time) if signin.time[:10] == session_day else ""


def _remark(signin: SignIn | None, directory: Directory, session_day: str) -> str:
    if signin is None:
        return NOT_SIGNED
    label = SIGNIN_KINDS.get(signin.kind, signin.kind)
    if signin.kind == "self":
        return "电子签到"
    entered = directory.actor_name(signin.entered_by)
    if signin.time and signin.time[:10] != session_day:
        same_year = signin.time[:4] == session_day[:4]
        entered += f"于{cn_date(signin.time, year=not same_year)}"
    reason = signin.reason.strip()
    return f"{label}：{reason}（{entered}登记）" if reason else f"{label}（{entered}登记）"


def counts(attendees: Sequence[str], signins: Mapping[str, SignIn]) -> dict[str, int]:
    """应到, 实到 (with 补签/代签 among them), 请假, 缺席 (recorded or never signed)."""
    kinds = [signins[p].kind if p in signins else "" for p in attendees]
    return {
        "due": len(attendees),
        "present": sum(k in ("self", "late", "proxy") for k in kinds),
        "late": kinds.count("late"),
        "proxy": kinds.count("proxy"),
        "leave": kinds.count("leave"),
        "absent": kinds.count("absent"),
        "missing": kinds.count(""),
    }


def signin_sheet(
    session: StudySession,
    signins: Mapping[str, SignIn],
    directory: Directory,
    *,
    module_title: str,
    module_version: str,
    attendees: Sequence[str] | None = None,
    unit_name: str | None = None,
    signatures: Mapping[str, Signature] | None = None,
    number: RecordNumber | None = None,
    head: LedgerHead | None = None,
    fonts: FontSettings | None = None,
    doc: OfficialDocument | None = None,
) -> OfficialDocument:
    """The sheet for `session`; `signins` and `signatures` are keyed by person id.

    `attendees` narrows the rows (e.g. to one unit; `unit_name` then names it).
    """
    doc = start(doc, fonts)
    people = list(session.attendees if attendees is None else attendees)
    signatures = signatures or {}
    begins = _start_of(session)
    session_day = session.start[:10]
    doc.title("学习签到表", blank=False)
    starts = cn_date(session_day) + (f" {begins:%H:%M}" if begins else "")
    version = f"（第 {module_version} 版）" if module_version else ""
    header: list[list[tuple[object, object]]] = [
        [("名称", session.title)],
        [("时间", starts), ("地点", session.place)],
        [("主持人/主讲人", session.host), ("记录人", session.recorder)],
        [("学习内容", f"{module_title}{version}")],
    ]
    if unit_name:
        header.append([("单位", f"{unit_name}（本表只列本单位参加人员）")])
    doc.form_grid(header, label_mm=30, font_size_pt=HEADER_SIZE)
    doc.half_line()
    rows = []
    for n, pid in enumerate(people, start=1):
        signin = signins.get(pid)
        present = signin is not None and signin.kind in ("self", "late", "proxy")
        sig = signatures.get(pid)
        rows.append(
            [
                n,
                directory.name(pid),
                directory.unit_of(pid),
                directory.position(pid),
                _signin_time(signin, session_day) if signin is not None and present else "",
                "",
                _remark(signin, directory, session_day),
                sig.hash if sig and sig.seq else "",
            ]
        )
    doc.table(
        HEADERS,
        rows,
        WIDTHS_MM,
        font_size_pt=FONT_SIZE,
        aligns=("center", "center", "left", "left", "center", "center", "left", "center"),
        row_height_mm=ROW_HEIGHT_MM,
        column_sizes=SIZES,
    )
    c = counts(people, signins)
    among = "、".join(
        f"{label} {c[key]} 人" for key, label in (("late", "补签"), ("proxy", "代签")) if c[key]
    )
    absent = c["absent"] + c["missing"]
    missing = f"（其中未登记 {c['missing']} 人）" if c["missing"] else ""
    with doc.kept_together():
        doc.phrase_lines(
            (
                f"应到 {c['due']} 人，",
                f"实到 {c['present']} 人" + (f"（其中{among}）" if among else "") + "，",
                f"请假 {c['leave']} 人，",
                f"缺席 {absent} 人{missing}。",
            )
        )
        # The recorder named in the header signs here.
        doc.signature_block([("记录人（签字）", "")], gap_lines=1)
        doc.blank_line()
        electronic = [pid for pid in people if pid in signatures]
        if electronic:
            seqs = sorted(s.seq for pid in electronic if (s := signatures[pid]).seq)
            where = f"，台账第 {seqs[0]}～{seqs[-1]} 条" if seqs else ""
            doc.note(
                f"本表中 {len(electronic)} 条签到和登记已电子签署{where}；"
                "校验码为各人签到在台账中的条目校验码，可用 xiaoneng verify 核对。"
            )
        else:
            doc.note(signature_text(None, "签到"))
        if number is not None:
            doc.note(f"记录编号：{number}。")
        head_note(doc, head)
    return doc


def signin_file_parts(
    number: RecordNumber, session: StudySession, unit_name: str | None = None
) -> tuple[str, ...]:
    return (str(number), session.title, unit_name or "")
