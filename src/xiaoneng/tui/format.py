"""Small text helpers shared by screens: dates, deadlines, progress bars."""

from __future__ import annotations

import datetime as dt

from rich.text import Text

from xiaoneng.model.dates import clock_text, cn_date, cn_datetime

NONE = "—"  # what a screen shows for a date that is not set


def day(value: dt.date | str | None, *, year: bool = True) -> str:
    """'2026年3月16日' ('3月16日' without the year; model.dates.cn_date), or a dash."""
    return cn_date(value, blank=NONE, year=year)


def when(iso: str | None, *, year: bool = True) -> str:
    """'2026年3月16日 09:30' (model.dates.cn_datetime), or a dash."""
    return cn_datetime(iso, blank=NONE, year=year)


def clock(iso: str | None) -> str:
    """'09:30' (model.dates.clock_text), or a dash."""
    return clock_text(iso, blank=NONE)


def due_text(due: dt.date | None, today: dt.date, *, done: bool = False) -> Text:
    if due is None:
        return Text("—", style="dim")
    shown = cn_date(due)
    if done:
        return Text(shown, style="dim")
    days = (due - today).days
    if days < 0:
        return Text(f"{shown} 逾期{-days}天", style="bold red")
    if days == 0:
        return Text(f"{shown} 今天截止", style="bold yellow")
    if days <= 3:
        return Text(f"{shown} 剩{days}天", style="yellow")
    return Text(shown)


def bar(done: int, due: int, width: int = 10) -> Text:
    """'███████░░░  70%' (ASCII-width blocks: safe in every terminal)."""
    ratio = done / due if due else 1.0
    filled = round(ratio * width)
    style = "green" if ratio >= 0.9 else "yellow" if ratio >= 0.6 else "red"
    text = Text("█" * filled, style=style)
    text.append("░" * (width - filled), style="dim")
    text.append(f" {ratio:4.0%}")
    return text
