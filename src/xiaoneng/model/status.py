"""Completion figures: per unit, and the year's report handed to the
`status` command, the home screen and the annual report export."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from xiaoneng.model.posts_summary import ProgrammeSummary
from xiaoneng.model.records import Progress


def _progress(p: Progress) -> dict[str, int]:
    return {"done": p.done, "due": p.due}


def total_of(progresses: list[Progress]) -> Progress:
    """The sum of several figures."""
    return Progress(sum(p.done for p in progresses), sum(p.due for p in progresses))


@dataclass(slots=True)
class FindingCounts:
    open: int = 0
    overdue: int = 0  # among the open ones
    closed: int = 0


@dataclass(slots=True)
class UnitStatus:
    unit: str
    name: str
    headcount: int
    studies: dict[str, Progress] = field(default_factory=dict)  # module id ->
    sessions: dict[str, Progress] = field(default_factory=dict)  # session id ->
    checks: dict[str, dict[str, Progress]] = field(default_factory=dict)  # activity -> mode ->
    letters: Progress = field(default_factory=Progress)
    findings: FindingCounts = field(default_factory=FindingCounts)

    def check_progress(self) -> list[Progress]:
        return [p for modes in self.checks.values() for p in modes.values()]

    def overall(self) -> Progress:
        """Everything added up (one pass: the home ranks every unit by it)."""
        done, due = 0 + self.letters.done, 0 + self.letters.due  # ints, as sum() gives
        for p in self.studies.values():
            done += p.done
            due += p.due
        for p in self.sessions.values():
            done += p.done
            due += p.due
        for modes in self.checks.values():
            for p in modes.values():
                done += p.done
                due += p.due
        return Progress(done, due)

    def to_dict(self) -> dict[str, Any]:
        return {
            "unit": self.unit,
            "name": self.name,
            "headcount": self.headcount,
            "studies": {k: _progress(v) for k, v in self.studies.items()},
            "sessions": {k: _progress(v) for k, v in self.sessions.items()},
            "checks": {
                a: {m: _progress(p) for m, p in modes.items()} for a, modes in self.checks.items()
            },
            "letters": _progress(self.letters),
            "findings": {
                "open": self.findings.open,
                "overdue": self.findings.overdue,
                "closed": self.findings.closed,
            },
            "overall": _progress(self.overall()),
        }


@dataclass(frozen=True)
class ModuleInfo:
    title: str
    version: str


@dataclass(frozen=True)
class SessionInfo:
    title: str
    start: str  # ISO time


@dataclass(frozen=True)
class ActivityInfo:
    title: str
    modes: dict[str, str]  # mode -> label, in the activity's order


@dataclass(frozen=True)
class StatusReport:
    """A year's completion, unit by unit, with the titles the figures refer to."""

    year: int
    date: str  # ISO date the figures were taken
    modules: dict[str, ModuleInfo]
    sessions: dict[str, SessionInfo]
    activities: dict[str, ActivityInfo]
    units: list[UnitStatus]
    # The agency's 巾帼文明岗 programme that year (None when it has none).
    programme: ProgrammeSummary | None = None

    def narrowed(self, unit_ids: list[str]) -> StatusReport:
        """The same report for some units only (the agency-wide programme left out)."""
        kept = [u for u in self.units if u.unit in unit_ids]
        return StatusReport(
            self.year, self.date, self.modules, self.sessions, self.activities, kept
        )

    def to_dict(self) -> dict[str, Any]:
        """What `xiaoneng status --json` prints."""
        return {
            "year": self.year,
            "date": self.date,
            "modules": {
                k: {"title": m.title, "version": m.version} for k, m in self.modules.items()
            },
            "sessions": {k: {"title": s.title, "start": s.start} for k, s in self.sessions.items()},
            "activities": {
                k: {"title": a.title, "modes": dict(a.modes)} for k, a in self.activities.items()
            },
            "units": [u.to_dict() for u in self.units],
            "programme": self.programme.to_dict() if self.programme else None,
        }
