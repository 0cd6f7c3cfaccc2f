"""Page count of a document we wrote, computed from its layout.

A .docx holds no page count: pages are made by whoever opens it. Ours have a
fixed layout - exact line heights everywhere, one-em Chinese characters on a
grid, table rows that do not split - so the pages can be computed: the body is
read back as paragraphs (lines of a known height) and table rows (the
tallest cell plus margins), then poured into pages the way LibreOffice does:
keep-with-next keeps a paragraph whole with the start of what follows, a row
never splits, a table's header row repeats, a page break or a new section
starts a page. Tests render every kind with LibreOffice and compare.

Reading the written XML (rather than the exporters' intentions) means any
document built from `OfficialDocument`, by any exporter, is counted alike.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from docx.document import Document as DocxDocument
from lxml import etree

from xiaoneng.export import streamed
from xiaoneng.export.layout import qn
from xiaoneng.export.measure import Span, count_lines
from xiaoneng.export.word_styles import Style, Styles, twips_of

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _TBL, _TR, _TC, _R = f"{_W}p", f"{_W}tbl", f"{_W}tr", f"{_W}tc", f"{_W}r"
_VAL = qn("w:val")
_PPR, _RPR, _T, _BR, _TAB, _TYPE = (qn(f"w:{n}") for n in ("pPr", "rPr", "t", "br", "tab", "type"))
# Cell margins and ruling are on every row (styles.TABLE_CELL_MARGIN_TWIPS,
# TABLE_BORDER_EIGHTHS): measured in LibreOffice a row is its text plus 3.3 pt,
# and a table's part on a page adds its top rule.
_RULE_PT = 0.5
_EPSILON = 0.01


@dataclass(frozen=True, slots=True)
class Unit:
    """Something that is not split across pages: a line or a table row."""

    height: float
    glue: bool = False  # must stay on the page of the unit after it
    header: tuple[float, ...] = ()  # header rows repeated above it on a new page
    first_row: bool = False  # first row of a table part: adds the top rule
    break_before: bool = False
    label: str = ""  # the start of its text, to tell where a page breaks
    source: Any = field(default=None, compare=False, repr=False)  # its w:p or w:tr


@dataclass
class _Section:
    text_width: float
    text_height: float


def _section(sectpr: Any) -> _Section:
    size, margins = sectpr.find(qn("w:pgSz")), sectpr.find(qn("w:pgMar"))
    width = twips_of(size, "w:w") - twips_of(margins, "w:left") - twips_of(margins, "w:right")
    height = twips_of(size, "w:h") - twips_of(margins, "w:top") - twips_of(margins, "w:bottom")
    return _Section(width, height)


Measured = tuple[list[float], Style, bool, str]
# Paragraphs measured before, by their styles, XML and column width: a document
# is laid out several times while it is written (keeping blocks together, its
# page count), and an export writes the same clauses and cells again and again.
_MEASURED: dict[tuple[int, bytes, float], Measured] = {}
_MEASURED_MAX = 20_000
_ROWS: dict[tuple[int, bytes, float, float], tuple[float, str, bool]] = {}
_STYLES: dict[bytes, Styles] = {}


def _styles_of(document: DocxDocument) -> Styles:
    """The document's resolved styles, shared by documents with the same styles part."""
    root = document.part._styles_part.element
    key = etree.tostring(root)
    styles = _STYLES.get(key)
    if styles is None:
        if len(_STYLES) >= 16:
            _STYLES.clear()
            _MEASURED.clear()  # keyed by the id of a Styles just dropped
            _ROWS.clear()
        styles = _STYLES[key] = Styles(root)
    return styles


