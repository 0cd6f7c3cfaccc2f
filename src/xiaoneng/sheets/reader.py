"""A spreadsheet file (.xlsx, or .csv in UTF-8 / UTF-8 with BOM / GBK / UTF-16)
as numbered rows of cell values, within limits.

Every limit is checked while reading, so a bomb is refused in about a second
and within a few tens of MB: the file's size, the unpacked size of each .xlsx
part, rows, cells, characters per cell and in all, merged ranges. A refusal
is one UserError naming the file (and the row when there is one).

Merged cells: a range's value stands in its first column for every row the
range covers (a 单位 merged down over its people), and nowhere else (a title
merged across the columns above the header stays one cell).
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path
from typing import Any

from xiaoneng.errors import UserError
from xiaoneng.sheets.limits import Limits
from xiaoneng.sheets.xlsx import Formula, Stop, read_grid

__all__ = ["DEFAULT_LIMITS", "Formula", "Limits", "Row", "read_rows"]

Row = tuple[int, list[Any]]  # (row number as the spreadsheet shows it, cell values)


DEFAULT_LIMITS = Limits()
SUFFIXES = (".xlsx", ".csv", ".txt")


def read_rows(
    path: str | Path, limits: Limits = DEFAULT_LIMITS, *, what: str = "表格"
) -> list[Row]:
    """The first sheet's rows that hold anything, in order, cells as values
    (str, int, float, bool, datetime, Formula); empty cells are None."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".xls", ".et", ".ods"):
        raise UserError(f"{path}：不支持 {suffix} 格式，请用 Excel/WPS 另存为 .xlsx 或 .csv。")
    if suffix not in SUFFIXES:
        raise UserError(f"{path}：不支持的文件类型（请用 .xlsx 或 .csv 的{what}）。")
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise UserError(f"找不到文件：{path}。") from None
    except OSError as err:
        raise UserError(f"无法读取 {path}：{err.strerror or err}。") from None
    if not path.is_file():
        raise UserError(f"{path} 不是文件。")
    if size > limits.max_bytes:
        raise UserError(f"{path}：文件过大（超过 {limits.max_bytes // 1024 // 1024} MB）。")
    try:
        return _xlsx(path, limits) if suffix == ".xlsx" else _csv(path, limits)
    except Stop as stop:
        where = f"第 {stop.row} 行：" if stop.row else ""
        raise UserError(f"{path}：{where}{stop.message}。") from None
    except OSError as err:
        raise UserError(f"无法读取 {path}：{err.strerror or err}。") from None


def _xlsx(path: Path, limits: Limits) -> list[Row]:
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, ValueError):
        raise UserError(
            f"{path}：不是有效的 .xlsx 文件（可能已损坏，或是改了扩展名的其他文件）。"
        ) from None
    with zf:
        grid = read_grid(zf, limits)
    _fill_merges(grid.rows, grid.merges, limits)
    rows: list[Row] = []
    for number in sorted(grid.rows):
        cells = grid.rows[number]
        width = max(cells)
        rows.append((number, [cells.get(c) for c in range(1, width + 1)]))
    return rows


def _fill_merges(
    rows: dict[int, dict[int, object]], merges: list[tuple[int, int, int, int]], limits: Limits
) -> None:
    budget = limits.max_cells
    last = max(rows, default=0)
    for r1, c1, r2, _c2 in merges:
        top = rows.get(r1, {}).get(c1)
        if top is None or c1 > limits.max_cols:
            continue
        for r in range(r1 + 1, min(r2, last) + 1):
            budget -= 1
            if budget < 0:
                raise Stop("合并单元格覆盖的范围过大")
            rows.setdefault(r, {}).setdefault(c1, top)


def decode(raw: bytes, path: Path) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ["utf-16"]
    else:
        encodings = ["utf-8-sig", "gb18030"]  # gb18030 reads GBK and GB2312 too
    for enc in encodings:
        try:
            text = raw.decode(enc)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text
    raise UserError(f"{path}：无法识别文件编码（应为 UTF-8 或 GBK 的文本表格）。")


def _csv(path: Path, limits: Limits) -> list[Row]:
    text = decode(path.read_bytes(), path)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;，")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    rows: list[Row] = []
    cells = 0
    number = 0
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as err:
            # The csv module stops at 131,072 characters in one field.
            if "field larger" in str(err):
                why = f"单元格过长（超过 {limits.max_cell_chars} 个字符）"
            else:
                why = f"CSV 格式错误（{err}）"
            raise Stop(why, number + 1) from None
        number += 1
        if number > limits.max_rows:
            raise Stop(f"行数过多（最多 {limits.max_rows} 行）", number)
        cells += len(record)
        if cells > limits.max_cells:
            raise Stop(f"单元格过多（超过 {limits.max_cells} 个）", number)
        for col, value in enumerate(record[: limits.max_cols], 1):
            if len(value) > limits.max_cell_chars:
                raise Stop(
                    f"第 {col} 列的单元格过长（{len(value)} 个字符，最多 {limits.max_cell_chars} 个）",
                    number,
                )
        values = [v if v != "" else None for v in record[: limits.max_cols]]
        if any(v is not None and v.strip() for v in values):
            rows.append((number, values))
    return rows
