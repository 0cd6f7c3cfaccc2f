"""A unit's completion figures from its counts row (store/repos/figures.py)
and what the figures refer to that year (`Basis`): pure, so that the status
report (services/status.py) and the home's ranking file, kept by every write
(store/repos/attention.py), work them out the same way.

A row holds counts only (by module version, by role and template version,
by session); the basis says which modules, signed sessions, check
activities and letter templates count now. The basis is plain data (lists,
dicts, strings) so that it can be stored beside the figures worked out from
it and compared with the current one.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from xiaoneng.model.records import Progress
from xiaoneng.model.status import UnitStatus

Doc = dict[str, Any]

# The row of a unit with no members and no records that year.
EMPTY: Doc = {
    "headcount": 0,
    **{k: {} for k in ("roles", "studies", "sessions", "checks", "letters", "letters_first")},
    "closed": 0,
    "open": [],
    "involved": [],
}


@dataclass(frozen=True)
class Checked:
    """A check activity as the figures use it."""

    id: str
    units: frozenset[str]
    self_mode: bool
    per_person: bool  # self-checks due from each member, not only the unit head
    peer_mode: bool
    lead_of: Counter[str] | None  # unit -> how many leads check it (None: no lead mode)


@dataclass(frozen=True)
class Basis:
    """What every unit's figures refer to, worked out once per read."""

    studied: list[tuple[str, str]]  # (module id, version)
    signed: list[str]  # signed session ids
    checked: list[Checked]
    templates: list[tuple[str, str, str, bool]]  # (id, signer role, version, one per unit)

    def to_json(self) -> Doc:
        """As stored (and compared): lists and dicts in a fixed order."""
        return {
            "studied": [list(s) for s in self.studied],
            "signed": list(self.signed),
            "checked": [
                [
                    c.id,
                    sorted(c.units),
                    c.self_mode,
                    c.per_person,
                    c.peer_mode,
                    None if c.lead_of is None else dict(sorted(c.lead_of.items())),
                ]
                for c in self.checked
            ],
            "templates": [list(t) for t in self.templates],
        }

    @classmethod
    def from_json(cls, doc: Doc) -> Basis:
        return cls(
            studied=[(str(m), str(v)) for m, v in doc["studied"]],
            signed=[str(s) for s in doc["signed"]],
            checked=[
                Checked(
                    str(aid),
                    frozenset(units),
                    bool(self_mode),
                    bool(per_person),
                    bool(peer_mode),
                    None if lead_of is None else Counter(lead_of),
                )
                for aid, units, self_mode, per_person, peer_mode, lead_of in doc["checked"]
            ],
            templates=[(str(t), str(r), str(v), bool(u)) for t, r, v, u in doc["templates"]],
        )


_NO_ROLE = [0, ""]


def unit_status(uid: str, name: str, row: Doc, basis: Basis) -> UnitStatus:
    """A unit's figures from its row: everything but its open findings
    (their deadlines are `row["open"]`, with findings carried from earlier
    years: the caller counts them, overdue depending on the day)."""
    ids = row["headcount"]
    st = UnitStatus(uid, name, ids)
    done_studies = row["studies"]
    for mid, version in basis.studied:
        st.studies[mid] = Progress(done_studies.get(mid, {}).get(version, 0), ids)
    due_present = row["sessions"]
    for sid in basis.signed:
        if sid in due_present:
            due, present = due_present[sid]
            st.sessions[sid] = Progress(present, due)
    roles = row["roles"]
    checks = row["checks"]
    for c in basis.checked:
        if uid not in c.units:
            continue
        done = checks.get(c.id, {})
        modes: dict[str, Progress] = {}
        if c.self_mode:
            due_self = ids if c.per_person else int("unit_head" in roles)
            modes["self"] = Progress(done.get("self", 0), due_self)
        if c.peer_mode:
            modes["peer"] = Progress(done.get("peer", 0), ids if ids > 1 else 0)
        if c.lead_of is not None:
            modes["lead"] = Progress(done.get("lead", 0), c.lead_of[uid])
        st.checks[c.id] = modes
    letters_done, letters_first = row["letters"], row["letters_first"]
    letter = st.letters
    for tid, role, version, per_unit in basis.templates:
        having = roles.get(role, _NO_ROLE)[0]
        if per_unit:
            letter.due += min(having, 1)
            first = letters_first.get(tid, {}).get(role)
            letter.done += int(bool(having) and first == version)
        else:
            letter.due += having
            letter.done += letters_done.get(tid, {}).get(role, {}).get(version, 0)
    st.findings.closed = row["closed"]
    return st
