"""Completion per unit: studies, sessions, checks, letters and findings.

Built from the year's agency-wide figures (one row a unit, kept by the writes
that change them), never from the people or the heavy unit files, so it costs
one file and a few operations a unit whatever the size of the agency.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import TYPE_CHECKING, Any

from xiaoneng.model.checklist import MODE_LABELS
from xiaoneng.model.dates import parse_date
from xiaoneng.model.records import Progress
from xiaoneng.model.status import ActivityInfo, ModuleInfo, SessionInfo, StatusReport, UnitStatus
from xiaoneng.services.posts_summary import programme_summary

if TYPE_CHECKING:
    from xiaoneng.services.core import Core

# The row of a unit with no members and no records that year.
EMPTY: dict[str, Any] = {
    "headcount": 0,
    **{k: {} for k in ("roles", "studies", "sessions", "checks", "letters", "letters_first")},
    "closed": 0,
    "open": [],
    "involved": [],
}


def _overdue(deadline: str, today: dt.date) -> bool:
    day = parse_date(deadline)
    return day is not None and day < today


class StatusService:
    def __init__(self, core: Core):
        self.core = core

    def units(self, year: int | None = None) -> list[UnitStatus]:
        """Each unit's figures from the year's agency-wide figures file: one
        small row a unit, counts over its members (store/repos/figures.py),
        turned into figures for the current modules, sessions, activities and
        templates here without touching a person."""
        core = self.core
        year = year or core.today().year
        today = core.today()
        rows = core.repos.figures.rows(year)
        carried = self._carried(year)
        modules = core.study.modules()
        sessions = core.sessions.sessions(year)
        activities = core.activities.of_year(year)
        letters = core.letters.templates()
        # Each activity's leads per unit, once: not a pass over all leads a unit.
        leads = {
            a.id: Counter(u for units in a.leads.values() for u in set(units)) for a in activities
        }
        taking_part = {a.id: set(a.units) for a in activities}
        late: dict[str, bool] = {}  # deadline text -> overdue today (few distinct deadlines)
        out = []
        for unit in core.org.units():
            r = rows.get(unit.id) or EMPTY
            ids = r["headcount"]
            st = UnitStatus(unit.id, unit.name, ids)
            for m in modules:
                st.studies[m.id] = Progress(r["studies"].get(m.id, {}).get(m.version, 0), ids)
            for sess in sessions:
                if sess.id in r["sessions"]:
                    due, present = r["sessions"][sess.id]
                    st.sessions[sess.id] = Progress(present, due)
            roles = r["roles"]
            for a in activities:
                if unit.id not in taking_part[a.id]:
                    continue
                done = r["checks"].get(a.id, {})
                modes: dict[str, Progress] = {}
                if "self" in a.modes:
                    due_self = ids if a.self_scope == "person" else int("unit_head" in roles)
                    modes["self"] = Progress(done.get("self", 0), due_self)
                if "peer" in a.modes:
                    modes["peer"] = Progress(done.get("peer", 0), ids if ids > 1 else 0)
                if "lead" in a.modes:
                    modes["lead"] = Progress(done.get("lead", 0), leads[a.id][unit.id])
                st.checks[a.id] = modes
            for t in letters:
                having = roles.get(t.signer_role, [0, ""])[0]
                if t.scope == "unit":
                    st.letters.due += min(having, 1)
                    first = r["letters_first"].get(t.id, {}).get(t.signer_role)
                    st.letters.done += int(bool(having) and first == t.version)
                else:
                    st.letters.due += having
                    signed = r["letters"].get(t.id, {}).get(t.signer_role, {})
                    st.letters.done += signed.get(t.version, 0)
            st.findings.closed = r["closed"]
            deadlines = [*r["open"], *carried.get(unit.id, ())]
            st.findings.open = len(deadlines)
            for d in deadlines:
                if d not in late:
                    late[d] = _overdue(d, today)
                st.findings.overdue += late[d]
            out.append(st)
        return out

    def _carried(self, year: int) -> dict[str, list[str]]:
        """Deadlines of findings from earlier years still open, by unit."""
        out: dict[str, list[str]] = {}
        figures = self.core.repos.figures
        for y in self.core.repos.units.years():
            if y < year:
                for unit, r in figures.rows(y).items():
                    if r["open"]:
                        out.setdefault(unit, []).extend(r["open"])
        return out

    def report(self, year: int | None = None) -> StatusReport:
        """The year's figures with the titles they refer to (`status`, the annual report)."""
        year = year or self.core.today().year
        return StatusReport(
            year=year,
            date=self.core.today().isoformat(),
            modules={m.id: ModuleInfo(m.title, m.version) for m in self.core.study.modules()},
            sessions={
                s.id: SessionInfo(s.title, s.start) for s in self.core.sessions.sessions(year)
            },
            activities={
                a.id: ActivityInfo(a.title, {m: MODE_LABELS[m] for m in a.modes})
                for a in self.core.activities.of_year(year)
            },
            units=self.units(year),
            programme=programme_summary(self.core, year),
        )
