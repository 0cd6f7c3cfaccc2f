"""Dates: the one parser for dates people type, and the one way each kind of
date is printed (screens, documents and signed letters agree).

Stored dates are ISO text (`2026-03-16`, `2026-03-16T09:30:00+08:00`) and
stay ISO wherever a machine reads them (--json, file names' stamps); what
people read, on screens, in letters, in every export and in the CLI's text,
is `2026年3月16日` (no leading zeros, as official documents write it;
`2026年3月16日 09:30` with the time). This module is the only place that
writes a Chinese date: tests/unit/test_dates.py fails on another.
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


def cn_datetime(iso: str | None, *, blank: str = "", year: bool = True) -> str:
    """'2026-03-16T09:30:00+08:00' -> '2026年3月16日 09:30' ('3月16日 09:30'
    without the year); a bare date prints as cn_date."""
    if not iso:
        return blank
    day = cn_date(iso, blank=blank, year=year)
    clock = clock_text(iso)
    return f"{day} {clock}" if clock else day


def clock_text(iso: str | None, *, blank: str = "") -> str:
    """'2026-03-16T09:30:00+08:00' -> '09:30' (the time of day alone)."""
    if iso and len(iso) >= 16 and iso[10] in "T ":
        return iso[11:16]
    return blank


def cn_date_range(first: str | dt.date, last: str | dt.date) -> str:
    """'2026年5月12日至13日'; across a month end '2026年5月31日至6月1日', across a
    year end both dates in full; one day alone as cn_date."""
    a = first if isinstance(first, dt.date) else dt.date.fromisoformat(first[:10])
    b = last if isinstance(last, dt.date) else dt.date.fromisoformat(last[:10])
    if a == b:
        return cn_date(a)
    if b.year != a.year:
        tail = cn_date(b)
    elif b.month != a.month:
        tail = cn_date(b, year=False)
    else:
        tail = f"{b.day}日"
    return f"{cn_date(a)}至{tail}"


WEEKDAYS = "一二三四五六日"


def cn_weekday(value: str | dt.date) -> str:
    """'2026-05-12' -> '5月12日（周二）' (a day in a timetable whose year is plain)."""
    d = value if isinstance(value, dt.date) else dt.date.fromisoformat(value[:10])
    return f"{cn_date(d, year=False)}（周{WEEKDAYS[d.weekday()]}）"
