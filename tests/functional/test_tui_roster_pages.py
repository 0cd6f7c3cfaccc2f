"""Pilot: the roster opens at once with its first page and fills in (from the
roster list), and its search answers as you type (every key of a fast burst
kept, pinyin too)."""

from __future__ import annotations

import threading
import time

from conftest import ACTOR
from helpers.keys import burst
from helpers.settle import settle
from helpers.started import shown, started
from textual.widgets import DataTable, Input, Static

from xiaoneng.services.roster import NewPerson
from xiaoneng.store.repos import roster_list
from xiaoneng.tui.dialogs.person_form import PersonFormScreen
from xiaoneng.tui.factory import build_app
from xiaoneng.tui.screens.roster import PAGE, RosterScreen
from xiaoneng.tui.screens.roster_rows import EVERYONE, SOUNDS
from xiaoneng.tui.widgets.paged_table import PagedDataTable


def _rows(screen) -> list[str]:
    table = screen.query_one("#roster-table", DataTable)
    return [table.get_row_at(i)[0] for i in range(table.row_count)]


def _in_table(screen) -> int:
    """How many rows the table shows (0 while the screen is still being built)."""
    found = screen.query("#roster-table")
    return found.first(DataTable).row_count if found else 0


def _count(screen) -> str:
    return str(screen.query_one("#roster-count", Static).render())


def _add(core, n: int) -> list[str]:
    """Add `n` people; everyone's id afterwards, in roster order."""
    core.roster.add_many(
        ACTOR,
        [NewPerson(f"P{i:04d}", f"人员{i}", f"单位{i % 12:02d}", "干部") for i in range(n)],
    )
    return [p.id for p in core.roster.people(include_inactive=True)]


async def _until(pilot, cond, what: str, timeout: float = 30.0) -> None:
    """Poll while a worker is still busy (settle would wait for it)."""
    deadline = time.monotonic() + timeout
    while not cond():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await pilot.pause(0.02)


async def test_the_first_page_shows_before_everyone_is_read(core, monkeypatch):
    _add(core, 400)
    everyone = core.roster.people(include_inactive=True)
    release = threading.Event()
    read_all = core.roster.listing

    def slow_people(**kwargs):
        assert release.wait(60), "the test never let the roster be read"
        return read_all(**kwargs)

    app = build_app(core)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        monkeypatch.setattr(core.roster, "listing", slow_people)
        app.user = core.roster.require("A001")
        app.go("roster")
        screen = app.screen
        assert isinstance(screen, RosterScreen)
        await _until(pilot, lambda: _in_table(screen), "the first page")
        # Everyone is still being read: the first page, in roster order, is
        # there (as much of it as the screen shows).
        first = len(_rows(screen))
        assert first <= PAGE and _rows(screen) == [p.id for p in everyone[:first]]
        assert not screen.complete
        assert "正在读取全部人员" in _count(screen)
        release.set()
        await settle(pilot, until=lambda: screen.complete, what="everyone read")
        shown = len(_rows(screen))  # a screenful: the rest as the cursor goes down
        assert shown < 401 and _rows(screen) == [p.id for p in everyone[:shown]]
        assert "共 401 人，符合条件 401 人" in _count(screen)
        assert f"已列出前 {shown} 人" in _count(screen)


async def test_a_person_saved_while_the_roster_is_read_stays_saved(core, monkeypatch):
    _add(core, 100)
    release = threading.Event()
    read_all = core.roster.listing

    def slow_people(**kwargs):
        people = read_all(**kwargs)  # read before the edit below...
        assert release.wait(60)
        return people  # ...and handed over after it

    app = build_app(core)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        monkeypatch.setattr(core.roster, "listing", slow_people)
        app.user = core.roster.require("A001")
        app.go("roster")
        screen = app.screen
        await _until(pilot, lambda: _in_table(screen), "the first page")
        first = _rows(screen)[0]
        edited = core.roster.edit(ACTOR, first, name="改名后")
        screen._changed(edited, "已保存。")
        release.set()
        await settle(pilot, until=lambda: screen.complete, what="everyone read")
        assert next(p for p in screen._list if p.id == first).name == "改名后"
        table = screen.query_one("#roster-table", DataTable)
        assert str(table.get_row(first)[1]) == "改名后"


