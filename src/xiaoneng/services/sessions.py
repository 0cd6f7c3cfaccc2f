"""Organised study sessions (集中学习): creating them, signing in, and the
office's record of late or proxy sign-ins and absences."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from xiaoneng.errors import OperationError, PermissionDenied, UserError
from xiaoneng.model.dates import cn_date, cn_datetime, parse_day
from xiaoneng.model.people import Person
from xiaoneng.model.records import SIGNIN_KINDS, SignIn, StudySession
from xiaoneng.services.permissions import Actor, require_admin
from xiaoneng.services.text import clean_field, clean_note
from xiaoneng.store import Txn

if TYPE_CHECKING:
    from xiaoneng.services.core import Core

EARLY_SIGNIN = dt.timedelta(hours=2)  # attendees may sign in this long before the start


@dataclass(frozen=True)
class Attendance:
    person: Person
    signin: SignIn | None

    @property
    def label(self) -> str:
        return SIGNIN_KINDS[self.signin.kind] if self.signin else "未签到"


PRESENT_KINDS = ("self", "late", "proxy")  # as SignIn.present


@dataclass(frozen=True)
class AttendanceCount:
    present: int  # signed in, late or by proxy
    excused: int  # leave or absent (recorded, not present)
    due: int  # attendees

    @property
    def missing(self) -> int:
        return self.due - self.present - self.excused


def parse_start(date_text: str, time_text: str, tz: dt.tzinfo | None = None) -> dt.datetime:
    """A session's start from what was typed: 2026-03-20 or 2026/3/20 and 14:30 or 14：30."""
    t = (time_text or "").strip().replace("：", ":")
    day = parse_day(date_text, "日期")
    if not 2000 <= day.year <= 2099:  # session ids carry a 4-digit year
        raise UserError(f"日期 {cn_date(day)} 的年份不对：应在 2000 年至 2099 年之间。")
    if not t:
        raise UserError("请填写开始时间，如 14:30。")
    hm = t.split(":")
    try:
        if len(hm) != 2 or not all(x.isdigit() for x in hm):
            raise ValueError
        clock = dt.time(int(hm[0]), int(hm[1]))
    except ValueError:
        raise UserError(f"时间“{t[:20]}”无效：应为 时:分（24小时制），如 14:30。") from None
    return dt.datetime.combine(day, clock, tzinfo=tz)


