"""Small text helpers for the check and ledger screens: dates typed into
forms, and text made safe for table cells and one-line rows."""

from __future__ import annotations

import datetime as dt
import re

from xiaoneng.errors import UserError

# PITFALLS: curly quotes, dashes and ellipses are one column in Textual but
# two in some terminals, which shifts every cell after them.
_SAFE = str.maketrans({"“": "「", "”": "」", "‘": "『", "’": "』", "—": "-", "…": "..."})
_DAY = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")


def plain(text: object, limit: int | None = None) -> str:
    """One line, safe in a table cell, cut to `limit` characters."""
    s = " ".join(str(text).split()).translate(_SAFE)
    if limit is not None and len(s) > limit:
        s = s[: limit - 2] + ".."
    return s


def parse_day(text: str, label: str, *, not_before: dt.date | None = None) -> dt.date:
    """A date typed as 2026-04-30 (also 2026/4/30, 2026.4.30, 2026年4月30日)."""
    text = text.strip()
    if not text:
        raise UserError(f"请填写{label}，如 2026-04-30。")
    m = _DAY.match(text)
    try:
        day = dt.date(int(m[1]), int(m[2]), int(m[3])) if m else None
    except ValueError:
        day = None
    if day is None:
        raise UserError(f"{label}“{text[:20]}”不是有效日期：请按 2026-04-30 的格式填写。")
    if not_before is not None and day < not_before:
        raise UserError(f"{label} {day.isoformat()} 已经过去，请填写今天或以后的日期。")
    return day
