"""Reading a roster file (.csv in UTF-8, UTF-8 with BOM or GBK; or .xlsx).

Columns 工号, 姓名, 单位, 职务, 角色 (any order, extra columns ignored). Every
bad row is reported with its row number and reason; the caller decides
whether to import nothing (the default) or skip the bad rows.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from xiaoneng.errors import UserError, XiaonengError
from xiaoneng.services.roster import NewPerson, new_person

COLUMNS = {"工号": "id", "姓名": "name", "单位": "unit", "职务": "position", "角色": "roles"}
REQUIRED = ("工号", "姓名", "单位")
MAX_ROWS = 50_000
MAX_BYTES = 50 * 1024 * 1024


@dataclass
class RosterFile:
    path: Path
    people: list[tuple[int, NewPerson]] = field(default_factory=list)  # (row number, person)
    bad: list[tuple[int, str]] = field(default_factory=list)  # (row number, reason)

    def bad_lines(self) -> list[str]:
        return [f"{self.path.name} 第 {row} 行：{why}" for row, why in self.bad]


def decode(raw: bytes, path: Path) -> str:
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    raise UserError(f"{path}：无法识别文件编码（应为 UTF-8 或 GBK）。")


def _csv_rows(path: Path, raw: bytes) -> list[list[object]]:
    text = decode(raw, path)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;，")
    except csv.Error:
        dialect = csv.excel
    return [list(r) for r in csv.reader(io.StringIO(text), dialect)]


def _xlsx_rows(path: Path) -> list[list[object]]:
    import zipfile

    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as err:
        raise UserError(f"{path}：不是有效的 .xlsx 文件（{type(err).__name__}）。") from None
    ws = wb.worksheets[0]
    if ws.max_row > MAX_ROWS + 1:
        raise UserError(f"{path}：行数过多（{ws.max_row} 行，最多 {MAX_ROWS} 行）。")
    # Merged cells (a 单位 spanning several rows) count for every row they cover.
    fill: dict[tuple[int, int], object] = {}
    for rng in ws.merged_cells.ranges:
        top = ws.cell(rng.min_row, rng.min_col).value
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                fill[(r, c)] = top
    rows: list[list[object]] = []
    for r, row in enumerate(ws.iter_rows(), 1):
        values = []
        for c, cell in enumerate(row, 1):
            value = fill.get((r, c), cell.value)
            if cell.data_type == "f":
                value = _Formula(str(cell.value))
            values.append(value)
        rows.append(values)
    return rows


class _Formula(str):
    """A cell holding a formula: never evaluated, reported as a bad value."""


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_roster(path: Path) -> RosterFile:
    path = Path(path)
    if not path.is_file():
        raise UserError(f"找不到文件：{path}。")
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx", ".txt"):
        raise UserError(f"{path}：不支持的文件类型（请用 .csv 或 .xlsx）。")
    if path.stat().st_size > MAX_BYTES:
        raise UserError(f"{path}：文件过大（超过 {MAX_BYTES // 1024 // 1024} MB）。")
    try:
        rows: list[list[object]] = (
            _xlsx_rows(path) if suffix == ".xlsx" else _csv_rows(path, path.read_bytes())
        )
    except OSError as err:
        raise UserError(f"无法读取 {path}：{err.strerror}。") from None
    while rows and not any(_cell(v) for v in rows[0]):
        rows.pop(0)
    if not rows:
        raise UserError(f"{path}：文件是空的。")
    header = [_cell(v).replace(" ", "").replace("\u3000", "") for v in rows[0]]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise UserError(
            f"{path}：缺少列 {'、'.join(missing)}（第 1 行应为表头：工号,姓名,单位,职务,角色）。"
        )
    index = {COLUMNS[h]: i for i, h in enumerate(header) if h in COLUMNS}
    if len(rows) - 1 > MAX_ROWS:
        raise UserError(f"{path}：行数过多（最多 {MAX_ROWS} 行）。")
    out = RosterFile(path)
    seen: dict[str, int] = {}
    for n, row in enumerate(rows[1:], 2):

        def get(key: str, row: list[object] = row) -> object:
            i = index.get(key)
            return row[i] if i is not None and i < len(row) else None

        if not any(_cell(v) for v in row):
            continue  # blank rows are common in hand-made sheets
        formulas = [k for k in COLUMNS.values() if isinstance(get(k), _Formula)]
        if formulas:
            names = {v: k for k, v in COLUMNS.items()}
            out.bad.append((n, f"“{names[formulas[0]]}”是公式，请改为文本"))
            continue
        try:
            person = new_person(
                _cell(get("id")),
                _cell(get("name")),
                _cell(get("unit")),
                _cell(get("position")),
                [_cell(get("roles"))],
            )
        except XiaonengError as err:
            out.bad.append((n, str(err).rstrip("。")))
            continue
        if person.id in seen:
            out.bad.append((n, f"工号 {person.id} 与第 {seen[person.id]} 行重复"))
            continue
        seen[person.id] = n
        out.people.append((n, person))
    return out
