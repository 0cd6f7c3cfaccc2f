"""Text that is safe in table cells and one-line rows.

PITFALLS: curly quotes, dashes and ellipses are one column in Textual but
drawn two wide by some terminals, which shifts every cell after them. The
full-width corner brackets are two columns everywhere.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text

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


def cell_text(value: str | Text) -> Text:
    """One line of a table cell as Text: a str is taken literally (never as
    markup), whitespace collapsed; a Text keeps its styles."""
    if isinstance(value, Text):
        if "\n" in value.plain:
            value = value.copy()
            value.plain = value.plain.replace("\n", " ")
        return value
    return Text(plain(value))


def clip_text(text: Text, width: int) -> Text:
    """`text` cut to `width` columns, ending in '..' when cut (see `clip`)."""
    if text.cell_len <= width:
        return text
    if width < 3:
        cut = text.copy()
        cut.truncate(width, overflow="crop")
        return cut
    cut = text.copy()
    cut.truncate(width - 2, overflow="crop")
    cut.rstrip()
    cut.append("..", style="dim")
    return cut
