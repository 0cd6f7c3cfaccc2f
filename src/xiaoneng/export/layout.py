"""Page geometry of GB/T 9704-2012 and the sections and footers that carry it.

All measures live here so tests and exporters read the same numbers. Word
stores lengths in twips (1/20 pt) and font sizes in half-points.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Any

from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn as _docx_qn
from docx.section import Section
from docx.shared import Mm, Pt

# A qualified name ("w:p" -> "{ns}p"). python-docx's parses its argument on
# every call; building and measuring a long table asks a million times.
qn = cache(_docx_qn)

# Sizes of the Chinese type scale, in points.
SIZE_2HAO = 22.0  # title
SIZE_3HAO = 16.0  # body, headings
SIZE_4HAO = 14.0  # page number
SIZE_XIAO4 = 12.0  # tables
SIZE_5HAO = 10.5  # dense tables, header

PAGE_WIDTH_MM = 210.0
PAGE_HEIGHT_MM = 297.0
MARGIN_TOP_MM = 37.0
MARGIN_BOTTOM_MM = 35.0
MARGIN_LEFT_MM = 28.0
MARGIN_RIGHT_MM = 26.0
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM  # 156
TEXT_HEIGHT_MM = PAGE_HEIGHT_MM - MARGIN_TOP_MM - MARGIN_BOTTOM_MM  # 225

LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
LINE_PITCH_PT = 28.95  # exact spacing: 22 x 28.95 pt fits the 225 mm type area
# Notes under a form (5号): two note lines take the height of one body line.
NOTE_PITCH_PT = 14.5
# Table text has exact line spacing too, 1.3 times its size: rows are as high in
# Word with 仿宋 as in LibreOffice with a substitute face, so pages break alike
# and page counts can be computed (export.pagination).
TABLE_LINE_FACTOR = 1.3
# 28 x 16 pt = 448 pt overflows 156 mm (442.2 pt); -0.25 pt per character fits.
CHAR_SPACING_PT = -0.25
# The page number sits ~7 mm below the type area (PITFALLS); keep that gap for
# any bottom margin, e.g. in landscape sections.
FOOTER_GAP_MM = 10.0
HEADER_DISTANCE_MM = 15.0


def twips(pt: float) -> int:
    return round(pt * 20)


def table_line_pt(size_pt: float) -> float:
    """Exact line height of table text of `size_pt`, on the twip grid Word stores."""
    return twips(size_pt * TABLE_LINE_FACTOR) / 20


def half_points(pt: float) -> int:
    return round(pt * 2)


def mm_to_twips(mm: float) -> int:
    return round(mm / 25.4 * 1440)


INDENT_TWIPS = twips(2 * SIZE_3HAO)  # first-line indent of two body characters


@dataclass(frozen=True, slots=True)
class BodyGrid:
    """The body text's size, line pitch and character spacing: its grid of
    lines a page and characters a line in the 156 x 225 mm type area."""

    size: float
    pitch: float
    spacing: float = CHAR_SPACING_PT

    @property
    def advance(self) -> float:
        """Width of one Chinese character with its spacing, in pt."""
        return self.size + self.spacing

    @property
    def indent_twips(self) -> int:
        return twips(2 * self.size)


# GB/T 9704: 3号, 22 lines of 28 characters.
STANDARD = BodyGrid(SIZE_3HAO, LINE_PITCH_PT)
# Denser grids of the same type area, for a paper that must keep to two pages
# (a commitment letter, 一式两份, on one sheet): 4号 28 x 32, 小四 30 x 37.
DENSE = BodyGrid(SIZE_4HAO, 22.75)
DENSER = BodyGrid(SIZE_XIAO4, 21.25)


@dataclass(frozen=True, slots=True)
class PageGeometry:
    """Paper size and margins of one section, in millimetres."""

    width: float
    height: float
    top: float
    bottom: float
    left: float
    right: float

    @property
    def landscape(self) -> bool:
        return self.width > self.height

    @property
    def text_width(self) -> float:
        return self.width - self.left - self.right

    @property
    def text_height(self) -> float:
        return self.height - self.top - self.bottom

    @property
    def footer_distance(self) -> float:
        return self.bottom - FOOTER_GAP_MM


PORTRAIT = PageGeometry(
    PAGE_WIDTH_MM, PAGE_HEIGHT_MM, MARGIN_TOP_MM, MARGIN_BOTTOM_MM, MARGIN_LEFT_MM, MARGIN_RIGHT_MM
)
# The page turned a quarter clockwise to read: its top faces the binding (the
# portrait left edge), so each margin follows its edge round and the type area
# is the portrait one rotated (225 x 156 mm).
LANDSCAPE = PageGeometry(
    PAGE_HEIGHT_MM, PAGE_WIDTH_MM, MARGIN_LEFT_MM, MARGIN_RIGHT_MM, MARGIN_BOTTOM_MM, MARGIN_TOP_MM
)


def apply_geometry(section: Section, geometry: PageGeometry) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE if geometry.landscape else WD_ORIENT.PORTRAIT
    section.page_width = Mm(geometry.width)
    section.page_height = Mm(geometry.height)
    section.top_margin = Mm(geometry.top)
    section.bottom_margin = Mm(geometry.bottom)
    section.left_margin = Mm(geometry.left)
    section.right_margin = Mm(geometry.right)
    section.gutter = Mm(0)
    section.header_distance = Mm(HEADER_DISTANCE_MM)
    section.footer_distance = Mm(geometry.footer_distance)


def geometry_of(section: Section) -> PageGeometry:
    """Read back a section's geometry (in mm, as stored)."""
    return PageGeometry(
        section.page_width.mm,  # type: ignore[union-attr]
        section.page_height.mm,  # type: ignore[union-attr]
        section.top_margin.mm,  # type: ignore[union-attr]
        section.bottom_margin.mm,  # type: ignore[union-attr]
        section.left_margin.mm,  # type: ignore[union-attr]
        section.right_margin.mm,  # type: ignore[union-attr]
    )


