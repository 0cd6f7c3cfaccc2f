"""Completion per unit: studies, sessions, checks, letters and findings.

Built from the year's agency-wide figures (one row a unit, kept by the writes
that change them), never from the people or the heavy unit files, so it costs
one file and a few operations a unit whatever the size of the agency.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from xiaoneng.gc_pause import no_cyclic_gc
from xiaoneng.model.checklist import MODE_LABELS
from xiaoneng.model.dates import parse_date
from xiaoneng.model.records import Progress
from xiaoneng.model.status import ActivityInfo, ModuleInfo, SessionInfo, StatusReport, UnitStatus
from xiaoneng.model.unit_figures import EMPTY, Basis, Checked, unit_status
from xiaoneng.services.posts_summary import programme_summary

if TYPE_CHECKING:
    from xiaoneng.services.core import Core


@dataclass(frozen=True)
class UnitLine:
    """One unit in the home's panel: what it shows of the unit."""

    unit: str
    name: str
    headcount: int
    done: int  # everything done out of everything due (UnitStatus.overall)
    due: int
    open: int  # findings not closed, from this year and earlier ones
    overdue: int

    @property
    def ratio(self) -> float:
        return Progress(self.done, self.due).ratio


@dataclass(frozen=True)
class Ranking:
    """The units that need attention first, and how many units there are."""

    lines: list[UnitLine]
    total: int


def attention_key(name: str, overdue: int, ratio: float) -> tuple[int, float, str]:
    """Units that need attention first: overdue findings, then lowest completion."""
    return (-overdue, ratio, name)


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

    def attention(self, shown: int, year: int | None = None) -> Ranking:
        """The `shown` units that need attention first (`attention_key`), with
        the figures `units` gives them, from the year's ranking file (four
        numbers a unit, store/repos/attention.py) rather than every unit's
        figures: the office's home."""
        with no_cyclic_gc():
            return self._attention(shown, year or self.core.today().year)

    def _attention(self, shown: int, year: int) -> Ranking:
        core = self.core
        today = core.today()
        basis = self.basis(year)
        entries = core.repos.attention.entries(year, basis)
        carried = self._carried(year)
        late: dict[str, bool] = {}  # deadline text -> overdue today
        # One flat tuple a unit: attention_key's fields, then the id (unique:
        # ties in the key go by id, and the lines are never compared), the line.
        keyed = []
        for unit in core.org.units():
            uid, name = unit.id, unit.name
            entry = entries.get(uid)
            if entry is None:  # no members and no records this year
                total = unit_status(uid, name, EMPTY, basis).overall()
                entry = [0, total.done, total.due, {}]
            headcount, done, due, deadlines = entry
            opened = overdue = 0
            for d, n in deadlines.items():
                is_late = late.get(d)
                if is_late is None:
                    is_late = late[d] = _overdue(d, today)
                opened += n
                overdue += n * is_late
            if uid in carried:
                for d in carried[uid]:
                    if d not in late:
                        late[d] = _overdue(d, today)
                    opened += 1
                    overdue += late[d]
            ratio = done / due if due else 1.0
            line = (uid, name, headcount, done, due, opened, overdue)
            keyed.append((*attention_key(name, overdue, ratio), uid, line))
        first = heapq.nsmallest(shown, keyed)
        return Ranking([UnitLine(*k[-1]) for k in first], len(keyed))

    def _units(self, year: int | None) -> list[UnitStatus]:
        core = self.core
        year = year or core.today().year
        today = core.today()
        rows = core.repos.figures.rows(year)
        carried = self._carried(year)
        basis = self.basis(year)
        late: dict[str, bool] = {}  # deadline text -> overdue today (few distinct deadlines)
        out = []
        for unit in core.org.units():
            uid = unit.id
            r = rows.get(uid) or EMPTY
            st = unit_status(uid, unit.name, r, basis)
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

    def basis(self, year: int) -> Basis:
        """What every unit's figures refer to that year, worked out once
        (1,655 units at 50,000 staff): not a pass over all leads, modes or
        templates a unit."""
        core = self.core
        return Basis(
            studied=[(m.id, m.version) for m in core.study.modules()],
            signed=[sess.id for sess in core.sessions.sessions(year)],
            checked=[
                Checked(
                    a.id,
                    frozenset(a.units),
                    "self" in a.modes,
                    a.self_scope == "person",
                    "peer" in a.modes,
                    Counter(u for units in a.leads.values() for u in set(units))
                    if "lead" in a.modes
                    else None,
                )
                for a in core.activities.of_year(year)
            ],
            templates=[
                (t.id, t.signer_role, t.version, t.scope == "unit")
                for t in core.letters.templates()
            ],
        )

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