@dataclass
class _Reader:
    styles: Styles
    units: list[Unit] = field(default_factory=list)

    def paragraph(self, p: Any, width: float) -> Measured:
        """(line heights, style, page break before) of one paragraph (read only)."""
        key = (id(self.styles), etree.tostring(p), width)
        found = _MEASURED.get(key)
        if found is None:
            if len(_MEASURED) >= _MEASURED_MAX:
                _MEASURED.clear()
            found = _MEASURED[key] = self._measure(p, width)
        return found

    def _measure(self, p: Any, width: float) -> Measured:
        para = self.styles.paragraph(p.find(_PPR))
        style = para.style
        spans: list[Span] = []
        breaks_page = False
        for r in p.iter(_R):
            size, spacing = self.styles.run(r.find(_RPR), style)
            text = []
            for child in r:
                tag = child.tag
                if tag == _T:
                    text.append(child.text or "")
                elif tag == _BR:
                    if child.get(_TYPE) == "page":
                        breaks_page = True
                    else:
                        text.append("\n")
                elif tag == _TAB:
                    text.append("\u3000")
            if text:
                spans.append(Span("".join(text), size, spacing))
        size = max((s.size for s in spans), default=para.mark_size)
        room = width - para.side_indent
        lines = count_lines(spans, room, first_indent=style.first_indent, size=size)
        pitch = style.line if style.line is not None else size * 1.5
        label = "".join(s.text for s in spans)[:12]
        return [pitch] * lines, style, para.break_before or breaks_page, label

    def body_paragraph(self, p: Any, section: _Section) -> None:
        lines, style, before, label = self.paragraph(p, section.text_width)
        keep = style.keep_lines or style.keep_next
        for i, height in enumerate(lines):
            last = i == len(lines) - 1
            glue = (keep and not last) or (style.keep_next and last)
            first = i == 0
            self.units.append(
                Unit(height, glue, break_before=before and first, label=label, source=p)
            )

    def table(self, tbl: Any) -> None:
        side, pad = _cell_margins(tbl)
        header: list[float] = []
        first = True
        for tr in tbl.iter(_TR, streamed.TAG):
            if tr.tag == streamed.TAG:  # rows written when saved: measured when made
                for height, label in streamed.of(tr).rows():
                    self.units.append(Unit(height, False, tuple(header), first, label=label))
                    first = False
                continue
            key = (id(self.styles), etree.tostring(tr), side, pad)
            row = _ROWS.get(key)
            if row is None:
                if len(_ROWS) >= _MEASURED_MAX:
                    _ROWS.clear()
                row = _ROWS[key] = self._row(tr, side, pad)
            height, label, is_header = row
            self.units.append(
                Unit(
                    height,
                    glue=is_header,  # keep-with-next in a row: LibreOffice ignores it
                    header=tuple(header),
                    first_row=first,
                    label=label,
                    source=tr,
                )
            )
            if is_header:
                header.append(height)
            first = False

    def _row(self, tr: Any, side: float, pad: float) -> tuple[float, str, bool]:
        """(height, label, is a header row) of one table row."""
        trpr = tr.find(qn("w:trPr"))
        height, label = 0.0, ""
        for tc in tr.iter(_TC):
            width = twips_of(tc.find(f"{qn('w:tcPr')}/{qn('w:tcW')}"), "w:w") - side
            cell = 0.0
            for p in tc.iter(_P):
                lines, _style, _, text = self.paragraph(p, width)
                label = label or text
                cell += sum(lines)
            height = max(height, cell + pad + _RULE_PT)
        at_least = trpr.find(qn("w:trHeight")) if trpr is not None else None
        height = max(height, twips_of(at_least, "w:val"))
        return height, label, trpr is not None and trpr.find(qn("w:tblHeader")) is not None


def _cell_margins(tbl: Any) -> tuple[float, float]:
    """(left + right, top + bottom) cell margins of a table, in pt."""
    margins = tbl.find(f"{qn('w:tblPr')}/{qn('w:tblCellMar')}")
    if margins is None:
        return 0.0, 0.0
    side = twips_of(margins.find(qn("w:left")), "w:w") + twips_of(
        margins.find(qn("w:right")), "w:w"
    )
    pad = twips_of(margins.find(qn("w:top")), "w:w") + twips_of(margins.find(qn("w:bottom")), "w:w")
    return side, pad


