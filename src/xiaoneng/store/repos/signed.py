"""Which tables of which files hold only records the ledger signs.

`verify` reports a record in one of these tables that does not name its
ledger entry (a forged record); the repositories show only records that do.
Tables elsewhere (drafts, the people and units tables, a training class and
its participants, summaries) are not signed: the people table is checked
against the signed roster changes, the units and training tables against
their signed edits, summaries are recomputed.
"""

from __future__ import annotations

from xiaoneng.store import layout
from xiaoneng.store.repos.checks import ACTIVITIES
from xiaoneng.store.repos.org import EVENTS as UNIT_EVENTS
from xiaoneng.store.repos.people import EVENTS
from xiaoneng.store.repos.posts import EVENTS as POST_EVENTS
from xiaoneng.store.repos.posts import FILES as POST_FILES
from xiaoneng.store.repos.posts import SCORES as POST_SCORES
from xiaoneng.store.repos.posts_training import ATTENDANCE
from xiaoneng.store.repos.posts_training import EVENTS as TRAINING_EVENTS
from xiaoneng.store.repos.sessions import SESSIONS
from xiaoneng.store.repos.summary import SIGNED_TABLES


def signed_tables(part: str) -> tuple[str, ...]:
    """The signed tables of a data file (by its path in the folder)."""
    bits = part.split("/")
    if part == layout.ORG:
        return (UNIT_EVENTS,)
    if bits[0] == layout.PEOPLE_DIR:
        return (EVENTS,)
    if bits[0] != layout.RECORDS_DIR or len(bits) < 3:
        return ()
    if len(bits) == 4 and bits[2] == "units":
        return SIGNED_TABLES
    return _YEAR_FILES.get(bits[2], ())


# records/<year>/<file> -> its signed tables
_YEAR_FILES = {
    "sessions.json": (SESSIONS,),
    "activities.json": (ACTIVITIES,),
    "posts.json": (POST_EVENTS, POST_SCORES, POST_FILES),
    "attendance.json": (ATTENDANCE,),
    "training.json": (TRAINING_EVENTS,),
}


def unit_file(part: str) -> tuple[int, str] | None:
    """(year, unit) of a unit file `records/<year>/units/<unit>.json`."""
    bits = part.split("/")
    if (
        len(bits) == 4
        and bits[0] == layout.RECORDS_DIR
        and bits[2] == "units"
        and bits[1].isdigit()
    ):
        return int(bits[1]), bits[3].removesuffix(".json")
    return None
