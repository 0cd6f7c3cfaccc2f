"""Dates: the one parser for dates people type, and the one way each kind of
date is printed (screens, documents and signed letters agree).

Stored dates are ISO text (`2026-03-16`, `2026-03-16T09:30:00+08:00`); what
people read is `2026年3月16日` (no leading zeros, as official documents
write it; `2026年3月16日 09:30` with the time), or `2026-03-16 09:30` in
screens' tables.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal, overload

from xiaoneng.errors import UserError

BLANK_DATE = "    年  月  日"  # room to write the date by hand

_DAY = re.compile(r"^(\d{4})(?:\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?|(\d{2})(\d{2}))$")


def parse_date(value: str | None) -> dt.date | None:
    """The date of a stored ISO date or time (None when blank)."""
    return dt.date.fromisoformat(value[:10]) if value else None


@overload
def parse_day(
    text: str | dt.date | None,
    label: str,
    *,
    required: Literal[True] = True,
    not_before: dt.date | None = None,
) -> dt.date: ...
@overload
def parse_day(
    text: str | dt.date | None,
    label: str,
    *,
    required: bool,
    not_before: dt.date | None = None,
) -> dt.date | None: ...
def parse_day(
    text: str | dt.date | None,
    label: str,
    *,
    required: bool = True,
    not_before: dt.date | None = None,
) -> dt.date | None:
    """A date as people type it: 2026-03-01, 2026/3/1, 2026.3.1, 2026年3月1日 or 20260301.

    Blank is a UserError naming `label` when `required`, else None; a date
    already parsed passes through. `not_before` refuses a day in the past.
    """
    if isinstance(text, dt.date):
        return text
    text = (text or "").strip()
    if not text:
        if required:
            raise UserError(f"请填写{label}，如 2026-03-01。")
        return None
    m = _DAY.match(text)
    try:
        if m is None:
            raise ValueError
        month, mday = (m[2], m[3]) if m[2] else (m[4], m[5])
        day = dt.date(int(m[1]), int(month), int(mday))
    except ValueError:
        raise UserError(
            f"{label}“{text[:20]}”不是有效的日期：请按 2026-03-01 的格式填写。"
        ) from None
    if not_before is not None and day < not_before:
        raise UserError(f"{label} {day.isoformat()} 已经过去，请填写今天或以后的日期。")
    return day


def cn_date(value: str | dt.date | None, *, blank: str = BLANK_DATE, year: bool = True) -> str:
    """'2026-03-16' (or a date, or an ISO time) -> '2026年3月16日' ('3月16日'
    without the year, where the year is plain from the context); `blank` when missing."""
    if not value:
        return blank
    try:
        d = value if isinstance(value, dt.date) else dt.date.fromisoformat(value[:10])
    except ValueError:
        return str(value)
    return f"{d.year}年{d.month}月{d.day}日" if year else f"{d.month}月{d.day}日"


def cn_datetime(iso: str | None, *, blank: str = "") -> str:
    """'2026-03-16T09:30:00+08:00' -> '2026年3月16日 09:30' (documents); a bare
    date prints as cn_date."""
    if not iso:
        return blank
    day = cn_date(iso, blank=blank)
    clock = iso[11:16] if len(iso) >= 16 and iso[10] in "T " else ""
    return f"{day} {clock}" if clock else day


def day_text(value: str | dt.date | None, *, blank: str = "") -> str:
    """'2026-03-16T09:30:00+08:00' (or a date) -> '2026-03-16'."""
    if not value:
        return blank
    return value.isoformat() if isinstance(value, dt.date) else value[:10]


def time_text(iso: str | None, *, blank: str = "") -> str:
    """'2026-03-16T09:30:00+08:00' -> '2026-03-16 09:30'."""
    return iso[:16].replace("T", " ") if iso else blank
