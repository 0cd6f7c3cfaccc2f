"""Completion per unit: studies, sessions, checks, letters and findings.

Built from the year's agency-wide figures (one row a unit, kept by the writes
that change them), never from the people or the heavy unit files, so it costs
one file and a few operations a unit whatever the size of the agency.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import TYPE_CHECKING, Any

from xiaoneng.gc_pause import no_cyclic_gc
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
        templates here without touching a person. With the cyclic collector
        paused (as `status` runs): the thousands of objects made here form no
        cycles, and at 50,000 staff its passes over the app's heap cost the
        admin's home 0.1-0.2 s of CPU (measured: 151-226 -> 130 ms)."""
        with no_cyclic_gc():
            return self._units(year)

    def _units(self, year: int | None) -> list[UnitStatus]:
        core = self.core
        year = year or core.today().year
        today = core.today()
        rows = core.repos.figures.rows(year)
        carried = self._carried(year)
        modules = core.study.modules()
        sessions = core.sessions.sessions(year)
        activities = core.activities.of_year(year)
        letters = core.letters.templates()
        # What every unit's figures refer to, worked out once (1,655 units at
        # 50,000 staff): not a pass over all leads, modes or templates a unit.
        studied = [(m.id, m.version) for m in modules]
        signed = [sess.id for sess in sessions]
        checked = [
            (
                a.id,
                frozenset(a.units),
                "self" in a.modes,
                a.self_scope == "person",
                "peer" in a.modes,
                Counter(u for units in a.leads.values() for u in set(units))
                if "lead" in a.modes
                else None,
            )
            for a in activities
        ]
        templates = [(t.id, t.signer_role, t.version, t.scope == "unit") for t in letters]
        late: dict[str, bool] = {}  # deadline text -> overdue today (few distinct deadlines)
        no_role = [0, ""]
        out = []
        for unit in core.org.units():
            uid = unit.id
            r = rows.get(uid) or EMPTY
            ids = r["headcount"]
            st = UnitStatus(uid, unit.name, ids)
            done_studies = r["studies"]
            for mid, version in studied:
                st.studies[mid] = Progress(done_studies.get(mid, {}).get(version, 0), ids)
            due_present = r["sessions"]
            for sid in signed:
                if sid in due_present:
                    due, present = due_present[sid]
                    st.sessions[sid] = Progress(present, due)
            roles = r["roles"]
            checks = r["checks"]
            for aid, units, self_mode, per_person, peer_mode, lead_of in checked:
                if uid not in units:
                    continue
                done = checks.get(aid, {})
                modes: dict[str, Progress] = {}
                if self_mode:
                    due_self = ids if per_person else int("unit_head" in roles)
                    modes["self"] = Progress(done.get("self", 0), due_self)
                if peer_mode:
                    modes["peer"] = Progress(done.get("peer", 0), ids if ids > 1 else 0)
                if lead_of is not None:
                    modes["lead"] = Progress(done.get("lead", 0), lead_of[uid])
                st.checks[aid] = modes
            letters_done, letters_first = r["letters"], r["letters_first"]
            letter = st.letters
            for tid, role, version, per_unit in templates:
                having = roles.get(role, no_role)[0]
                if per_unit:
                    letter.due += min(having, 1)
                    first = letters_first.get(tid, {}).get(role)
                    letter.done += int(bool(having) and first == version)
                else:
                    letter.due += having
                    letter.done += letters_done.get(tid, {}).get(role, {}).get(version, 0)
            st.findings.closed = r["closed"]
            deadlines = r["open"]
            if uid in carried:
                deadlines = [*deadlines, *carried[uid]]
            st.findings.open = len(deadlines)
            overdue = 0
            for d in deadlines:
                if d not in late:
                    late[d] = _overdue(d, today)
                overdue += late[d]
            st.findings.overdue = overdue
            out.append(st)
        return out

    def _carried(self, year: int) -> dict[str, list[str]]:
        """Deadlines of findings from earlier years still open, by unit. A
        year whose register head counts no open finding is skipped: its
        figures (a row for every unit, 0.3 MB at 50,000 staff) would add nothing."""
        out: dict[str, list[str]] = {}
        figures, index = self.core.repos.figures, self.core.repos.finding_index
        for y in self.core.repos.units.years():
            if y < year and index.head(y)["open"]:
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