def _run(
    parent: Any, text: str | None = None, *, fld: str | None = None, instr: str | None = None
) -> Any:
    r = OxmlElement("w:r")
    if fld is not None:
        r.append(OxmlElement("w:fldChar", {qn("w:fldCharType"): fld}))
    elif instr is not None:
        el = OxmlElement("w:instrText", {qn("xml:space"): "preserve"})
        el.text = instr
        r.append(el)
    else:
        el = OxmlElement("w:t", {qn("xml:space"): "preserve"})
        el.text = text
        r.append(el)
    parent.append(r)
    return r


def page_number_paragraph(paragraph: Any, *, style: str, odd: bool, cached: int) -> None:
    """Fill an empty footer paragraph with "— PAGE —" on the outside edge.

    A real PAGE field (w:fldChar/w:instrText) so Word and LibreOffice number
    each page; `cached` is what readers that do not update fields show.
    """
    p = paragraph._p
    paragraph.style = style
    fmt = paragraph.paragraph_format
    # GB/T 9704: odd pages right with one character to spare, even pages left.
    fmt.alignment = WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT
    if odd:
        fmt.right_indent = Pt(SIZE_4HAO)
    else:
        fmt.left_indent = Pt(SIZE_4HAO)
    _run(p, "— ")
    _run(p, fld="begin")
    _run(p, instr=" PAGE ")
    _run(p, fld="separate")
    _run(p, str(cached))
    _run(p, fld="end")
    _run(p, " —")


def setup_page_footers(section: Section, *, style: str) -> None:
    """Odd/even footers with page numbers for `section` (later sections link to it)."""
    section.footer.is_linked_to_previous = False
    section.even_page_footer.is_linked_to_previous = False
    for footer, odd in ((section.footer, True), (section.even_page_footer, False)):
        paragraphs = footer.paragraphs
        for extra in paragraphs[1:]:
            extra._p.getparent().remove(extra._p)
        first = paragraphs[0]
        for child in list(first._p):
            first._p.remove(child)
        page_number_paragraph(first, style=style, odd=odd, cached=1 if odd else 2)


def em_width(text: str) -> float:
    """Rough printed width of one line of `text` in ems (CJK 1, others 1/2)."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.5 for ch in text)