class SessionService:
    def __init__(self, core: Core):
        self.core = core
        self.repo = core.repos.sessions

    # -- reading ---------------------------------------------------------------

    def sessions(self, year: int | None = None) -> list[StudySession]:
        year = year or self.core.today().year
        return self.repo.in_year(year)

    def get(self, session_id: str) -> StudySession:
        session = self.repo.get(session_id)
        if session is None:
            raise UserError(f"学习活动 {session_id} 不存在。")
        return session

    def signin_of(self, session: StudySession, person: Person) -> SignIn | None:
        return self.repo.signin(session, person.id, person.unit)

    def attendance(self, session: StudySession) -> list[Attendance]:
        roster = self.core.roster
        out = []
        for pid in session.attendees:
            person = roster.get(pid)
            if person is not None:
                out.append(Attendance(person, self.signin_of(session, person)))
        return out

    def counts(self, year: int | None = None) -> dict[str, AttendanceCount]:
        """Session id -> attendance figures, from the unit summaries (one small
        file a unit, however many sessions and attendees there are)."""
        year = year or self.core.today().year
        kinds: dict[str, dict[str, str]] = {}
        for summ in self.core.repos.units.summaries(year).values():
            for sid, people in summ.get("signins", {}).items():
                kinds.setdefault(sid, {}).update(people)
        out = {}
        for s in self.sessions(year):
            mine = kinds.get(s.id, {})
            present = sum(mine.get(pid) in PRESENT_KINDS for pid in s.attendees)
            excused = sum(mine.get(pid) in ("leave", "absent") for pid in s.attendees)
            out[s.id] = AttendanceCount(present, excused, len(s.attendees))
        return out

    def open_for(self, person: Person) -> list[StudySession]:
        """Sessions this person must attend and has not signed in to."""
        return [
            s
            for s in self.sessions()
            if person.id in s.attendees and self.signin_of(s, person) is None
        ]

    # -- writing ---------------------------------------------------------------

    def create(
        self,
        actor: Actor,
        *,
        title: str,
        module: str,
        start: dt.datetime,
        place: str,
        host: str,
        attendees: Iterable[str],
        recorder: str = "",
    ) -> StudySession:
        require_admin(actor, "创建学习活动")
        self.core.study.module(module)  # must exist
        ids = list(dict.fromkeys(a.strip() for a in attendees if a.strip()))
        if not ids:
            raise UserError("参加人员不能为空。")
        unknown = [pid for pid in ids if self.core.roster.get(pid) is None]
        if unknown:
            raise UserError(f"参加人员中有不存在的工号：{'、'.join(unknown[:10])}。")
        year = start.year
        with self.core.store.transaction() as txn:
            session = StudySession(
                id=self.repo.new_id_txn(txn, year),
                title=clean_field(title, "学习活动名称", max_len=80),
                module=module,
                start=start.isoformat(timespec="minutes"),
                place=clean_field(place, "地点", max_len=60),
                host=clean_field(host, "主持人/主讲人", max_len=40),
                attendees=tuple(ids),
                created_by=actor.id,
                recorder=clean_field(recorder or actor.name, "记录人", max_len=40),
            )
            self.core.ledger.sign_txn(
                txn,
                actor=actor.id,
                action="session.create",
                time=self.core.now_iso(),
                ref=self.repo.session_ref(session),
                record=session.to_dict(),
            )
        return session

    def attend(self, person: Person, session_id: str, pin: str) -> tuple[SignIn, dict[str, Any]]:
        """An attendee signs in at the session with their own PIN."""
        session = self.get(session_id)
        self._check_signin(person, session)
        self.core.auth.confirm(person, pin)
        return self._record_attendance(person, session, person, "self", "")

    def _check_signin(self, person: Person, session: StudySession) -> None:
        """Refuse a self sign-in that cannot succeed whatever the PIN."""
        if person.id not in session.attendees:
            raise PermissionDenied(f"{person.name}不在《{session.title}》的参加人员名单中。")
        now = self.core.now()
        start = dt.datetime.fromisoformat(session.start)
        if start.tzinfo is None:
            start = start.replace(tzinfo=now.tzinfo)
        if now < start - EARLY_SIGNIN:
            raise OperationError(
                f"《{session.title}》尚未开始（{cn_datetime(start.isoformat(), year=False)}），暂不能签到。"
            )
        if now.date() > start.date():
            raise OperationError("签到时间已过：请由办公室登记补签。")

    def attend_block(self, person: Person, session: StudySession) -> str | None:
        """Why `person` cannot sign in to `session` now (None: they can), asked
        before the PIN so a screen can say so instead of asking for it."""
        existing = self.signin_of(session, person) if person.id in session.attendees else None
        if existing is not None:
            label = SIGNIN_KINDS.get(existing.kind, existing.kind)
            return f"{person.name}已有签到记录（{label}，{cn_datetime(existing.time)}）。"
        try:
            self._check_signin(person, session)
        except OperationError as err:
            return str(err)
        return None

    def record(
        self, actor: Actor, session_id: str, person_id: str, kind: str, reason: str
    ) -> tuple[SignIn, dict[str, Any]]:
        """The office records a late or proxy sign-in, leave or absence, with a reason."""
        require_admin(actor, "登记补签、代签或请假")
        if kind not in SIGNIN_KINDS or kind == "self":
            raise UserError(
                f"登记类型无效：{kind}（可用 late 补签、proxy 代签、leave 请假、absent 缺席）。"
            )
        reason = clean_note(reason, "原因", max_len=200)
        if not reason:
            raise UserError(f"{SIGNIN_KINDS[kind]}必须写明原因。")
        session = self.get(session_id)
        person = self.core.roster.require(person_id)
        if person.id not in session.attendees:
            raise UserError(f"{person.name}不在《{session.title}》的参加人员名单中。")
        return self._record_attendance(actor, session, person, kind, reason)

    def _record_attendance(
        self, actor: Actor, session: StudySession, person: Person, kind: str, reason: str
    ) -> tuple[SignIn, dict[str, Any]]:
        with self.core.store.transaction() as txn:
            return self.record_attendance_txn(txn, actor, session, person, kind, reason)

    def record_attendance_txn(
        self,
        txn: Txn,
        actor: Actor,
        session: StudySession,
        person: Person,
        kind: str,
        reason: str,
    ) -> tuple[SignIn, dict[str, Any]]:
        existing = self.repo.signin_txn(txn, session, person.id, person.unit)
        if existing is not None:
            label = SIGNIN_KINDS.get(existing.kind, existing.kind)
            raise OperationError(
                f"{person.name}已有签到记录（{label}，{cn_datetime(existing.time)}）。"
            )
        signin = SignIn(
            session=session.id,
            person=person.id,
            kind=kind,
            time=self.core.now_iso(),
            entered_by=actor.id,
            reason=reason,
        )
        entry = self.core.ledger.sign_txn(
            txn,
            actor=actor.id,
            action="session.signin" if kind == "self" else "session.record",
            time=signin.time,
            ref=self.repo.signin_ref_txn(txn, session, person.id, person.unit),
            record=signin.to_dict(),
        )
        return signin, entry
