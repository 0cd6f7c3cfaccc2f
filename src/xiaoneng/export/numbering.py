"""Heading numbers of Chinese official documents: 一、 （一） 1. （1）.

Written as plain text rather than Word list numbering: it prints the same in
every reader and survives copy-paste into other documents.
"""

from __future__ import annotations

_DIGITS = "零一二三四五六七八九"
_UNITS = ((1000, "千"), (100, "百"), (10, "十"))
MAX_LEVEL = 4


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 21 → 二十一, 105 → 一百零五 (1 ≤ n ≤ 9999)."""
    if not 1 <= n <= 9999:
        raise ValueError(f"序号超出范围（1～9999）：{n}")
    out: list[str] = []
    rest = n
    pending_zero = False
    for value, unit in _UNITS:
        digit, rest = divmod(rest, value)
        if digit:
            if pending_zero:
                out.append("零")
                pending_zero = False
            # 十一 not 一十一 when ten leads the number.
            if not (unit == "十" and digit == 1 and not out):
                out.append(_DIGITS[digit])
            out.append(unit)
        elif out:
            pending_zero = True
    if rest:
        if pending_zero:
            out.append("零")
        out.append(_DIGITS[rest])
    return "".join(out)


def heading_number(level: int, n: int) -> str:
    """The prefix for the `n`th heading of `level` (1-4), e.g. (2, 3) → "（三）"."""
    if level == 1:
        return f"{chinese_numeral(n)}、"
    if level == 2:
        return f"（{chinese_numeral(n)}）"
    if level == 3:
        return f"{n}."
    if level == 4:
        return f"（{n}）"
    raise ValueError(f"标题层级应为 1～{MAX_LEVEL}，实际是 {level}")


class HeadingCounter:
    """Running heading numbers; a new higher-level heading restarts the lower ones."""

    def __init__(self) -> None:
        self._counts = [0] * MAX_LEVEL

    def next(self, level: int) -> str:
        if not 1 <= level <= MAX_LEVEL:
            raise ValueError(f"标题层级应为 1～{MAX_LEVEL}，实际是 {level}")
        self._counts[level - 1] += 1
        for deeper in range(level, MAX_LEVEL):
            self._counts[deeper] = 0
        return heading_number(level, self._counts[level - 1])
