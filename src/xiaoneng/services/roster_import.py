"""A roster spreadsheet as the office keeps it, and what importing it would do.

The file is read by the spreadsheet reader (xiaoneng.sheets): the header may
sit below title rows, columns go by common names (工号/编号/人员编号/职工号,
姓名, 单位/部门/处室/科室, 职务/岗位/职称, 角色/权限; 序号 and others ignored),
numeric 工号 cells read as text without `.0`, full-width digits and spaces are
normalised, and merged 单位 cells count for every row they cover.

`plan_import` compares the file with the roster: new people, changed ones
(name, unit, and 职务/角色 where a cell gives them: a blank cell keeps what
the roster has), unchanged ones, bad
rows, and units that do not exist yet. `--check` shows the plan; importing
applies it (services/roster_batches.py: a batch of people a transaction, with
a journal so that an import cut off part way is finished by running it again),
creating units only when the office says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xiaoneng.errors import UserError
from xiaoneng.model.people import ROLE_LABELS
from xiaoneng.services.roster import NewPerson, parse_roles
from xiaoneng.services.text import clean_field, clean_id, name_key
from xiaoneng.sheets import Column, Limits, RowProblem, read_table
from xiaoneng.sheets.table import HEADER_ROWS

if TYPE_CHECKING:
    from xiaoneng.model.people import Person, Unit
    from xiaoneng.services.core import Core

_CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")


def clean_name(text: str) -> str:
    """A name as written in a roster: `张　三` padded to line up with three-character
    names is 张三."""
    return clean_field(_CJK_GAP.sub("", text), "姓名", max_len=40)


MAX_PEOPLE = 50_000
LIMITS = Limits(max_rows=MAX_PEOPLE + HEADER_ROWS)
COLUMNS = (
    Column("工号", ("编号", "人员编号", "职工号", "员工编号", "员工号"), True, clean_id, code=True),
    Column("姓名", ("名字",), True, clean_name),
    Column(
        "单位",
        ("部门", "处室", "科室", "所在单位", "单位名称"),
        True,
        lambda t: clean_field(t, "单位", max_len=60),
    ),
    Column("职务", ("岗位", "职称"), False, lambda t: clean_field(t, "职务", max_len=40)),
    Column("角色", ("权限",), False, lambda t: parse_roles([t])),
)
FIELD_LABELS = {"name": "姓名", "unit": "单位", "position": "职务", "roles": "角色"}


@dataclass(frozen=True)
class RosterRow:
    row: int
    person: NewPerson
    given: frozenset[str]  # fields the file sets for this person ("position", "roles")


@dataclass
class RosterFile:
    path: Path
    header_row: int
    people: list[RosterRow] = field(default_factory=list)
    bad: list[RowProblem] = field(default_factory=list)

    def bad_lines(self) -> list[str]:
        return [str(p) for p in sorted(self.bad, key=lambda p: p.row)]


def read_roster(path: str | Path) -> RosterFile:
    table = read_table(path, COLUMNS, limits=LIMITS, what="名册")
    if len(table.records) + len(table.bad_rows()) > MAX_PEOPLE:
        raise UserError(f"{table.path}：行数过多（最多 {MAX_PEOPLE} 人）。")
    out = RosterFile(table.path, table.header_row, bad=list(table.problems))
    seen: dict[str, int] = {}
    for record in table.records:
        pid = str(record.get("工号"))
        if pid in seen:
            out.bad.append(
                RowProblem(table.path.name, record.row, "工号", f"{pid} 与第 {seen[pid]} 行重复")
            )
            continue
        seen[pid] = record.row
        roles = record.get("角色") or ()
        assert isinstance(roles, tuple)  # parse_roles gives a tuple
        # A blank cell keeps what the roster has (offices leave unknowns blank).
        given = {"position"} if record.get("职务") else set()
        if roles:
            given.add("roles")
        person = NewPerson(
            id=pid,
            name=str(record.get("姓名")),
            unit=str(record.get("单位")),
            position=str(record.get("职务") or ""),
            roles=tuple(roles) or ("staff",),
        )
        out.people.append(RosterRow(record.row, person, frozenset(given)))
    return out


@dataclass
class RosterPlan:
    file: RosterFile
    new: list[RosterRow] = field(default_factory=list)
    changed: list[tuple[RosterRow, dict[str, tuple[object, object]]]] = field(default_factory=list)
    unchanged: list[RosterRow] = field(default_factory=list)
    unknown_units: list[str] = field(default_factory=list)

    @property
    def bad(self) -> list[RowProblem]:
        return sorted(self.file.bad, key=lambda p: p.row)

    def counts(self) -> dict[str, int]:
        return {
            "new": len(self.new),
            "changed": len(self.changed),
            "unchanged": len(self.unchanged),
            "bad": len(self.bad),
        }

    def to_dict(self) -> dict[str, Any]:
        def person(r: RosterRow) -> dict[str, Any]:
            p = r.person
            return {
                "row": r.row,
                "id": p.id,
                "name": p.name,
                "unit": p.unit,
                "position": p.position,
                "roles": list(p.roles),
            }

        return {
            "file": str(self.file.path),
            "header_row": self.file.header_row,
            "counts": self.counts(),
            "new": [person(r) for r in self.new],
            "changed": [
                {
                    "row": r.row,
                    "id": r.person.id,
                    "name": r.person.name,
                    "changes": {k: {"from": a, "to": b} for k, (a, b) in changes.items()},
                }
                for r, changes in self.changed
            ],
            "unchanged": [{"row": r.row, "id": r.person.id} for r in self.unchanged],
            "bad": [{"row": p.row, "column": p.column, "message": p.message} for p in self.bad],
            "unknown_units": self.unknown_units,
        }


def _roles_text(roles: object) -> str:
    assert isinstance(roles, tuple)
    return "、".join(ROLE_LABELS.get(str(r), str(r)) for r in roles)


def describe(changes: dict[str, tuple[object, object]]) -> str:
    """`单位 甲 → 乙；角色 职工 → 单位负责人` for one person's changes."""
    parts = []
    for key, (old, new) in changes.items():
        if key == "roles":
            old, new = _roles_text(old), _roles_text(new)
        parts.append(f"{FIELD_LABELS[key]} {old or '（空）'} → {new or '（空）'}")
    return "；".join(parts)


