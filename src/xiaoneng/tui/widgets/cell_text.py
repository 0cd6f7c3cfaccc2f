"""Text that is safe in table cells and one-line rows.

PITFALLS: curly quotes, dashes and ellipses are one column in Textual but
drawn two wide by some terminals, which shifts every cell after them. The
full-width corner brackets are two columns everywhere.
"""

from __future__ import annotations

from rich.cells import cell_len

_SAFE = str.maketrans({"“": "「", "”": "」", "‘": "『", "’": "』", "—": "-", "…": "..."})


def cell(text: object) -> str:
    return str(text).translate(_SAFE)


def plain(text: object, limit: int | None = None) -> str:
    """One line (whitespace collapsed), safe in a cell, cut to `limit` characters."""
    s = cell(" ".join(str(text).split()))
    if limit is not None and len(s) > limit:
        s = s[: limit - 2] + ".."
    return s


def clip(text: object, width: int) -> str:
    """`cell(text)` cut to `width` terminal columns, marked with '..' when cut
    (not '…': see above)."""
    s = cell(text)
    if cell_len(s) <= width:
        return s
    out, used = [], 0
    for ch in s:
        w = cell_len(ch)
        if used + w > width - 2:
            break
        out.append(ch)
        used += w
    return "".join(out) + ".."
