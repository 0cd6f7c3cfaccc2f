"""How many lines a paragraph takes: character widths and Chinese line breaking.

Chinese characters and full-width punctuation are one em in every CJK face, so
the body's grid (28 a line) is the same in Word with 仿宋 and in LibreOffice
with a substitute. Latin letters and digits are proportional: their widths
here are those of the reference rendering (Noto Serif CJK SC, mapped by
tests/render/fonts.conf), measured with LibreOffice; 仿宋's are a little
narrower, so a line never holds less than estimated.

Line breaking follows LibreOffice's rules for zh-CN text: a break between any
two Chinese characters; Latin words and numbers are not split unless longer
than a line; closing punctuation never starts a line (，。、：；！？ hang in
the margin instead, others pull the previous character down); opening
brackets and quotes never end one.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

# Ems of the Latin glyphs (measured; see the module docstring).
_LATIN_EM = {
    **dict.fromkeys("0347aeyv", 0.553),
    **dict.fromkeys("25689gx", 0.563),
    "1": 0.473,
    **dict.fromkeys("ce", 0.542),
    **dict.fromkeys("bdp", 0.635),
    **dict.fromkeys("hnu", 0.66),
    **dict.fromkeys("kqo", 0.605),
    **dict.fromkeys("ftijl", 0.35),
    **dict.fromkeys("rsz", 0.48),
    **dict.fromkeys("mM", 0.985),
    "w": 0.84,
    "W": 1.06,
    **dict.fromkeys("ACKGRVXY", 0.715),
    **dict.fromkeys("BEFLPTZS", 0.63),
    **dict.fromkeys("DNOQU", 0.785),
    "H": 0.866,
    **dict.fromkeys("IJ", 0.405),
    **dict.fromkeys("-:./(),;'\"`|!", 0.35),
    **dict.fromkeys("%@", 0.92),
    **dict.fromkeys("_#+=<>*&$^~[]{}\\?", 0.576),
    " ": 0.26,
}
# Space added between a Chinese character and a Latin letter or digit (Word's
# and LibreOffice's autospace, measured: 3.3 pt at 16 pt).
AUTOSPACE_EM = 0.207
# Closing punctuation that hangs in the right margin rather than start a line.
HANGING = frozenset("，。、：；！？．,.")
# Closing punctuation that may not start a line and does not hang.
NO_START = frozenset("》”’）」』】〕〉〗〙｝］…—·%‰°℃)]}»")
# A Latin word may break after these (2026-03-16, 3/5).
_BREAK_AFTER = frozenset("-/")
# Opening brackets and quotes that may not end a line.
NO_END = frozenset("《“‘（「『【〔〈〖〘｛［([{«")


_EPSILON = 0.01


@lru_cache(maxsize=4096)
def char_em(ch: str) -> float:
    """Printed width of one character in ems."""
    if ch in _LATIN_EM:
        return _LATIN_EM[ch]
    if ch.isascii():
        return 0.6
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Cf", "Mn"):
        return 0.0
    return 1.0 if unicodedata.east_asian_width(ch) in "WFA" else 0.6


def _script(ch: str) -> int:
    """1 for a Chinese character, -1 for a Latin letter or digit, else 0."""
    if ch.isascii():
        return -1 if ch.isalnum() else 0
    return 1 if unicodedata.category(ch) == "Lo" and char_em(ch) == 1.0 else 0


def _is_word_char(ch: str) -> bool:
    """Part of a Latin word or number (kept on one line when it fits)."""
    return ch.isascii() and not ch.isspace() and ch not in "([{"


@dataclass(frozen=True, slots=True)
class Span:
    """A run of text with one font size and character spacing."""

    text: str
    size: float  # pt
    spacing: float = 0.0  # pt added after every character


def _units(spans: Iterable[Span]) -> list[tuple[float, str]]:
    """(width, text) of the pieces a line may break between, punctuation
    glued to its neighbours; '\\n' pieces are forced breaks."""
    chars: list[tuple[str, float]] = []
    prev = ""
    for span in spans:
        for ch in span.text:
            width = 0.0 if ch == "\n" else char_em(ch) * span.size + span.spacing
            if _script(prev) * _script(ch) < 0:
                width += AUTOSPACE_EM * span.size
            chars.append((ch, width))
            prev = ch
    units: list[list[object]] = []  # [width, text, glue_to_next]
    glue_next = False
    for i, (ch, width) in enumerate(chars):
        prev = chars[i - 1][0] if i else ""
        join = bool(units) and ch != "\n" and prev != "\n"
        join = join and (
            glue_next
            or ch in HANGING
            or ch in NO_START
            or (_is_word_char(ch) and _is_word_char(prev) and prev not in _BREAK_AFTER)
            or (ch.isspace() and prev.isspace())
        )
        if join:
            units[-1][0] = float(units[-1][0]) + width  # type: ignore[arg-type]
            units[-1][1] = str(units[-1][1]) + ch
        else:
            units.append([width, ch])
        glue_next = ch in NO_END
    return [(float(w), str(t)) for w, t in units]  # type: ignore[arg-type]


def _hang(text: str, width: float, spans_size: float) -> float:
    """Width of a unit that may stand out into the margin: its hanging tail."""
    if text and text[-1] in HANGING and len(text) > 1:
        return width - char_em(text[-1]) * spans_size
    return width


def count_lines(
    spans: Sequence[Span], width: float, *, first_indent: float = 0.0, size: float = 16.0
) -> int:
    """Lines the text of `spans` takes in a column `width` pt wide (at least one).

    Remembered: an export lays out the same clauses, headings and notes in
    document after document (and each document more than once)."""
    return _counted(tuple(spans), width, first_indent, size)


@lru_cache(maxsize=16384)
def _counted(spans: tuple[Span, ...], width: float, first_indent: float, size: float) -> int:
    if _surely_one_line(spans, width - first_indent):
        return 1
    return len(break_lines(spans, width, first_indent=first_indent, size=size))


_ASCII_EM = {chr(c): char_em(chr(c)) for c in range(128)}  # char_em, looked up at once


def _surely_one_line(spans: Sequence[Span], room: float) -> bool:
    """The text fits in `room` even at its widest: each ASCII character its
    width, every other one an em (none is wider), and autospace wherever it
    could fall. Most table cells are short: this spares breaking them."""
    widest = 0.0
    for span in spans:
        text = span.text
        if "\n" in text:
            return False
        latin = text.encode("ascii", "ignore").decode()
        other = len(text) - len(latin)
        spaces = 2 * min(len(latin), other) + 1  # script changes, one at the span's start
        ems = sum(map(_ASCII_EM.__getitem__, latin)) + other + spaces * AUTOSPACE_EM
        widest += ems * span.size + len(text) * span.spacing
    return widest <= room + _EPSILON


def break_lines(
    spans: Sequence[Span], width: float, *, first_indent: float = 0.0, size: float = 16.0
) -> list[str]:
    """The text of `spans` broken into lines of a column `width` pt wide."""
    lines = [""]
    room = width - first_indent
    used = 0.0
    for unit_width, text in _units(spans):
        if text == "\n":
            lines.append("")
            used, room = 0.0, width
            continue
        if text.isspace():
            used += unit_width  # spaces may stand past the end of a line
            lines[-1] += text
            continue
        if used + _hang(text, unit_width, size) <= room + _EPSILON:
            used += unit_width
            lines[-1] += text
            continue
        if used > 0:
            lines.append("")
            used, room = 0.0, width
        # A piece longer than the line breaks character by character.
        while _hang(text, unit_width, size) > room + _EPSILON and len(text) > 1:
            per_char = unit_width / len(text)
            fit = max(1, int((room + _EPSILON) // per_char))
            lines[-1] += text[:fit]
            lines.append("")
            text = text[fit:]
            unit_width = per_char * len(text)
            room = width
        used = unit_width
        lines[-1] += text
    return lines
