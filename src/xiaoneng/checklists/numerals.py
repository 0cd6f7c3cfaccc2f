"""Chinese numerals as used in article numbers: 第一百零三条, 第十条, 第二〇条, 第103条."""

from __future__ import annotations

DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
UNITS = {"十": 10, "百": 100, "千": 1000}
CHARS = "".join(DIGITS) + "".join(UNITS) + "0123456789０１２３４５６７８９"
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
_NAMES = "零一二三四五六七八九"


def parse(text: str) -> int | None:
    """The value of a numeral in Chinese or Arabic digits; None when it is not one."""
    text = text.strip().translate(_FULLWIDTH)
    if not text:
        return None
    if text.isascii():
        return int(text) if text.isdigit() else None
    if any(ch not in DIGITS and ch not in UNITS for ch in text):
        return None
    if not any(ch in UNITS for ch in text):
        # Digit by digit, as in years: 二〇二四.
        return int("".join(str(DIGITS[ch]) for ch in text))
    total, digit, last_unit = 0, None, 10_000
    for ch in text:
        if ch in DIGITS:
            if digit is not None and DIGITS[ch] != 0:
                return None  # two digits in a row, like 二三十
            digit = DIGITS[ch] if DIGITS[ch] else digit
        else:
            unit = UNITS[ch]
            if unit >= last_unit:
                return None  # units must fall: 一百十 is fine, 十百 is not
            total += (1 if digit is None else digit) * unit
            digit, last_unit = None, unit
    return total + (digit or 0)


def to_chinese(n: int) -> str:
    """1 -> 一, 10 -> 十, 13 -> 十三, 103 -> 一百零三, 110 -> 一百一十, 1000 -> 一千."""
    if not 0 <= n < 10_000:
        raise ValueError(f"{n} is outside 0..9999")
    if n < 10:
        return _NAMES[n]
    parts: list[str] = []
    zero = False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = n // unit % 10
        if n < unit:
            continue
        if d == 0:
            zero = bool(parts)
            continue
        if zero:
            parts.append("零")
            zero = False
        parts.append(_NAMES[d] + name)
    text = "".join(parts)
    return text[1:] if 10 <= n < 20 else text  # 十三, not 一十三
