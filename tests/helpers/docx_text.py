"""The text of a .docx as python-docx reads it: paragraphs, then table cells."""

from __future__ import annotations

import docx


def docx_text(path) -> str:
    d = docx.Document(str(path))
    cells = [c.text for t in d.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in d.paragraphs] + cells)