async def test_a_search_typed_in_one_burst_keeps_every_key_and_narrows(core):
    _add(core, 2000)
    app = build_app(core)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.user = core.roster.require("A001")
        app.go("roster")
        await settle(pilot)
        screen = app.screen
        assert "共 2001 人" in _count(screen) and len(_rows(screen)) < 2001
        burst(pilot, "/人员123")
        box = screen.query_one("#roster-search", Input)
        await settle(pilot, until=lambda: screen._timer is None and box.value == "人员123")
        assert box.value == "人员123"
        assert sorted(_rows(screen)) == ["P0123", *[f"P123{d}" for d in range(10)]]
        assert "符合条件 11 人" in _count(screen)
        burst(pilot, "4")
        await settle(pilot, until=lambda: screen._timer is None and box.value == "人员1234")
        assert _rows(screen) == ["P1234"]


async def test_a_search_typed_while_the_roster_opens_is_kept(core):
    _add(core, 300)
    app = build_app(core)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.user = core.roster.require("A001")
        app.go("roster")
        burst(pilot, "/人员12")  # before the screen has even mounted
        screen = app.screen
        await settle(pilot, until=lambda: screen.complete and screen._timer is None)
        assert screen.query_one("#roster-search", Input).value == "人员12"
        assert sorted(_rows(screen)) == ["P0012", *[f"P012{d}" for d in range(10)]]


async def test_names_are_found_by_their_pinyin_and_initials(org):
    app = build_app(org)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.user = org.roster.require("A001")
        app.go("roster")
        screen = app.screen
        await settle(pilot, until=lambda: screen.complete, what="everyone read")
        assert screen.stage == EVERYONE  # no pinyin loaded for opening the roster
        box = screen.query_one("#roster-search", Input)
        box.value = "s1"
        screen.refilter()  # letters: 工号 match at once, the pinyin keys are built
        assert _rows(screen) == ["S1"]
        assert "正在准备拼音查找" in _count(screen)
        await settle(pilot, until=lambda: screen.stage == SOUNDS, what="the pinyin keys")
        assert "正在准备拼音查找" not in _count(screen)
        for typed, found in (("jiaoshi", ["S1", "S2"]), ("jsy", ["S2"]), ("ZGB", ["S3"])):
            box.value = typed
            screen.refilter()
            assert sorted(_rows(screen)) == found, typed


async def test_r_then_a_search_in_one_burst_from_the_office_reaches_the_roster(core):
    _add(core, 300)
    app = build_app(core)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.user = core.roster.require("A001")
        app.go("office")
        await settle(pilot)
        burst(pilot, "r/人员12")  # the office's key for the roster, then a search
        await settle(pilot, until=lambda: isinstance(app.screen, RosterScreen))
        screen = app.screen
        await settle(pilot, until=lambda: screen.complete and screen._timer is None)
        assert screen.query_one("#roster-search", Input).value == "人员12"
        assert sorted(_rows(screen)) == ["P0012", *[f"P012{d}" for d in range(10)]]


async def test_the_roster_fills_from_the_roster_list_not_the_people_files(org, monkeypatch):
    # A name changed in the list file alone is what the screen shows: it reads the list.
    part = roster_list.part_of(org.org.find("测试幼儿园").id)
    path = org.root / part
    path.write_text(path.read_text("utf-8").replace("教师乙", "教师乙（名册）"), "utf-8")

    def no_buckets(*_args, **_kwargs):
        raise AssertionError("the roster screen read every people file")

    app = build_app(org)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.user = org.roster.require("A001")
        monkeypatch.setattr(type(org.repos.people), "everyone", no_buckets)
        monkeypatch.setattr(type(org.repos.people), "first", no_buckets)
        app.go("roster")
        screen = app.screen
        await settle(pilot, until=lambda: screen.complete, what="everyone read")
        table = screen.query_one("#roster-table", DataTable)
        names = {str(table.get_row(pid)[1]) for pid in _rows(screen)}
        assert "教师乙（名册）" in names and len(names) == 6
        assert "共 6 人" in _count(screen)


