"""Keeping a closing block (counts, signature lines, notes) on the page of
the end of the text, as LibreOffice lays it out.

Word keeps table rows with what follows when their paragraphs are marked
keep-with-next; LibreOffice does not (it breaks between the last row and the
closing, which then starts a page of its own). So the document is laid out
(export.pagination) once the closing is written, and when the closing would
start a page, the table is cut before its last rows and those rows, under a
copy of the header row, start the next page: both readers then print the same.

The page model is close, not exact: a closing that ends within a line of the
bottom may, in LibreOffice, lose its last note line to the next page. Such a
closing starts the next page instead, with what it is kept together with.
"""

from __future__ import annotations

import copy
from typing import Any

from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from xiaoneng.export import streamed
from xiaoneng.export.pagination import room_below, starts_page
from xiaoneng.export.paragraphs import make_paragraph
from xiaoneng.export.styles import STYLE_NOTE

_W_P, _W_TBL, _W_TR = qn("w:p"), qn("w:tbl"), qn("w:tr")
_HEADER = f"{qn('w:trPr')}/{qn('w:tblHeader')}"
_SPACER_PT = 1.0  # the paragraph that carries the page break between the parts
_MARGIN_PT = 40.0  # how near the bottom the page model is trusted (about a table row off)


def keep_with_table(document: DocxDocument, table: Any, first: Any, tail_rows: int) -> bool:
    """Move the last `tail_rows` rows of `table` to the next page when the
    paragraph `first` after it would start a page. True if the table was cut."""
    if tail_rows < 1 or not starts_page(document, first):
        return False
    return _cut(table, tail_rows)


def clear_of_bottom(document: DocxDocument, last: Any, tail_rows: int) -> bool:
    """Start the kept-together run that ends with paragraph `last` on the next
    page when it ends too near the bottom of this one. True if moved."""
    room = room_below(document, last)
    if room is None or room[0] >= _MARGIN_PT or room[1] is None:
        return False
    start = room[1]
    if start.tag != _W_P or start.getparent() is not document.element.body:
        return False
    before = start.getprevious()
    if before is not None and before.tag == _W_TBL:
        return _cut(before, tail_rows)  # the closing never starts a page without rows
    _break_before(start)
    return True


def _cut(table: Any, tail_rows: int) -> bool:
    streaming = streamed.take_tail(table, tail_rows)  # rows written when saved stay behind
    rows = table.findall(_W_TR)
    headers = [r for r in rows if r.find(_HEADER) is not None]
    body = [r for r in rows if r.find(_HEADER) is None]
    if tail_rows < 1 or len(body) + streaming <= tail_rows:
        return False  # nothing would stay behind: leave the break where it is
    rest = copy.deepcopy(table)
    for row in [*rest.findall(_W_TR), *rest.findall(streamed.TAG)]:
        rest.remove(row)
    for row in headers:
        rest.append(copy.deepcopy(row))
    for row in body[-tail_rows:]:
        rest.append(row)  # moved, not copied
    spacer = make_paragraph(STYLE_NOTE, page_break_before=True, line_pt=_SPACER_PT)
    table.addnext(spacer)
    spacer.addnext(rest)
    return True


def _break_before(p: Any) -> None:
    """pageBreakBefore on paragraph `p`, in schema order (after pStyle, keepNext, keepLines)."""
    ppr = p.find(qn("w:pPr"))
    if ppr is None:
        ppr = OxmlElement("w:pPr")
        p.insert(0, ppr)
    if ppr.find(qn("w:pageBreakBefore")) is not None:
        return
    at = 0
    for n, child in enumerate(ppr):
        if child.tag in (qn("w:pStyle"), qn("w:keepNext"), qn("w:keepLines")):
            at = n + 1
    ppr.insert(at, OxmlElement("w:pageBreakBefore"))