def plan_import(core: Core, parsed: RosterFile) -> RosterPlan:
    plan = RosterPlan(parsed)
    units = core.org.units(include_inactive=True)
    by_id = {u.id: u for u in units}
    by_key: dict[str, Unit] = {}
    for u in units:  # the first of look-alike names wins, as in match_name
        by_key.setdefault(name_key(u.name), u)
    unknown: dict[str, str] = {}
    for r in parsed.people:
        p = r.person
        unit = by_id.get(p.unit) or by_key.get(name_key(p.unit))
        if unit is None:
            unknown.setdefault(name_key(p.unit), p.unit)
        current: Person | None = core.roster.get(p.id)
        if current is None:
            plan.new.append(r)
            continue
        changes: dict[str, tuple[object, object]] = {}
        if p.name != current.name:
            changes["name"] = (current.name, p.name)
        if unit is None or unit.id != current.unit:
            changes["unit"] = (core.org.name_of(current.unit), unit.name if unit else p.unit)
        if "position" in r.given and p.position != current.position:
            changes["position"] = (current.position, p.position)
        if "roles" in r.given and set(p.roles) != set(current.roles):
            changes["roles"] = (tuple(current.roles), p.roles)
        if changes:
            plan.changed.append((r, changes))
        else:
            plan.unchanged.append(r)
    plan.unknown_units = list(unknown.values())
    return plan


def pins_file(core: Core) -> Path:
    """Where the screen writes initial PINs: today's export folder (0700)."""
    from xiaoneng.services.exporting import EXPORTS_DIR

    now = core.now()
    folder = core.root / EXPORTS_DIR / now.date().isoformat()
    return folder / f"初始PIN-{now:%H%M%S}.csv"
