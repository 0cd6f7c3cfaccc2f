"""Pilot: the roster opens at once with its first page and fills in (from the
roster list), and its search answers as you type (every key of a fast burst
kept, pinyin too)."""

from __future__ import annotations

import threading
import time

from conftest import ACTOR
from helpers.keys import burst
from helpers.settle import settle
from textual.widgets import DataTable, Input, Static

from xiaoneng.services.roster import NewPerson
from xiaoneng.store.repos import roster_list
from xiaoneng.tui.factory import build_app
from xiaoneng.tui.screens.roster import MAX_SHOWN, PAGE, RosterScreen
from xiaoneng.tui.screens.roster_rows import EVERYONE, SOUNDS


def _rows(screen) -> list[str]:
    table = screen.query_one("#roster-table", DataTable)
    return [table.get_row_at(i)[0] for i in range(table.row_count)]


def _shown(screen) -> int:
    """How many rows the table shows (0 while the screen is still being built)."""
    found = screen.query("#roster-table")
    return found.first(DataTable).row_count if found else 0


def _count(screen) -> str:
    return str(screen.query_one("#roster-count", Static).render())


def _add(core, n: int) -> None:
    core.roster.add_many(
        ACTOR,
        [NewPerson(f"P{i:04d}", f"人员{i}", f"单位{i % 12:02d}", "干部") for i in range(n)],
    )


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
        await _until(pilot, lambda: _shown(screen), "the first page")
        # Everyone is still being read: the first page, in roster order, is there.
        assert _rows(screen) == [p.id for p in everyone[:PAGE]]
        assert not screen.complete
        assert "正在读取全部人员" in _count(screen)
        release.set()
        await settle(pilot, until=lambda: screen.complete, what="everyone read")
        assert _rows(screen) == [p.id for p in everyone[:MAX_SHOWN]]
        assert "共 401 人" in _count(screen)


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
        await _until(pilot, lambda: _shown(screen), "the first page")
        first = _rows(screen)[0]
        edited = core.roster.edit(ACTOR, first, name="改名后")
        screen._changed(edited, "已保存。")
        release.set()
        await settle(pilot, until=lambda: screen.complete, what="everyone read")
        assert screen._people[first].name == "改名后"
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
        assert len(_rows(screen)) == MAX_SHOWN
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
