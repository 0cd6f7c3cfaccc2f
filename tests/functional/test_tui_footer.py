"""Pilot: a screen's key line is there in its first frame, not a refresh
later (it was blank for a moment after opening the register or a study
module, longer on a busy machine); it is one widget, redrawn only when its
keys change; a click presses a key; keys that do not fit close up."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import person
from helpers.settle import settle
from helpers.started import shown, started
from rich.cells import cell_len
from textual.command import CommandPalette

import xiaoneng.tui
from xiaoneng.tui.factory import build_app
from xiaoneng.tui.screens.home import HomeScreen
from xiaoneng.tui.screens.office import OfficeScreen
from xiaoneng.tui.widgets.footer import Footer

MODULE = "work-safety-law-2021"
SCREENS = [
    ("register", (), "逾期"),
    ("studies", (), "返回"),
    ("study", (MODULE,), "返回"),
    ("sessions", (), "返回"),
    ("checks", (), "返回"),
    ("letters", (), "返回"),
    ("office", (), "返回"),
    ("roster", (), "查找"),  # the search box has the keys: letters type
    ("export", (), "返回"),
]


def _keys(app) -> list[str]:
    return app.screen.query_one(Footer).descriptions()


async def test_the_keys_show_as_each_screen_opens(org):
    """Each screen opened from the home in one app (a new app and home for
    each cost a third of a second of CPU apiece)."""
    app = build_app(org)
    async with app.run_test(size=(120, 40)) as pilot:
        app.user = person(org, "A001")
        app.show_home()
        await settle(pilot)
        home = app.screen
        for route, args, label in SCREENS:
            opened = app.make_screen(route, *args)
            await app.push_screen(opened)  # mounted, nothing painted since
            shown = _keys(app)
            assert "退出" in shown and any(label in k for k in shown), (route, shown)
            await settle(pilot)
            assert app.screen is opened, route
            assert "退出" in _keys(app), route  # and still there once the screen has loaded
            await app.pop_screen()
            await settle(pilot)
            assert app.screen is home, route


def test_every_screen_uses_the_footer_that_shows_keys_at_once():
    tui = Path(xiaoneng.tui.__file__).parent
    textual_footer = re.compile(
        r"from textual\.widgets import (\([^)]*\bFooter\b|[^\n(]*\bFooter\b)"
    )
    stray = [
        str(path.relative_to(tui))
        for path in tui.rglob("*.py")
        if path.name != "footer.py" and textual_footer.search(path.read_text(encoding="utf-8"))
    ]
    assert not stray, f"use xiaoneng.tui.widgets.footer.Footer in {stray}"


async def test_an_open_dropdown_s_keys_are_in_chinese(org):
    app = build_app(org)
    async with app.run_test(size=(80, 24)) as pilot:
        app.user = person(org, "A001")
        app.show_home()
        app.go("register")
        await settle(pilot)
        app.screen.query_one("#filter-unit").focus()
        await pilot.press("enter")
        await settle(pilot, lambda: "SelectOverlay" in type(app.focused).__name__)
        shown = _keys(app)
        assert "收起列表" in shown and not any(re.search("[A-Za-z]", k) for k in shown), shown


async def test_the_key_line_is_redrawn_only_when_its_keys_change(org):
    """Textual rebuilds its line of key widgets on every bindings update; ours
    is one widget, redrawn when the keys shown change."""
    app = build_app(org)
    async with app.run_test(size=(120, 40)) as pilot:
        app.user = person(org, "A001")
        app.show_home()
        app.go("register")
        await settle(pilot)
        footer = app.screen.query_one(Footer)
        assert not footer.children
        drawn = []
        real = footer.refresh
        footer.refresh = lambda *a, **k: (drawn.append(1), real(*a, **k))[1]
        for _ in range(3):
            app.screen.refresh_bindings()  # what a focus move or a key does
            await settle(pilot)
        assert not drawn
        app.screen.query_one("#filter-unit").focus()
        await pilot.press("enter")
        await settle(pilot, lambda: "收起列表" in _keys(app), what="the dropdown's keys")
        assert drawn


async def test_a_click_on_a_key_presses_it(org):
    async with started(org, "A001").run_test(size=(120, 40)) as pilot:
        await shown(pilot, HomeScreen)
        line = pilot.app.screen.query_one(Footer).render().plain
        assert "s 学习" in line and "^p 命令" in line
        await pilot.click(Footer, offset=(cell_len(line[: line.index("办公室")]), 0))
        await shown(pilot, OfficeScreen)
        await pilot.click(Footer, offset=(cell_len(line[: line.index("命令")]), 0))
        await settle(pilot, lambda: isinstance(pilot.app.screen, CommandPalette))


async def test_keys_that_do_not_fit_close_up_and_the_palette_s_stays(org):
    async with started(org, "A001").run_test(size=(120, 40)) as pilot:
        screen = await shown(pilot, HomeScreen)
        wide = screen.query_one(Footer).render().plain
        assert " s 学习  j 集中学习 " in wide
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        narrow = screen.query_one(Footer).render().plain
        assert narrow.startswith("s 学习 j 集中学习 ") and narrow.rstrip().endswith("^p 命令")
        assert "退出" not in narrow.replace("退出登录", "")  # left out whole, never cut
