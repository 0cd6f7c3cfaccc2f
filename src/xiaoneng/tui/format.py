"""Small text helpers shared by screens: dates, deadlines, progress bars."""

from __future__ import annotations

import datetime as dt

from rich.text import Text

from xiaoneng.model.dates import day_text, time_text

NONE = "—"  # what a screen shows for a date that is not set


def day(value: dt.date | str | None) -> str:
    """'2026-03-16' (model.dates.day_text), or a dash."""
    return day_text(value, blank=NONE)


def when(iso: str | None) -> str:
    """'2026-03-16 09:30' (model.dates.time_text), or a dash."""
    return time_text(iso, blank=NONE)


def due_text(due: dt.date | None, today: dt.date, *, done: bool = False) -> Text:
    if due is None:
        return Text("—", style="dim")
    if done:
        return Text(due.isoformat(), style="dim")
    days = (due - today).days
    if days < 0:
        return Text(f"{due.isoformat()} 逾期{-days}天", style="bold red")
    if days == 0:
        return Text(f"{due.isoformat()} 今天截止", style="bold yellow")
    if days <= 3:
        return Text(f"{due.isoformat()} 剩{days}天", style="yellow")
    return Text(due.isoformat())


def bar(done: int, due: int, width: int = 10) -> Text:
    """'███████░░░  70%' (ASCII-width blocks: safe in every terminal)."""
    ratio = done / due if due else 1.0
    filled = round(ratio * width)
    style = "green" if ratio >= 0.9 else "yellow" if ratio >= 0.6 else "red"
    text = Text("█" * filled, style=style)
    text.append("░" * (width - filled), style="dim")
    text.append(f" {ratio:4.0%}")
    return text
