"""What the sign-in screen shows, read in a worker: the session, who has
signed in (as far as the person may see), and the person's own sign-in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from xiaoneng.errors import XiaonengError
from xiaoneng.model.records import SignIn, StudySession
from xiaoneng.services.sessions import Attendance

if TYPE_CHECKING:
    from xiaoneng.model.people import Person
    from xiaoneng.services.core import Core

AttendanceRow = tuple[Attendance, str]  # an attendee and the name of their unit


@dataclass(frozen=True)
class SigninData:
    """The session and who has signed in, read in a worker."""

    session: StudySession
    module_title: str
    rows: list[AttendanceRow]  # the attendees the person may see
    mine: SignIn | None  # the person's own sign-in
    block: str | None  # why the person cannot sign in now


@dataclass(frozen=True)
class KioskDone:
    """A kiosk sign-in finished: `ok` with a message, or refused."""

    ok: bool
    text: str
    keep_id: bool = False  # wrong PIN: the same person tries again


def read_signin(core: Core, user: Person, session_id: str, *, sees_list: bool) -> SigninData:
    """The session for `user`; the attendance list only for those who see it."""
    session = core.sessions.get(session_id)
    try:
        module_title = core.study.module(session.module).title
    except XiaonengError:
        module_title = session.module
    rows: list[AttendanceRow] = []
    if sees_list:
        for att in core.sessions.attendance(session):
            if user.sees_all or att.person.unit == user.unit:
                rows.append((att, core.org.name_of(att.person.unit)))
    mine = core.sessions.signin_of(session, user) if user.id in session.attendees else None
    block = core.sessions.attend_block(user, session)
    return SigninData(session, module_title, rows, mine, block)
