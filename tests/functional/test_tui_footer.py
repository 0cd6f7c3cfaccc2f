"""Pilot: a screen's key line is there in its first frame, not a refresh
later (it was blank for a moment after opening the register or a study
module, longer on a busy machine)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import person
from helpers.settle import settle
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

import xiaoneng.tui
from xiaoneng.tui.factory import build_app

MODULE = "work-safety-law-2021"
SCREENS = [
    ("register", (), "逾期"),
    ("studies", (), "返回"),
    ("study", (MODULE,), "返回"),
    ("sessions", (), "返回"),
    ("checks", (), "返回"),
    ("letters", (), "返回"),
    ("office", (), "返回"),
    ("roster", (), "新增"),
    ("export", (), "返回"),
]


def _keys(app) -> list[str]:
    return [key.description for key in app.screen.query_one(Footer).query(FooterKey)]


@pytest.mark.parametrize(("route", "args", "label"), SCREENS, ids=[s[0] for s in SCREENS])
async def test_the_keys_show_as_the_screen_opens(org, route, args, label):
    app = build_app(org)
    async with app.run_test(size=(120, 40)) as pilot:
        app.user = person(org, "A001")
        app.show_home()
        await settle(pilot)
        await app.push_screen(app.make_screen(route, *args))  # mounted, nothing painted since
        shown = _keys(app)
        assert "退出" in shown and any(label in k for k in shown), shown
        await settle(pilot)
        assert "退出" in _keys(app)  # and still there once the screen has loaded


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


async def test_the_key_line_is_rebuilt_only_when_its_keys_change(org):
    """Textual rebuilds the line on every bindings update; ours keeps its
    widgets when the keys shown are the same and rebuilds when they change."""
    app = build_app(org)
    async with app.run_test(size=(120, 40)) as pilot:
        app.user = person(org, "A001")
        app.show_home()
        app.go("register")
        await settle(pilot)
        before = list(app.screen.query_one(Footer).query(FooterKey))
        for _ in range(3):
            app.screen.refresh_bindings()  # what a focus move or a key does
            await settle(pilot)
        assert list(app.screen.query_one(Footer).query(FooterKey)) == before
        app.screen.query_one("#filter-unit").focus()
        await pilot.press("enter")
        await settle(pilot, lambda: "收起列表" in _keys(app), what="the dropdown's keys")
        assert list(app.screen.query_one(Footer).query(FooterKey)) != before
