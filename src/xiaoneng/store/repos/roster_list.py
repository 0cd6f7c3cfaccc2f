"""The roster list: what the roster screen shows of each person, by unit.

`people/roster/<0-f>.json`, sixteen files by a hash of the unit id: each holds
its units' people as rows (工号, 姓名, 职务, roles joined by commas, active,
whether a PIN is set, locked until, joined), sorted by 工号, and a `format` table naming the
layout. About 70 bytes a person: the roster screen and its search read these
3.6 MB at 50,000 staff instead of the 20 MB of people buckets with their PIN
state and signed roster events (issue 17).

A row is derived from the person's record and kept by the write that changes
it (`PeopleRepo.put_txn`, the only way people are written): the same
transaction rewrites the person's old and new unit. A write leaves a file
that is missing or of another format alone; a read that finds one so
rebuilds all sixteen from the people files under the data lock (a folder from
before the list, an old copy put back by hand); `verify` compares each file
with rows made afresh from the people files (`problems`) and names the ones
that disagree.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from typing import Any

from xiaoneng.model.people import Person, RosterEntry
from xiaoneng.store import layout

LIST_DIR = f"{layout.PEOPLE_DIR}/roster"
SHARDS = "0123456789abcdef"
UNITS = "units"  # unit id -> {"rows": [row, ...]} sorted by 工号
FORMAT_TABLE = "format"
FORMAT = 1  # raised when a row's layout changes: older files are rebuilt

Row = list[Any]  # [id, name, position, "role,role", active, pin set, locked_until, joined]
Tables = dict[str, dict[str, Any]]


def list_part(shard: str) -> str:
    return f"{LIST_DIR}/{shard}.json"


def shard_of(unit: str) -> str:
    return hashlib.sha1(unit.encode("utf-8")).hexdigest()[0]


def part_of(unit: str) -> str:
    return list_part(shard_of(unit))


def format_doc() -> dict[str, Any]:
    return {"version": FORMAT}


def sound(tables: Mapping[str, Any]) -> bool:
    """Whether a file's tables are a list file of this format."""
    return tables.get(FORMAT_TABLE, {}).get(FORMAT_TABLE) == format_doc() and isinstance(
        tables.get(UNITS, {}), dict
    )


def row_of(p: Person) -> Row:
    return [
        p.id,
        p.name,
        p.position,
        ",".join(p.roles),
        p.active,
        p.pin_hash is not None,
        p.locked_until,
        p.joined,
    ]


def entry_of(unit: str, row: Row) -> RosterEntry:
    pid, name, position, roles, active, pin, locked, joined = row
    return RosterEntry(pid, name, unit, position, _roles(roles), active, pin, locked, joined)


_KNOWN_ROLES: dict[str, tuple[str, ...]] = {}


def _roles(text: str) -> tuple[str, ...]:
    """The roles of a row, one tuple shared by everyone with the same roles."""
    found = _KNOWN_ROLES.get(text)
    if found is None:
        found = _KNOWN_ROLES[text] = tuple(text.split(",")) if text else ()
    return found


def files_of(people: Iterable[Person]) -> dict[str, Tables]:
    """The sixteen files' tables made afresh from `people` (any order)."""
    units: dict[str, list[Row]] = {}
    for p in people:
        units.setdefault(p.unit, []).append(row_of(p))
    files: dict[str, Tables] = {
        list_part(s): {FORMAT_TABLE: {FORMAT_TABLE: format_doc()}, UNITS: {}} for s in SHARDS
    }
    for unit in sorted(units):
        rows = sorted(units[unit], key=lambda r: r[0])
        files[part_of(unit)][UNITS][unit] = {"rows": rows}
    return files


def entries_of(files: Iterable[Tables]) -> list[RosterEntry]:
    """Everyone in the files, by unit then 工号."""
    units: dict[str, list[Row]] = {}
    for tables in files:
        units.update((u, d["rows"]) for u, d in tables.get(UNITS, {}).items())
    make, roles = RosterEntry, _roles
    return [
        make(r[0], r[1], unit, r[2], roles(r[3]), r[4], r[5], r[6], r[7])
        for unit in sorted(units)
        for r in units[unit]
    ]


def problems(
    stored: Mapping[str, Tables],
    expected: Mapping[str, Tables],
    skip: frozenset[str] = frozenset(),
) -> list[str]:
    """The list files (of `expected`, all sixteen) that are missing, of another
    format or differ from the rows made from the people files; people in
    `skip` (whose record verify could not read) are left out of both."""

    def units(tables: Tables) -> dict[str, list[Row]]:
        out: dict[str, list[Row]] = {}
        for unit, doc in tables.get(UNITS, {}).items():
            rows = doc.get("rows") if isinstance(doc, dict) else None
            if not isinstance(rows, list):
                return {"": [["?"]]}  # not a list of rows: differs from any real one
            if kept := [r for r in rows if not (isinstance(r, list) and r and str(r[0]) in skip)]:
                out[unit] = kept
        return out

    wrong = []
    for part in sorted(expected):
        tables = stored.get(part)
        if tables is None or not sound(tables) or units(tables) != units(expected[part]):
            wrong.append(part)
    return wrong
