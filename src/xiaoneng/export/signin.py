"""学习签到表: one organised study session, one row per person who had to attend.

Header (名称, 时间, 地点, 主持人/主讲人, 学习内容), then the table (序号, 姓名,
部门/单位, 职务, 签到时间, 签名, 备注). The 签名 column stays blank for ink;
备注 says how the person signed in, and for 补签/代签/请假/缺席 the reason and
who entered it. Counts (应到/实到/请假/缺席) and 记录人 close the sheet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from xiaoneng.export.common import Directory, Signature, signature_text, small_note, start
from xiaoneng.export.document import OfficialDocument
from xiaoneng.export.fonts import FontSettings
from xiaoneng.model.dates import cn_date, time_text
from xiaoneng.model.records import SIGNIN_KINDS, SignIn, StudySession

HEADERS = ("序号", "姓名", "部门/单位", "职务", "签到时间", "签名", "备注")
WIDTHS_MM = (11, 22, 30, 22, 21, 22, 28)  # 156 mm: the type area
ROW_HEIGHT_MM = 11  # room for a handwritten signature
NOT_SIGNED = "未签到"


def _start_of(session: StudySession) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(session.start)
    except ValueError:
        return None


def _signin_time(signin: SignIn, session_day: str) -> str:
    """HH:MM on the session's day; the date too when entered on another day."""
    text = time_text(signin.time)
    if not text:
        return ""
    return text[11:] if text[:10] == session_day else text[5:]


def _remark(signin: SignIn | None, directory: Directory, sig: Signature | None) -> str:
    if signin is None:
        return NOT_SIGNED
    label = SIGNIN_KINDS.get(signin.kind, signin.kind)
    if signin.kind == "self":
        return f"电子签到 {sig.hash}" if sig and sig.hash else "电子签到"
    entered = directory.actor_name(signin.entered_by)
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
    doc.title("学习签到表")
    doc.meta_line(f"名称：{session.title}")
    starts = cn_date(session_day) + (f" {begins:%H:%M}" if begins else "")
    doc.meta_line(f"时间：{starts}　　地点：{session.place}")
    doc.meta_line(f"主持人/主讲人：{session.host}")
    version = f"（第 {module_version} 版）" if module_version else ""
    doc.meta_line(f"学习内容：{module_title}{version}")
    if unit_name:
        doc.meta_line(f"单位：{unit_name}（本表只列本单位参加人员）")
    rows = []
    for n, pid in enumerate(people, start=1):
        signin = signins.get(pid)
        present = signin is not None and signin.kind in ("self", "late", "proxy")
        rows.append(
            [
                n,
                directory.name(pid),
                directory.unit_of(pid),
                directory.position(pid),
                _signin_time(signin, session_day) if signin is not None and present else "",
                "",
                _remark(signin, directory, signatures.get(pid)),
            ]
        )
    doc.table(
        HEADERS,
        rows,
        WIDTHS_MM,
        font_size_pt=10.5,
        aligns=("center", "center", "left", "left", "center", "center", "left"),
        row_height_mm=ROW_HEIGHT_MM,
    )
    c = counts(people, signins)
    among = "、".join(
        f"{label} {c[key]} 人" for key, label in (("late", "补签"), ("proxy", "代签")) if c[key]
    )
    absent = c["absent"] + c["missing"]
    missing = f"（其中未登记 {c['missing']} 人）" if c["missing"] else ""
    doc.meta_line(
        f"应到 {c['due']} 人，实到 {c['present']} 人"
        + (f"（其中{among}）" if among else "")
        + f"，请假 {c['leave']} 人，缺席 {absent} 人{missing}。"
    )
    # The recorder signs beside the printed name.
    doc.signature_block([("记录人", session.recorder)], gap_lines=1)
    doc.blank_line()
    electronic = [pid for pid in people if pid in signatures]
    if electronic:
        seqs = sorted(s.seq for pid in electronic if (s := signatures[pid]).seq)
        where = f"，台账第 {seqs[0]}～{seqs[-1]} 条" if seqs else ""
        small_note(
            doc,
            f"本表中 {len(electronic)} 条签到和登记已电子签署{where}；"
            "备注中的校验码为各人签到在台账中的条目校验码。",
        )
    else:
        small_note(doc, signature_text(None, "签到"))
    small_note(doc, f"学习活动编号：{session.id}。")
    return doc


def signin_file_parts(session: StudySession, unit_name: str | None = None) -> tuple[str, ...]:
    return ("学习签到表", session.start[:10], session.title, unit_name or "")
