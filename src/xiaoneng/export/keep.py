"""Keeping a closing block (counts, signature lines, notes) on the page of a
table's last rows.

Word keeps table rows with what follows when their paragraphs are marked
keep-with-next; LibreOffice does not (it breaks between the last row and the
closing, which then starts a page of its own). So the document is laid out
(export.pagination) once the closing is written, and when the closing would
start a page, the table is cut before its last rows and those rows, under a
copy of the header row, start the next page: both readers then print the same.
"""

from __future__ import annotations

import copy
from typing import Any

from docx.document import Document as DocxDocument
from docx.oxml.ns import qn

from xiaoneng.export.pagination import starts_page
from xiaoneng.export.paragraphs import make_paragraph
from xiaoneng.export.styles import STYLE_NOTE

_W_TR = qn("w:tr")
_HEADER = f"{qn('w:trPr')}/{qn('w:tblHeader')}"
_SPACER_PT = 1.0  # the paragraph that carries the page break between the parts


def keep_with_table(document: DocxDocument, table: Any, first: Any, tail_rows: int) -> bool:
    """Move the last `tail_rows` rows of `table` to the next page when the
    paragraph `first` after it would start a page. True if the table was cut."""
    if tail_rows < 1 or not starts_page(document, first):
        return False
    rows = table.findall(_W_TR)
    headers = [r for r in rows if r.find(_HEADER) is not None]
    body = [r for r in rows if r.find(_HEADER) is None]
    if len(body) <= tail_rows:
        return False  # nothing would stay behind: leave the break where it is
    rest = copy.deepcopy(table)
    for row in rest.findall(_W_TR):
        rest.remove(row)
    for row in headers:
        rest.append(copy.deepcopy(row))
    for row in body[-tail_rows:]:
        rest.append(row)  # moved, not copied
    spacer = make_paragraph(STYLE_NOTE, page_break_before=True, line_pt=_SPACER_PT)
    table.addnext(spacer)
    spacer.addnext(rest)
    return True
