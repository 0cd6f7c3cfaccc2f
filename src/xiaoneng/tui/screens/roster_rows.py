"""The roster's rows: one person as the table shows them, built once when the
roster is read (in a worker), and the search that filters them in memory."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rich.text import Text

from xiaoneng.model.people import Person
from xiaoneng.tui.format import day
from xiaoneng.tui.widgets.cell_text import cell, clip


@dataclass(frozen=True)
class Row:
    """One person as the table shows them, with the text a search matches."""

    id: str
    unit: str
    cells: tuple[str | Text, ...]  # 工号, 姓名, 单位, 职务, 角色, 状态
    haystack: str


def status_cell(p: Person, now: dt.datetime, founded: str = "") -> Text:
    if not p.active:
        return Text("停用", style="bold red")
    if p.locked_until and dt.datetime.fromisoformat(p.locked_until) > now:
        return Text("锁定", style="yellow")
    if p.pin_hash is None:
        return Text("未设PIN", style="yellow")
    if founded and p.joined > founded:  # joined late: no tasks from rounds already over
        return Text(f"在用 {day(p.joined, year=False)}加入", style="cyan")
    return Text("在用", style="green")


def make_row(
    p: Person, unit_names: dict[str, str], now: dt.datetime, *, wide: bool, founded: str = ""
) -> Row:  # long unit names and positions cut so all six columns fit in 80 columns
    unit = unit_names.get(p.unit, p.unit)
    unit_w, pos_w = (30, 24) if wide else (16, 12)
    return Row(
        id=p.id,
        unit=p.unit,
        cells=(
            p.id,
            cell(p.name),
            clip(unit, unit_w),
            clip(p.position, pos_w),
            p.roles_label(),
            status_cell(p, now, founded),
        ),
        haystack=f"{p.id}\n{p.name}\n{unit}".casefold(),
    )


def matching(rows: list[Row], query: str, unit: str | None) -> list[Row]:
    """Rows in `unit` (None: all) whose 工号, 姓名 or 单位 hold every word of `query`."""
    words = query.casefold().split()
    return [
        r for r in rows if (unit is None or r.unit == unit) and all(w in r.haystack for w in words)
    ]