async def test_every_person_is_reachable_by_keyboard_a_screenful_at_a_time(core):
    everyone = _add(core, 500)
    app = started(core, "A001", "roster")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await shown(pilot, RosterScreen)
        table = screen.query_one("#roster-table", PagedDataTable)
        first = len(_rows(screen))
        # A screenful (and the row after it), in roster order; the line counts everyone.
        assert first == table.size.height  # the header, the rows shown, one more
        assert _rows(screen) == everyone[:first]
        assert f"共 501 人，符合条件 501 人（已列出前 {first} 人" in _count(screen)
        table.focus()
        await pilot.press("pagedown")  # a page down, and the page after it is in
        await settle(pilot)
        assert table.cursor_row == first - 1  # the row after the first screen's
        assert len(_rows(screen)) > table.cursor_row + first - 1
        await pilot.press("end")  # the real last person
        await settle(pilot)
        assert _rows(screen) == everyone and table.cursor_row == 500
        assert "已列出" not in _count(screen)
        await pilot.press("enter")  # and they open as anyone else
        await settle(pilot)
        assert isinstance(app.screen, PersonFormScreen)
        assert app.screen.query_one("#pf-id", Input).value == everyone[-1]


async def test_down_puts_in_the_next_rows_before_the_cursor_gets_there(core):
    everyone = _add(core, 120)
    app = started(core, "A001", "roster")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await shown(pilot, RosterScreen)
        table = screen.query_one("#roster-table", PagedDataTable)
        table.focus()
        for _ in range(60):
            await pilot.press("down")
        await settle(pilot)
        assert table.cursor_row == 60
        assert _rows(screen)[: table.row_count] == everyone[: table.row_count]
        assert table.row_count < 121 and "已列出前" in _count(screen)


async def test_a_search_finds_a_person_not_on_the_first_screen(core):
    _add(core, 500)
    app = started(core, "A001", "roster")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await shown(pilot, RosterScreen)
        assert "P0450" not in _rows(screen)
        box = screen.query_one("#roster-search", Input)
        box.value = "人员450"
        await settle(pilot, until=lambda: screen._timer is None)
        assert _rows(screen) == ["P0450"]
        assert "共 501 人，符合条件 1 人" in _count(screen) and "已列出" not in _count(screen)
        box.value = "单位07"  # 42 people, more than a screen: a screenful, then the rest
        await settle(pilot, until=lambda: screen._timer is None)
        unit = [p.id for p in core.roster.people() if p.unit == core.org.find("单位07").id]
        assert "符合条件 42 人" in _count(screen) and len(unit) == 42
        assert _rows(screen) == unit[: len(_rows(screen))] and len(_rows(screen)) < 42
        table = screen.query_one("#roster-table", PagedDataTable)
        table.focus()
        await pilot.press("end")
        await settle(pilot)
        assert _rows(screen) == unit and table.cursor_row == 41


async def test_end_on_a_very_long_list_goes_a_big_step_at_a_time(core, monkeypatch):
    from xiaoneng.tui.widgets import paged_table

    monkeypatch.setattr(paged_table, "FILL_MAX", 100)  # 2,000 at once in the product
    everyone = _add(core, 250)
    app = started(core, "A001", "roster")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await shown(pilot, RosterScreen)
        table = screen.query_one("#roster-table", PagedDataTable)
        first = table.row_count
        table.focus()
        await pilot.press("end")  # a hundred rows more, the cursor on the last of them
        await settle(pilot)
        assert table.cursor_row == first + 99
        assert first + 100 < table.row_count < 251  # and a page after it
        assert f"已列出前 {table.row_count} 人" in _count(screen)
        await pilot.press("end", "end")  # again, until the real last person
        await settle(pilot)
        assert _rows(screen) == everyone and table.cursor_row == 250
        assert "已列出" not in _count(screen)
