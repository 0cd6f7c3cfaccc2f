"""Where wrapped text may break a line, by the Chinese rules (禁则).

No line starts with a closing mark (，。、；：！？）》」 and the like) and no
line ends with an opening one (（《「 ...); Chinese text breaks between any
two characters, Latin words and numbers only at spaces, as before. A date
(2026年3月16日) stays on one line: no break between a number and the 年, 月
or 日 after it, nor between 年 or 月 and the number after it.

`divide_line` has the signature and meaning of the line divider Rich and
Textual use (`rich._wrap.divide_line`: the character offsets to break a
paragraph at, for lines of `width` cells), and `install()` makes both use
it, so every wrapped text in the app (labels, messages, dialogs, study text,
Rich tables in a Static) follows one rule. Textual is pinned exactly; a test
(tests/unit/test_linebreak.py) fails if a new release stops calling it.
"""

from __future__ import annotations

from rich._wrap import divide_line as _rich_divide_line
from rich.cells import get_character_cell_size

# A line never starts with these (closing marks and pauses)...
NO_START = frozenset("，。、；：！？）》」』】〕〉”’…,.;:!?)]}%")
# ...and never ends with these (opening marks).
NO_END = frozenset("（《「『【〔〈“‘([{")
DATE_MARKS = frozenset("年月日")


def _wide(ch: str) -> bool:
    return get_character_cell_size(ch) == 2


def may_break(text: str, at: int) -> bool:
    """May a line end before `text[at]` (after `text[at - 1]`)?"""
    before, after = text[at - 1], text[at]
    if after in NO_START or before in NO_END or after.isspace():
        return False
    if before.isspace():
        return True
    if (before.isdigit() and after in DATE_MARKS) or (before in "年月" and after.isdigit()):
        return False  # inside a date
    return _wide(before) or _wide(after)  # Chinese breaks anywhere; Latin at spaces only


def divide_line(text: str, width: int, fold: bool = True) -> list[int]:
    """The offsets at which `text` (one paragraph) breaks into lines of at
    most `width` cells (trailing spaces may hang past it: callers strip them).

    A run that cannot break in `width` (a long Latin word) is folded, or
    left to overflow when `fold` is False, as Rich does.
    """
    if width < 2:
        return _rich_divide_line(text, width, fold)
    breaks: list[int] = []
    start, col, i = 0, 0, 0
    while i < len(text):
        ch = text[i]
        size = get_character_cell_size(ch)
        if col + size <= width or ch.isspace():
            col += size
            i += 1
            continue
        at = next((b for b in range(i, start, -1) if may_break(text, b)), None)
        if at is None:
            if not fold:
                return _rich_divide_line(text, width, fold)
            at = i if i > start else i + 1  # nowhere allowed: fold here
        breaks.append(at)
        start = at
        col = sum(get_character_cell_size(c) for c in text[start:i])
    return breaks


def wrap(text: str, width: int) -> list[str]:
    """`text` as lines of at most `width` cells (for text laid out by hand)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        cuts = [0, *divide_line(paragraph, width), len(paragraph)]
        lines += [paragraph[a:b].rstrip() for a, b in zip(cuts, cuts[1:], strict=False)]
    return lines


def install() -> None:
    """Make Rich and Textual wrap with `divide_line` (idempotent)."""
    import rich.text
    import textual.content

    rich.text.divide_line = divide_line  # type: ignore[attr-defined]  # module global, replaced
    textual.content.divide_line = divide_line  # type: ignore[attr-defined]  # the same in Textual
