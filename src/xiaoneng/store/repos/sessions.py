"""Study sessions (`records/<year>/sessions.json`, ids S<year>-nnn) and each
attendee's sign-in, kept in the attendee's unit file (key `<session>:<person>`).

A session, with its list of attendees, is signed when it is created; one in
the file that does not name its ledger entry is not a session."""

from __future__ import annotations

from typing import Any

from xiaoneng.model.records import SignIn, StudySession
from xiaoneng.store import layout
from xiaoneng.store.repos.common import Ref, next_key, year_of
from xiaoneng.store.repos.summary import has_seq
from xiaoneng.store.repos.units import SIGNINS, UnitRecords
from xiaoneng.store.store import Store
from xiaoneng.store.txn import Txn

SESSIONS = "sessions"


def sessions_part(year: int) -> str:
    return f"{layout.RECORDS_DIR}/{int(year)}/sessions.json"


def signin_key(session_id: str, person_id: str) -> str:
    return f"{session_id}:{person_id}"


class SessionsRepo:
    def __init__(self, store: Store, units: UnitRecords):
        self.store, self.units = store, units

    def in_year(self, year: int) -> list[StudySession]:
        docs = self.store.table(sessions_part(year), SESSIONS)
        signed = (StudySession.from_dict(d) for k, d in docs.items() if has_seq(SESSIONS, k, d))
        return sorted(signed, key=lambda s: s.start)

    def get(self, session_id: str) -> StudySession | None:
        year = year_of(session_id)
        d = self.store.get(sessions_part(year), SESSIONS, session_id) if year else None
        return StudySession.from_dict(d) if d and has_seq(SESSIONS, session_id, d) else None

    def signin(self, session: StudySession, person_id: str, unit: str) -> SignIn | None:
        d = self.units.table(session.year, unit, SIGNINS).get(signin_key(session.id, person_id))
        return SignIn.from_dict(d) if d else None

    def signin_doc(self, session: StudySession, person_id: str, unit: str) -> dict[str, Any] | None:
        """The stored sign-in as signed (exports check it against its ledger entry)."""
        return self.units.table(session.year, unit, SIGNINS).get(signin_key(session.id, person_id))

    # -- writing ---------------------------------------------------------------

    def new_id_txn(self, txn: Txn, year: int) -> str:
        return next_key(txn.all(sessions_part(year), SESSIONS), f"S{year}-")

    def session_ref(self, session: StudySession) -> Ref:
        """Where a session is signed when it is created."""
        return Ref(sessions_part(session.year), SESSIONS, session.id)

    def signin_txn(
        self, txn: Txn, session: StudySession, person_id: str, unit: str
    ) -> SignIn | None:
        d = self.units.open_txn(txn, session.year, unit).get(
            SIGNINS, signin_key(session.id, person_id)
        )
        return SignIn.from_dict(d) if d else None

    def signin_ref_txn(self, txn: Txn, session: StudySession, person_id: str, unit: str) -> Ref:
        """Where the person's signed sign-in goes (their unit file, summary refreshed)."""
        return self.units.open_txn(txn, session.year, unit).ref(
            SIGNINS, signin_key(session.id, person_id)
        )
