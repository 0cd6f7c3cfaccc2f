"""The roster's rows: read in a worker a page first, one person as the table
shows them, and the search that filters them in memory.

At 50,000 people a row is only what the search needs (the person and one
lowercase key of 工号, 姓名, its pinyin and the unit's name), built in the
worker that reads the roster; the table's cells are made only for the rows
it shows (`cells`), at most a few hundred at a time.
"""

from __future__ import annotations

import datetime as dt
import threading
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from rich.text import Text

from xiaoneng.gc_pause import no_cyclic_gc
from xiaoneng.model.people import RosterEntry
from xiaoneng.tui.format import day
from xiaoneng.tui.widgets.cell_text import cell, clip

if TYPE_CHECKING:
    from xiaoneng.model.people import Unit
    from xiaoneng.services.core import Core
    from xiaoneng.tui.dialogs.roster_import import ImportDone

PAGE = 40  # the first page, shown before everyone is read
# What a worker's RosterData holds, in the order they come: the first page,
# everyone, then (when a search is first typed in letters) everyone with the
# pinyin of their names in the search keys: pypinyin takes about 60 MB and a
# second or more to load, which opening the roster does not wait for.
FIRST, EVERYONE, SOUNDS = 1, 2, 3


@dataclass(frozen=True)
class RosterData:
    """The roster and units, read in a worker, with the rows built there."""

    people: list[RosterEntry]
    units: list[Unit]
    # What a search matches of each person, in the same order; None until a
    # search is typed (plain_keys; with pinyin at SOUNDS).
    keys: list[str] | None
    founded: str  # the day the agency was set up: people added later joined late
    stage: int  # FIRST, EVERYONE or SOUNDS
    reading: int  # which read of the roster (an import reads it again)
    unfinished: str = ""  # what an import cut off part way left undone


def read_roster(
    core: Core, reading: int, early: Callable[[RosterData], None], drawn: threading.Event
) -> RosterData:
    """In a worker: the first page goes to `early` as soon as it is read;
    everyone is the result. Reading everyone waits until the first page has
    been drawn (`drawn`, set by the screen; at most a second): the long read
    would otherwise hold the interpreter while the screen draws."""
    from xiaoneng.services.roster_journal import unfinished

    units = core.org.units(include_inactive=True)
    founded = str(core.agency().get("created", ""))[:10]
    cut = unfinished(core)
    note = cut.notice() if cut is not None else ""
    first = core.roster.first_page(PAGE)
    if first is not None:
        early(rows_of(first, units, founded, FIRST, reading, note))
        drawn.wait(1.0)
    people = core.roster.listing()
    return rows_of(people, units, founded, EVERYONE, reading, note)


def rows_of(
    people: list[RosterEntry],
    units: list[Unit],
    founded: str,
    stage: int,
    reading: int,
    unfinished: str = "",
) -> RosterData:
    """The roster as read (in a worker); at SOUNDS with the search keys with
    pinyin. Opening the roster makes no keys: the first search does
    (`plain_keys`, about 0.05 s at 50,000), so the roster is whole sooner."""
    keys = None
    if stage == SOUNDS:
        names = {u.id: u.name for u in units}
        with no_cyclic_gc():
            keys = [search_key(p, names) for p in people]
    return RosterData(people, units, keys, founded, stage, reading, unfinished)


def plain_keys(people: list[RosterEntry], unit_names: dict[str, str]) -> list[str]:
    """Each person's search key without pinyin (search_key inlined: 50,000 calls)."""
    names = unit_names
    with no_cyclic_gc():
        return [f"{p.id}\n{p.name}\n{names.get(p.unit, p.unit)}".casefold() for p in people]


@cache
def sound(ch: str) -> str:
    """The pinyin of one Chinese character (names share a few thousand of them)."""
    from pypinyin import Style, pinyin  # imported on first use: its tables take ~0.4 s

    return str(pinyin(ch, style=Style.NORMAL)[0][0]).lower()


def name_sounds(name: str) -> str:
    """A name's full pinyin and its initials ('张伟' -> 'zhangwei zw'); other
    characters as they are."""
    parts = [sound(ch) if "\u4e00" <= ch <= "\u9fff" else ch for ch in name.casefold()]
    return f"{''.join(parts)} {''.join(p[:1] for p in parts)}"


def status_cell(p: RosterEntry, now: dt.datetime, founded: str = "") -> Text:
    if not p.active:
        return Text("停用", style="bold red")
    if p.locked_until and dt.datetime.fromisoformat(p.locked_until) > now:
        return Text("锁定", style="yellow")
    if not p.has_pin:
        return Text("未设PIN", style="yellow")
    if founded and p.joined > founded:  # joined late: no tasks from rounds already over
        return Text(f"在用 {day(p.joined, year=False)}加入", style="cyan")
    return Text("在用", style="green")


