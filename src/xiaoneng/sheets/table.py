"""A spreadsheet as the office keeps it -> records by a column spec.

The header is found in the first rows (title rows above it are common); each
column of the spec is recognised by its name or a synonym (`编号` for 工号,
`部门` for 单位), written with any width of characters, spaces, a `*` mark or
a note in brackets (`工号（必填）`). Columns not in the spec (序号, 备注) are
ignored. Cell values become text the way the office means them: 1006.0 is
`1006`, `１００６` is `1006`, full-width spaces are spaces. Every problem
names the file, the row and the column; the caller imports nothing while
there are any (all or nothing) unless asked to skip those rows.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from xiaoneng.errors import UserError, XiaonengError
from xiaoneng.model.text import INVISIBLE, normalise, strip_bad
from xiaoneng.sheets.reader import DEFAULT_LIMITS, Formula, Limits, Row, read_rows

HEADER_ROWS = 10
_WIDE = {**{0xFF10 + i: 0x30 + i for i in range(10)}, 0x3000: 0x20}
_WIDE |= {0xFF21 + i: 0x41 + i for i in range(26)} | {0xFF41 + i: 0x61 + i for i in range(26)}
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Column:
    """One column an importer wants: its name, other names offices use, and how
    to read a cell (`parse` gets the cell's text and may raise UserError or
    ValueError with a message for the office)."""

    name: str
    synonyms: tuple[str, ...] = ()
    required: bool = False
    parse: Callable[[str], object] | None = None
    code: bool = False  # an id or number: NFKC, no blanks inside


@dataclass(frozen=True)
class RowProblem:
    file: str
    row: int
    column: str | None
    message: str

    def __str__(self) -> str:
        where = f"“{self.column}”" if self.column else ""
        return f"{self.file} 第 {self.row} 行{where}：{self.message}"


@dataclass
class Record:
    row: int
    values: dict[str, object]  # canonical column name -> parsed value, for columns in the file

    def get(self, name: str, default: object = None) -> object:
        return self.values.get(name, default)


@dataclass
class Table:
    path: Path
    header_row: int
    columns: dict[str, int]  # canonical name -> 0-based cell index
    records: list[Record] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)

    def has(self, name: str) -> bool:
        return name in self.columns

    def problem_lines(self) -> list[str]:
        return [str(p) for p in self.problems]

    def bad_rows(self) -> set[int]:
        return {p.row for p in self.problems}


def header_key(value: object) -> str:
    """A header cell as compared: `＊工号（必填）：` -> `工号`."""
    text = _SPACES.sub("", normalise(cell_text(value)))
    text = text.strip("*:").split("(", 1)[0]
    return text.casefold()


def cell_text(value: object, *, code: bool = False) -> str:
    """A cell as the text the office means (see the module docstring)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        text = "是" if value else "否"
    elif isinstance(value, int):
        text = str(value)
    elif isinstance(value, float):
        text = str(int(value)) if value.is_integer() else repr(value)
    elif isinstance(value, dt.datetime):
        text = (
            value.date().isoformat()
            if value.time() == dt.time()
            else value.isoformat(" ", "minutes")
        )
    elif isinstance(value, dt.date | dt.time):
        text = value.isoformat()
    else:
        text = str(value)
    if code:
        return _SPACES.sub("", normalise(text))
    text = INVISIBLE.sub("", strip_bad(text)).translate(_WIDE)
    return _SPACES.sub(" ", text).strip()


def _names(column: Column) -> dict[str, bool]:
    """Header keys that mean this column -> whether it is the canonical name."""
    keys = {header_key(s): False for s in column.synonyms}
    keys[header_key(column.name)] = True
    return keys


def find_header(rows: list[Row], spec: Sequence[Column], path: Path) -> tuple[int, dict[str, int]]:
    """Index into `rows` of the header, and canonical name -> cell index."""
    names = {c.name: _names(c) for c in spec}
    required = [c for c in spec if c.required]
    best: tuple[int, dict[str, list[tuple[bool, int, str]]]] = (-1, {})
    for index, (number, cells) in enumerate(rows[:HEADER_ROWS]):
        found: dict[str, list[tuple[bool, int, str]]] = {}
        for col, value in enumerate(cells):
            key = header_key(value)
            for canonical, keys in names.items():
                if key and key in keys:
                    found.setdefault(canonical, []).append((keys[key], col, cell_text(value)))
        if all(c.name in found for c in required):
            return index, _choose(found, number, path)
        if len(found) > len(best[1]):
            best = (index, found)
    missing = [c for c in required if c.name not in best[1]]
    wanted = "；".join(
        c.name + (f"（或 {'、'.join(c.synonyms)}）" if c.synonyms else "") for c in missing
    )
    raise UserError(f"{path}：前 {HEADER_ROWS} 行中没有找到表头，缺少列：{wanted}。")


def _choose(
    found: dict[str, list[tuple[bool, int, str]]], number: int, path: Path
) -> dict[str, int]:
    chosen: dict[str, int] = {}
    for canonical, options in found.items():
        exact = [o for o in options if o[0]]
        pick = exact or options
        if len(pick) > 1:
            shown = "”和“".join(o[2] for o in pick)
            raise UserError(
                f"{path} 第 {number} 行表头中“{shown}”都表示“{canonical}”：请删去或改名其中一列。"
            )
        chosen[canonical] = pick[0][1]
    return chosen


def read_table(
    path: str | Path,
    spec: Sequence[Column],
    *,
    limits: Limits = DEFAULT_LIMITS,
    what: str = "表格",
) -> Table:
    """Read `path` by `spec`; bad rows are in `problems`, good ones in `records`."""
    path = Path(path)
    rows = read_rows(path, limits, what=what)
    if not rows:
        raise UserError(f"{path}：文件是空的。")
    header, columns = find_header(rows, spec, path)
    table = Table(path, rows[header][0], columns)
    by_name = {c.name: c for c in spec}
    for number, cells in rows[header + 1 :]:
        raw = {name: cells[i] if i < len(cells) else None for name, i in columns.items()}
        if not any(cell_text(v) for v in raw.values()):
            continue  # blank in every column we read (notes, totals, spacing)
        values: dict[str, object] = {}
        bad = False
        for name, value in raw.items():
            column = by_name[name]
            problem = None
            if isinstance(value, Formula):
                problem = "是公式，请改为文本"
            else:
                text = cell_text(value, code=column.code)
                if not text:
                    problem = "为空" if column.required else None
                    values[name] = ""
                elif column.parse is None:
                    values[name] = text
                else:
                    try:
                        values[name] = column.parse(text)
                    except (XiaonengError, ValueError) as err:
                        problem = str(err).rstrip("。") or "无效"
            if problem:
                bad = True
                table.problems.append(RowProblem(path.name, number, name, problem))
        if not bad:
            table.records.append(Record(number, values))
    return table