def row_size(document: DocxDocument, tbl: Any) -> Callable[[Any], tuple[float, str]]:
    """(height, label) of a body row of `tbl` as measured in the tree (export.streamed)."""
    reader = _Reader(_styles_of(document))
    side, pad = _cell_margins(tbl)

    def size(tr: Any) -> tuple[float, str]:
        height, label, _header = reader._row(tr, side, pad)
        return height, label

    return size


def layout_units(document: DocxDocument) -> Iterator[tuple[_Section, list[Unit]]]:
    """The body as units, one list per section (each section starts a page)."""
    reader = _Reader(_styles_of(document))
    body = document.element.body
    final = body.find(qn("w:sectPr"))
    current = _section(_next_sectpr(body, final))
    for child in body:
        if child.tag == _P:
            reader.body_paragraph(child, current)
            sectpr = child.find(f"{qn('w:pPr')}/{qn('w:sectPr')}")
            if sectpr is not None:
                yield current, reader.units
                reader.units = []
                current = _section(_next_sectpr(child, final, after=True))
        elif child.tag == _TBL:
            reader.table(child)
    yield current, reader.units


def _next_sectpr(start: Any, final: Any, *, after: bool = False) -> Any:
    """The section properties that govern content after `start` (or in `start`,
    the body, from its beginning): those ending the next section."""
    siblings = start.itersiblings() if after else iter(start)
    for el in siblings:
        if el.tag == _P:
            found = el.find(f"{qn('w:pPr')}/{qn('w:sectPr')}")
            if found is not None:
                return found
    return final


def pour(units: list[Unit], height: float) -> int:
    """Pages `units` fill in a type area `height` pt high, breaking as LibreOffice does."""
    return len(page_starts(units, height))


def page_starts(units: list[Unit], height: float) -> list[int]:
    """Index of the first unit on each page."""
    starts = [0]
    pages, used, top = 1, 0.0, 0
    i = 0
    while i < len(units):
        unit = units[i]
        if unit.break_before and i > top:
            pages, used, top = pages + 1, 0.0, i
            starts.append(i)
        need = unit.height + (_RULE_PT if unit.first_row else 0.0)
        if i == top and unit.header:  # a table goes on: its header repeats
            need += sum(unit.header) + _RULE_PT
        if i == top or used + need <= height + _EPSILON:
            used += need
            i += 1
            continue
        # It does not fit: what is glued to it moves along, unless that would
        # leave the page empty (then LibreOffice breaks where it must).
        start = i
        while start > top and units[start - 1].glue:
            start -= 1
        if start > top:
            i = start
        pages, used, top = pages + 1, 0.0, i
        starts.append(i)
    return starts


def starts_page(document: DocxDocument, element: Any) -> bool:
    """Whether the body paragraph `element` prints at the top of a page."""
    for section, units in layout_units(document):
        where = next((n for n, u in enumerate(units) if u.source is element), None)
        if where is not None:
            return where in page_starts(units, section.text_height)
    return False


def room_below(document: DocxDocument, element: Any) -> tuple[float, Any] | None:
    """Free height (pt) under the last line of body paragraph `element` on its
    page, and the source (w:p or w:tr) of the first unit of the kept-together
    run that ends there, if that run does not itself start the page."""
    for section, units in layout_units(document):
        found = [n for n, u in enumerate(units) if u.source is element]
        if not found:
            continue
        last = found[-1]
        top = max(s for s in page_starts(units, section.text_height) if s <= last)
        used = 0.0
        for i in range(top, last + 1):
            unit = units[i]
            used += unit.height + (_RULE_PT if unit.first_row else 0.0)
            if i == top and unit.header:
                used += sum(unit.header) + _RULE_PT
        first = last
        while first > top and units[first - 1].glue:
            first -= 1
        return section.text_height - used, units[first].source if first > top else None
    return None


def count_pages(document: DocxDocument) -> int:
    """Pages the document prints on (see the module docstring)."""
    return sum(pour(units, section.text_height) for section, units in layout_units(document))