def search_key(p: RosterEntry, unit_names: dict[str, str], *, sounds: bool = True) -> str:
    """What a search matches of the person, lowercase: 工号, 姓名, the unit's
    name and (`sounds`) the name's pinyin and initials."""
    unit = unit_names.get(p.unit, p.unit)
    key = f"{p.id}\n{p.name}\n{unit}"
    if sounds:
        key += f"\n{name_sounds(p.name)}"
    return key.casefold()


def cells(
    p: RosterEntry, unit_names: dict[str, str], now: dt.datetime, *, wide: bool, founded: str = ""
) -> tuple[str | Text, ...]:
    """工号, 姓名, 单位, 职务, 角色, 状态: long unit names and positions cut so
    all six columns fit in 80 columns."""
    unit = unit_names.get(p.unit, p.unit)
    unit_w, pos_w = (30, 24) if wide else (16, 12)
    return (
        p.id,
        cell(p.name),
        clip(unit, unit_w),
        clip(p.position, pos_w),
        p.roles_label(),
        status_cell(p, now, founded),
    )


def row_of(
    found: list[RosterEntry],
    unit_names: dict[str, str],
    now: dt.datetime,
    *,
    wide: bool,
    founded: str,
) -> Callable[[int], tuple[str, tuple[str | Text, ...]]]:
    """Row i of the table (key, cells) for the people `found`: cells are made
    only for the rows the table takes."""

    def row(i: int) -> tuple[str, tuple[str | Text, ...]]:
        p = found[i]
        return p.id, cells(p, unit_names, now, wide=wide, founded=founded)

    return row


def count_text(everyone: int, found: int, loaded: int, complete: bool, sounds: bool) -> str:
    """The line above the roster: how many people, how many match, how many
    of them are in the table so far (the rest come as the cursor goes down)."""
    if not complete:
        text = f"正在读取全部人员...（已读 {everyone} 人，符合条件 {found} 人）"
    else:
        text = f"共 {everyone} 人，符合条件 {found} 人"
    if sounds:
        text += "（正在准备拼音查找...）"
    if loaded < found:
        text += f"（已列出前 {loaded} 人，向下翻页或按 End 列出更多）"
    return text


def matching(
    people: list[RosterEntry], keys: list[str] | None, query: str, unit: str | None
) -> list[RosterEntry]:
    """People in `unit` (None: all) whose 工号, 姓名 (or its pinyin) or 单位
    hold every word of `query` (`keys`: each person's search_key; needed
    only when something is typed)."""
    words = query.casefold().split()
    if not words:
        return people if unit is None else [p for p in people if p.unit == unit]
    if keys is None:
        raise ValueError("a search needs the search keys (plain_keys)")
    first, rest = words[0], words[1:]
    return [
        p
        for p, key in zip(people, keys, strict=True)
        if first in key and (unit is None or p.unit == unit) and all(w in key for w in rest)
    ]


def put_person(
    people: list[RosterEntry], keys: list[str] | None, person: RosterEntry, key: str
) -> None:
    """Replace the person and their search key (if keys are made) where they
    are, or insert them in roster order (by unit, then 工号)."""
    for i, old in enumerate(people):
        if old.id == person.id:
            people[i] = person
            if keys is not None:
                keys[i] = key
            return
    at = bisect_left(people, (person.unit, person.id), key=lambda p: (p.unit, p.id))
    people.insert(at, person)
    if keys is not None:
        keys.insert(at, key)


def toggle_question(p: RosterEntry) -> tuple[str, str, str]:
    """(title, verb, question) before deactivating or reactivating `p`."""
    if p.active:
        return (
            "停用人员",
            "停用",
            f"停用{p.name}（{p.id}）？停用后不能登录，也不再列入待办和统计；"
            "已有记录全部保留，可随时重新启用。",
        )
    return "启用人员", "启用", f"重新启用{p.name}（{p.id}）？启用后可用原PIN登录。"


def pin_question(p: RosterEntry) -> str:
    # No spaces inside: Rich wraps at spaces, which breaks Chinese lines early.
    return (
        f"为{p.name}（{p.id}）重置PIN？原PIN立即失效，账号锁定同时解除；"
        "新的初始PIN只显示一次，本人首次登录时须修改。"
    )


def import_note(done: ImportDone) -> str:
    """What a finished roster import did, for the message line."""
    note = f"已导入：新增 {done.added} 人，修改 {done.changed} 人，不变 {done.unchanged} 人"
    note += f"，跳过 {done.skipped} 行。" if done.skipped else "。"
    if done.pins is not None:
        note += f"初始PIN已写入 {done.pins}（仅本人可读，分发后请删除）。"
    elif done.added:
        note += "新增的人员暂无PIN，请逐一重置。"
    return note
