"""Completion per unit: studies, sessions, checks, letters and findings.

Built from the roster and the per-unit summaries only (never the heavy unit
files), so it costs about the same per unit whatever the size of history.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from xiaoneng.model.checklist import MODE_LABELS
from xiaoneng.model.dates import parse_date
from xiaoneng.model.records import Progress
from xiaoneng.model.status import ActivityInfo, ModuleInfo, SessionInfo, StatusReport, UnitStatus
from xiaoneng.services.posts_summary import programme_summary

if TYPE_CHECKING:
    from xiaoneng.services.core import Core

PRESENT = ("self", "late", "proxy")


class StatusService:
    def __init__(self, core: Core):
        self.core = core

    def units(self, year: int | None = None) -> list[UnitStatus]:
        core = self.core
        year = year or core.today().year
        today = core.today()
        # Members and roles from the per-unit files, not every person's bucket.
        by_unit = core.repos.people.members_by_unit()
        summaries = core.repos.units.summaries(year)
        modules = core.study.modules()
        sessions = core.sessions.sessions(year)
        activities = core.activities.of_year(year)
        letters = core.letters.templates()
        open_rows = self._open_findings(year)
        # Each session's attendees by unit, once: not a pass over every
        # attendee list for each of hundreds of units.
        unit_of = {pid: unit for unit, members in by_unit.items() for pid in members}
        due_by: dict[str, dict[str, list[str]]] = {}
        for sess in sessions:
            grouped = due_by[sess.id] = {}
            for pid in sess.attendees:
                if pid in unit_of:
                    grouped.setdefault(unit_of[pid], []).append(pid)
        out = []
        for unit in core.org.units():
            members = by_unit.get(unit.id, {})
            ids = set(members)
            s = summaries.get(unit.id, {})
            st = UnitStatus(unit.id, unit.name, len(members))
            for m in modules:
                done = s.get("completions", {}).get(m.id, {})
                st.studies[m.id] = Progress(
                    sum(done.get(pid) == m.version for pid in ids), len(ids)
                )
            for sess in sessions:
                due = due_by[sess.id].get(unit.id, [])
                if due:
                    kinds = s.get("signins", {}).get(sess.id, {})
                    st.sessions[sess.id] = Progress(
                        sum(kinds.get(pid) in PRESENT for pid in due), len(due)
                    )
            for a in activities:
                if unit.id not in a.units:
                    continue
                done = s.get("checks", {}).get(a.id, {})
                modes: dict[str, Progress] = {}
                if "self" in a.modes:
                    due_self = (
                        len(ids)
                        if a.self_scope == "person"
                        else int(any("unit_head" in roles for roles in members.values()))
                    )
                    modes["self"] = Progress(len(done.get("self", [])), due_self)
                if "peer" in a.modes:
                    modes["peer"] = Progress(
                        len(done.get("peer", [])), len(ids) if len(ids) > 1 else 0
                    )
                if "lead" in a.modes:
                    assigned = sum(unit.id in v for v in a.leads.values())
                    modes["lead"] = Progress(len(done.get("lead", [])), assigned)
                st.checks[a.id] = modes
            signed = s.get("letters", {})
            for t in letters:
                signers = sorted(pid for pid, roles in members.items() if t.signer_role in roles)
                signers = signers[:1] if t.scope == "unit" else signers
                st.letters.due += len(signers)
                st.letters.done += sum(
                    signed.get(t.id, {}).get(pid) == t.version for pid in signers
                )
            for row in open_rows.get(unit.id, []):
                if row["state"] == "closed":
                    st.findings.closed += 1
                    continue
                st.findings.open += 1
                deadline = parse_date(row["deadline"])
                if deadline and deadline < today:
                    st.findings.overdue += 1
            out.append(st)
        return out

    def _open_findings(self, year: int) -> dict[str, list[dict[str, Any]]]:
        """Findings of this year, plus those still open from earlier years."""
        rows: dict[str, list[dict[str, Any]]] = {}
        units = self.core.repos.units
        for y in units.years():
            if y > year:
                continue
            for uid, s in units.summaries(y).items():
                for r in s.get("findings", []):
                    if y == year or r["state"] != "closed":
                        rows.setdefault(uid, []).append(r)
        return rows

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
