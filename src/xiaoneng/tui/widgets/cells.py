"""Text for table cells in the study, session and letter screens.

PITFALLS: curly quotes, dashes and ellipses are one column in Textual but two
in some terminals, which shifts the cells after them: swap them for safe
forms, and mark cut text with '..' rather than '…'.
"""

from __future__ import annotations

from rich.cells import cell_len

_SAFE = str.maketrans({"“": "「", "”": "」", "‘": "『", "’": "』", "—": "-", "…": ".."})


def cell(text: object) -> str:
    return str(text).translate(_SAFE)


def clip(text: object, width: int) -> str:
    """`cell(text)` cut to `width` columns."""
    s = cell(text)
    if cell_len(s) <= width:
        return s
    out, used = [], 0
    for ch in s:
        used += cell_len(ch)
        if used > width - 2:
            break
        out.append(ch)
    return "".join(out) + ".."
