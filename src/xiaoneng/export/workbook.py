"""Excel (.xlsx) sheets the office keeps working in: one way to write them.

A real header row (bold, shaded, repeated when printed), frozen panes under
it, column widths that fit Chinese text, dates stored as dates (shown as
2026年3月16日), numbers as numbers, and a footer row naming the ledger head the
figures were taken at. Text that a spreadsheet could take for a formula
(= + - @, or a leading tab or carriage return) is stored as plain text with
Excel's quote prefix, so it is shown as typed and never computed.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

from xiaoneng.export.layout import em_width
from xiaoneng.export.textsafe import atomic_file, clean_text, write_file

CellValue = str | int | float | dt.date | None
DATE_FORMAT = 'yyyy"年"m"月"d"日"'  # as model.dates.cn_date: no leading zeros
PERCENT = "0%"
_FORMULA_LEAD = ("=", "+", "-", "@", "\t", "\r", "\n")
_SHEET_FORBIDDEN = str.maketrans({c: "_" for c in "[]:*?/\\"})
_MAX_SHEET_TITLE = 31
_MAX_WIDTH = 60  # characters: longer text wraps
_HEADER_FILL = PatternFill("solid", fgColor="DDDDDD")


def text_cell(cell: Cell, text: str) -> None:
    """Put `text` in `cell` as text, never as a formula."""
    cell.value = text
    cell.data_type = "s"
    if text.startswith(_FORMULA_LEAD):
        cell.quotePrefix = True


def set_value(cell: Cell, value: CellValue) -> None:
    """A date as a date, a number as a number, anything else as safe text."""
    if value is None or value == "":
        return
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        cell.value = value
        cell.number_format = DATE_FORMAT
    elif isinstance(value, bool):
        text_cell(cell, "是" if value else "否")
    elif isinstance(value, int | float):
        cell.value = value
    else:
        text_cell(cell, clean_text(value))


def sheet_title(name: str, taken: Iterable[str] = ()) -> str:
    """A valid, unused sheet name: at most 31 characters, none of []:*?/\\."""
    base = clean_text(name).translate(_SHEET_FORBIDDEN).strip("' ") or "表"
    used = {t.lower() for t in taken}
    title = base[:_MAX_SHEET_TITLE]
    n = 2
    while title.lower() in used:
        suffix = f"（{n}）"
        title = base[: _MAX_SHEET_TITLE - len(suffix)] + suffix
        n += 1
    return title


def _width(value: CellValue) -> float:
    if isinstance(value, dt.date):
        return 12
    text = "" if value is None else str(value)
    # Excel counts a column in widths of '0': a Chinese character is about two.
    return max((em_width(line) * 2 for line in text.split("\n")), default=0)


def add_table(
    book: Workbook,
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[CellValue]],
    *,
    footer: str | None = None,
    caption: str | None = None,
    formats: dict[int, str] | None = None,
) -> Worksheet:
    """A sheet with an optional caption line, the header row, `rows` and a footer row.

    `formats` gives number formats by column index (0-based), e.g. "0%"."""
    formats = formats or {}
    sheet = book.create_sheet(sheet_title(title, book.sheetnames))
    widths = [_width(h) + 2 for h in headers]
    top = 1
    if caption:
        _caption(sheet.cell(1, 1), caption)
        top = 2
    for col, header in enumerate(headers, start=1):
        _header(sheet.cell(top, col), header)
    row_number = top
    for row_number, row in enumerate(rows, start=top + 1):
        for col, value in enumerate(row, start=1):
            _body(sheet.cell(row_number, col), value, formats.get(col - 1))
            if col <= len(widths):
                widths[col - 1] = max(widths[col - 1], _width(value) + 2)
    if footer:
        _footer(sheet.cell(row_number + 2, 1), footer)
    _lay_out(sheet, widths, top)
    return sheet


def _caption(cell: Cell, caption: str) -> None:
    text_cell(cell, caption)
    cell.font = Font(bold=True, size=12)


def _header(cell: Cell, header: str) -> None:
    text_cell(cell, header)
    cell.font = Font(bold=True)
    cell.fill = _HEADER_FILL
    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _body(cell: Cell, value: CellValue, number_format: str | None) -> None:
    set_value(cell, value)
    if number_format and isinstance(value, int | float):
        cell.number_format = number_format
    if isinstance(value, str) and "\n" in value:
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _footer(cell: Cell, footer: str) -> None:
    text_cell(cell, footer)
    cell.font = Font(italic=True, size=9)


def _lay_out(sheet: Worksheet | WriteOnlyWorksheet, widths: list[float], top: int) -> None:
    """Column widths, panes frozen under the header, printing (header row on
    each page, grid lines, landscape A4)."""
    for col, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = min(width, _MAX_WIDTH)
    sheet.freeze_panes = f"A{top + 1}"
    sheet.print_title_rows = f"{top}:{top}"
    sheet.print_options.gridLines = True
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4


def _plain(value: CellValue) -> bool:
    """Whether openpyxl stores `value` as `_body` would without a cell of its own
    (a number; text that is clean and cannot be read as a formula or an error)."""
    if value is None or value == "":
        return True
    if isinstance(value, bool | dt.date):
        return False
    if isinstance(value, int | float):
        return True
    return (
        not value.startswith((*_FORMULA_LEAD, "#"))
        and "\n" not in value
        and clean_text(value) == value
    )


def _raw(value: CellValue) -> CellValue:
    return None if value == "" else value  # an empty cell, as `set_value` leaves it


class StreamedSheet:
    """One table sheet written row by row as it is saved (openpyxl's write-only
    mode), for a table too long to hold as cells: `rows()` is read twice, once
    for the column widths and once to write. Looks like `add_table`'s sheet."""

    ext = ".xlsx"

    def __init__(
        self,
        title: str,
        headers: Sequence[str],
        rows: Callable[[], Iterable[Sequence[CellValue]]],
        *,
        footer: str | None = None,
        caption: str | None = None,
    ) -> None:
        self.title, self.headers, self.rows = title, headers, rows
        self.footer, self.caption = footer, caption

    def page_count(self) -> int | None:
        return None  # a spreadsheet has no fixed pages

    def _write(self, sink: str | os.PathLike[str] | IO[bytes]) -> None:
        widths = [_width(h) + 2 for h in self.headers]
        for row in self.rows():
            for col, value in enumerate(row[: len(widths)]):
                widths[col] = max(widths[col], _width(value) + 2)
        book = Workbook(write_only=True)
        book.properties.creator = "xiaoneng"
        sheet = book.create_sheet(sheet_title(self.title))
        top = 2 if self.caption else 1
        _lay_out(sheet, widths, top)  # before the first row: written at its start

        def cell(style: Callable[..., None], *args: Any) -> Cell:
            made = WriteOnlyCell(sheet)
            style(made, *args)
            return made

        if self.caption:
            sheet.append([cell(_caption, self.caption)])
        sheet.append([cell(_header, h) for h in self.headers])
        for row in self.rows():
            sheet.append([_raw(v) if _plain(v) else cell(_body, v, None) for v in row])
        if self.footer:
            sheet.append([])
            sheet.append([cell(_footer, self.footer)])
        book.save(sink)

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self._write(buffer)
        return buffer.getvalue()

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write to `path` atomically (temp file + rename), flushed to disk."""
        with atomic_file(path) as handle:
            self._write(handle)
        return Path(path)


def new_workbook() -> Workbook:
    """An empty workbook (without openpyxl's default sheet)."""
    book = Workbook()
    book.remove(book.active)
    book.properties.creator = "xiaoneng"
    return book


class SheetFile:
    """A workbook to be saved like a document (the export jobs' common face)."""

    ext = ".xlsx"

    def __init__(self, book: Workbook) -> None:
        self.book = book

    def page_count(self) -> int | None:
        return None  # a spreadsheet has no fixed pages

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.book.save(buffer)
        return buffer.getvalue()

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write to `path` atomically (temp file + rename)."""
        return write_file(path, self.to_bytes())
