"""Ruled tables for forms and ledgers (sign-in sheets, check forms, ledgers).

Fixed column widths in millimetres, single 0.5 pt lines, 小四 text with single
line spacing, the header row repeated on every page and rows never split
across pages. Rows are built directly as XML so a 5,000-person sign-in sheet
does not go through python-docx's per-cell lookups.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from docx.oxml import OxmlElement
from lxml import etree

from xiaoneng.export.layout import (
    SIZE_XIAO4,
    TEXT_HEIGHT_MM,
    em_width,
    mm_to_twips,
    qn,
    table_line_pt,
)
from xiaoneng.export.paragraphs import append_text, check_align, make_paragraph, run_properties
from xiaoneng.export.styles import (
    STYLE_TABLE,
    STYLE_TABLE_HEADING,
    STYLE_TABLE_TEXT,
    TABLE_BORDER_EIGHTHS,
    TABLE_CELL_MARGIN_TWIPS,
    style_id,
)

_W_VAL = qn("w:val")
_W_W = qn("w:w")
_W_TYPE = qn("w:type")
_W_TC = qn("w:tc")
_MM_PER_PT = 25.4 / 72


def _cell_text(value: object) -> str:
    return "" if value is None else str(value)


def column_widths(
    widths_mm: Sequence[float] | None, columns: int, available_mm: float
) -> list[float]:
    """Column widths in mm: equal shares if None, scaled down to fit if too wide."""
    if widths_mm is None:
        return [available_mm / columns] * columns
    widths = [float(w) for w in widths_mm]
    if len(widths) != columns:
        raise ValueError(f"表格有 {columns} 列，但给了 {len(widths)} 个列宽")
    if any(not w > 0 for w in widths):
        raise ValueError(f"列宽必须大于 0：{widths}")
    total = sum(widths)
    if total > available_mm:
        # Wider than the type area would run into the margin when printed.
        widths = [w * available_mm / total for w in widths]
    return widths


def _room_em(widths_mm: list[float], sizes: Sequence[float]) -> list[float]:
    """Characters (ems) that fit on one line of each column, inside the cell margins."""
    margins_mm = (TABLE_CELL_MARGIN_TWIPS["left"] + TABLE_CELL_MARGIN_TWIPS["right"]) / 1440 * 25.4
    return [
        max(1.0, (w - margins_mm) / (size * _MM_PER_PT))
        for w, size in zip(widths_mm, sizes, strict=True)
    ]


def _line_count(text: str, room_em: float) -> int:
    return sum(max(1, math.ceil(em_width(line) / room_em)) for line in text.split("\n"))


def _auto_aligns(rows: Iterable[Sequence[str]], room: list[float]) -> list[str]:
    """Centre columns whose cells all fit on one line; left-align columns that wrap
    (one pass over the rows)."""
    wraps = [False] * len(room)
    for cells in rows:
        for col, em in enumerate(room):
            if not wraps[col] and _line_count(cells[col], em) > 1:
                wraps[col] = True
    return ["left" if wrap else "center" for wrap in wraps]


def _fits_on_part_of_page(
    cells: Sequence[str], room: list[float], sizes: Sequence[float], page_mm: float
) -> bool:
    """Whether a row is short enough (estimated) to be kept whole on one page.

    Word clips a no-split row taller than the page, so only rows up to half a
    page are kept together; longer ones may break.
    """
    height_mm = max(
        _line_count(text, em) * table_line_pt(size) * _MM_PER_PT
        for text, em, size in zip(cells, room, sizes, strict=True)
    )
    return height_mm <= page_mm / 2


def _direct_table_properties(tbl: etree._Element, total_twips: int) -> None:
    tblpr = tbl.find(qn("w:tblPr"))
    etree.SubElement(tblpr, qn("w:tblStyle"), {_W_VAL: style_id(STYLE_TABLE)})
    etree.SubElement(tblpr, qn("w:tblW"), {_W_W: str(total_twips), _W_TYPE: "dxa"})
    etree.SubElement(tblpr, qn("w:jc"), {_W_VAL: "center"})
    # Borders and margins repeated directly: not every reader applies table styles.
    borders = etree.SubElement(tblpr, qn("w:tblBorders"))
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        etree.SubElement(
            borders,
            qn(f"w:{side}"),
            {
                _W_VAL: "single",
                qn("w:sz"): str(TABLE_BORDER_EIGHTHS),
                qn("w:space"): "0",
                qn("w:color"): "000000",
            },
        )
    etree.SubElement(tblpr, qn("w:tblLayout"), {_W_TYPE: "fixed"})
    mar = etree.SubElement(tblpr, qn("w:tblCellMar"))
    for side, value in TABLE_CELL_MARGIN_TWIPS.items():
        etree.SubElement(mar, qn(f"w:{side}"), {_W_W: str(value), _W_TYPE: "dxa"})
    etree.SubElement(
        tblpr,
        qn("w:tblLook"),
        {
            _W_VAL: "04A0",
            qn("w:firstRow"): "1",
            qn("w:lastRow"): "0",
            qn("w:firstColumn"): "0",
            qn("w:lastColumn"): "0",
            qn("w:noHBand"): "1",
            qn("w:noVBand"): "1",
        },
    )


def _row(
    values: Sequence[str],
    twips_widths: list[int],
    *,
    style: str,
    aligns: Sequence[str | None],
    header: bool,
    height_twips: int | None,
    sizes: Sequence[float | None],
    keep_whole: bool = True,
) -> etree._Element:
    if len(values) != len(twips_widths):
        raise ValueError(f"表格行有 {len(values)} 格，表格有 {len(twips_widths)} 列")
    shape = (tuple(twips_widths), style, tuple(aligns), header, height_twips, tuple(sizes))
    template, rprs = _empty_row(*shape, keep_whole)
    tr = copy.deepcopy(template)
    for tc, value, rpr in zip(tr.iterchildren(_W_TC), values, rprs, strict=True):
        append_text(tc[-1], value, rpr)  # the cell's paragraph, as make_paragraph fills it
    return tr


@lru_cache(maxsize=64)
def _empty_row(
    twips_widths: tuple[int, ...],
    style: str,
    aligns: tuple[str | None, ...],
    header: bool,
    height_twips: int | None,
    sizes: tuple[float | None, ...],
    keep_whole: bool,
) -> tuple[etree._Element, tuple[etree._Element | None, ...]]:
    """A row of a table's shape with empty cells, and each cell's run
    properties: a body row is a copy of it with the texts added (building
    each row's cells, properties and paragraphs anew was most of the time a
    long table took)."""
    tr = OxmlElement("w:tr")
    trpr = etree.SubElement(tr, qn("w:trPr"))
    if keep_whole:
        etree.SubElement(trpr, qn("w:cantSplit"))  # the row does not break across pages
    if height_twips:
        etree.SubElement(
            trpr, qn("w:trHeight"), {_W_VAL: str(height_twips), qn("w:hRule"): "atLeast"}
        )
    if header:
        etree.SubElement(trpr, qn("w:tblHeader"))  # repeated at the top of each page
    by_size = {size: run_properties(size) for size in set(sizes)}
    for width, align, size in zip(twips_widths, aligns, sizes, strict=True):
        tc = etree.SubElement(tr, _W_TC)
        tcpr = etree.SubElement(tc, qn("w:tcPr"))
        etree.SubElement(tcpr, qn("w:tcW"), {_W_W: str(width), _W_TYPE: "dxa"})
        etree.SubElement(tcpr, qn("w:vAlign"), {_W_VAL: "center"})
        line = table_line_pt(size) if size else None
        tc.append(make_paragraph(style, "", align=align, rpr=by_size[size], line_pt=line))
    return tr, tuple(by_size[size] for size in sizes)


@dataclass(frozen=True)
class TableSpec:
    """A ruled table's columns worked out once: its shell, header and body rows
    are built from it (all at once by `build_table`, or one body row at a time
    for a table whose rows are streamed when the document is saved)."""

    columns: int
    twips_widths: list[int]
    aligns: Sequence[str | None]
    sizes: list[float | None]
    effective: list[float]
    room: list[float]
    height: int | None
    page_height_mm: float
    font_size_pt: float | None

    def shell(self) -> etree._Element:
        """The w:tbl with its properties and grid, no rows yet."""
        tbl = OxmlElement("w:tbl")
        etree.SubElement(tbl, qn("w:tblPr"))
        _direct_table_properties(tbl, sum(self.twips_widths))
        grid = etree.SubElement(tbl, qn("w:tblGrid"))
        for width in self.twips_widths:
            etree.SubElement(grid, qn("w:gridCol"), {_W_W: str(width)})
        return tbl

    def header_row(self, headers: Sequence[object]) -> etree._Element:
        """The header row, repeated at the top of every page."""
        return _row(
            [_cell_text(h) for h in headers],
            self.twips_widths,
            style=STYLE_TABLE_HEADING,
            aligns=["center"] * self.columns,
            header=True,
            height_twips=self.height,
            sizes=[self.font_size_pt] * self.columns,
        )

    def body_row(self, cells: Sequence[str]) -> etree._Element:
        """One body row of `cells` (as `row_cells` gives them)."""
        return _row(
            cells,
            self.twips_widths,
            style=STYLE_TABLE_TEXT,
            aligns=self.aligns,
            header=False,
            height_twips=self.height,
            sizes=self.sizes,
            keep_whole=_fits_on_part_of_page(cells, self.room, self.effective, self.page_height_mm),
        )


def row_cells(row: Sequence[object], columns: int, number: int) -> list[str]:
    """Row `number` (from 1) as text, padded to `columns` cells."""
    cells = [_cell_text(v) for v in row]
    if len(cells) > columns:
        raise ValueError(f"表格第 {number} 行有 {len(cells)} 格，多于表头的 {columns} 列")
    return cells + [""] * (columns - len(cells))


def table_spec(
    headers: Sequence[object],
    rows: Sequence[Sequence[object]],
    widths_mm: Sequence[float] | None,
    *,
    available_mm: float,
    page_height_mm: float = TEXT_HEIGHT_MM,
    font_size_pt: float | None = None,
    aligns: Sequence[str | None] | None = None,
    row_height_mm: float | None = None,
    column_sizes: Sequence[float | None] | None = None,
) -> TableSpec:
    """The columns of a table of `rows` (read once here, for the default
    alignment and to check that no row is longer than the header)."""
    columns = len(headers)
    if columns == 0:
        raise ValueError("表格至少要有一列表头")
    widths = column_widths(widths_mm, columns, available_mm)
    if column_sizes is not None and len(column_sizes) != columns:
        raise ValueError(f"表格有 {columns} 列，但给了 {len(column_sizes)} 个字号")
    sizes = [c or font_size_pt for c in (column_sizes or [None] * columns)]
    effective = [size or SIZE_XIAO4 for size in sizes]
    room = _room_em(widths, effective)
    body = (row_cells(row, columns, n) for n, row in enumerate(rows, start=1))
    if aligns is None:
        aligns = _auto_aligns(body, room)
    else:
        for _ in body:  # every row is checked, as building them would
            pass
        if len(aligns) != columns:
            raise ValueError(f"表格有 {columns} 列，但给了 {len(aligns)} 个对齐方式")
    for align in aligns:
        check_align(align)
    return TableSpec(
        columns,
        [mm_to_twips(w) for w in widths],
        aligns,
        sizes,
        effective,
        room,
        mm_to_twips(row_height_mm) if row_height_mm else None,
        page_height_mm,
        font_size_pt,
    )


def build_table(
    headers: Sequence[object],
    rows: Sequence[Sequence[object]],
    widths_mm: Sequence[float] | None,
    *,
    available_mm: float,
    page_height_mm: float = TEXT_HEIGHT_MM,
    font_size_pt: float | None = None,
    aligns: Sequence[str | None] | None = None,
    row_height_mm: float | None = None,
    column_sizes: Sequence[float | None] | None = None,
) -> etree._Element:
    """A complete w:tbl: one repeated header row, then `rows` (short rows padded).

    `column_sizes` sets the text size of single columns (None: `font_size_pt`),
    e.g. check codes set small in a narrow column."""
    spec = table_spec(
        headers,
        rows,
        widths_mm,
        available_mm=available_mm,
        page_height_mm=page_height_mm,
        font_size_pt=font_size_pt,
        aligns=aligns,
        row_height_mm=row_height_mm,
        column_sizes=column_sizes,
    )
    tbl = spec.shell()
    tbl.append(spec.header_row(headers))
    for n, row in enumerate(rows, start=1):
        tbl.append(spec.body_row(row_cells(row, spec.columns, n)))
    return tbl


def build_form_grid(
    rows: Sequence[Sequence[tuple[object, object]]],
    *,
    label_mm: float,
    available_mm: float,
    font_size_pt: float | None = None,
) -> etree._Element:
    """The header of a form as a ruled grid of label/value cells.

    Each row holds one or two (label, value) pairs; a row of one pair lets the
    value run across the whole width (gridSpan). Labels are set like table
    headings (黑体, centred), values like table text.
    """
    value_mm = (available_mm - 2 * label_mm) / 2
    grid_twips = [mm_to_twips(w) for w in (label_mm, value_mm, label_mm, value_mm)]
    tbl = OxmlElement("w:tbl")
    etree.SubElement(tbl, qn("w:tblPr"))
    _direct_table_properties(tbl, sum(grid_twips))
    grid = etree.SubElement(tbl, qn("w:tblGrid"))
    for width in grid_twips:
        etree.SubElement(grid, qn("w:gridCol"), {_W_W: str(width)})
    rpr = run_properties(font_size_pt)
    line = table_line_pt(font_size_pt) if font_size_pt else None
    for pairs in rows:
        if not 1 <= len(pairs) <= 2:
            raise ValueError(f"表头每行应有 1～2 组项目，实际是 {len(pairs)} 组")
        tr = OxmlElement("w:tr")
        etree.SubElement(etree.SubElement(tr, qn("w:trPr")), qn("w:cantSplit"))
        spans = [(0, 1), (1, 1), (2, 1), (3, 1)] if len(pairs) == 2 else [(0, 1), (1, 3)]
        cells = [_cell_text(x) for pair in pairs for x in pair]
        for n, ((first, span), text) in enumerate(zip(spans, cells, strict=True)):
            tc = etree.SubElement(tr, qn("w:tc"))
            tcpr = etree.SubElement(tc, qn("w:tcPr"))
            width = sum(grid_twips[first : first + span])
            etree.SubElement(tcpr, qn("w:tcW"), {_W_W: str(width), _W_TYPE: "dxa"})
            if span > 1:
                etree.SubElement(tcpr, qn("w:gridSpan"), {_W_VAL: str(span)})
            etree.SubElement(tcpr, qn("w:vAlign"), {_W_VAL: "center"})
            label = n % 2 == 0
            style = STYLE_TABLE_HEADING if label else STYLE_TABLE_TEXT
            align = "center" if label else "left"
            tc.append(make_paragraph(style, text, align=align, rpr=rpr, line_pt=line))
        tbl.append(tr)
    return tbl
