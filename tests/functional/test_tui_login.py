"""Pilot: signing in, wrong PINs, lockout, forced PIN change, signing out."""

from __future__ import annotations

import pytest
from conftest import ACTOR, ADMIN_PIN
from helpers.settle import settle
from textual.widgets import Static

from xiaoneng.services.roster import new_person
from xiaoneng.tui.factory import build_app
from xiaoneng.tui.screens.home import HomeScreen
from xiaoneng.tui.screens.login import LoginScreen
from xiaoneng.tui.screens.pin_change import PinChangeScreen


async def _type(pilot, text: str) -> None:
    await pilot.press(*text)


def _message(app) -> str:
    return str(app.screen.query_one("#login-message", Static).render())


async def test_login_wrong_pin_then_right_pin_reaches_home(core):
    app = build_app(core)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, LoginScreen)
        assert app.focused.id == "login-id"
        await _type(pilot, "A001")
        await pilot.press("tab")
        assert app.focused.id == "login-pin"
        await _type(pilot, "000001")
        await pilot.press("enter")
        await settle(pilot)
        assert "还可尝试 4 次" in _message(app)
        await _type(pilot, ADMIN_PIN)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        who = str(app.screen.query_one("#whoami", Static).render())
        assert "管理员甲" in who and "测试机关" in who and "管理员" in who
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, LoginScreen) and app.user is None


async def test_lockout_says_until_when(core):
    app = build_app(core)
    async with app.run_test(size=(80, 24)) as pilot:
        await _type(pilot, "A001")
        await pilot.press("tab")
        for _ in range(5):
            await _type(pilot, "000001")
            await pilot.press("enter")
            await settle(pilot)
        assert "锁定至" in _message(app)
        await _type(pilot, ADMIN_PIN)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen) and "锁定" in _message(app)


async def test_first_login_forces_a_pin_change(core):
    _, pin = core.roster.add(ACTOR, new_person("B1", "新同事", "测试机关"))
    app = build_app(core)
    async with app.run_test(size=(80, 24)) as pilot:
        await _type(pilot, "B1")
        await pilot.press("tab")
        await _type(pilot, pin)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PinChangeScreen)
        await _type(pilot, pin)
        await pilot.press("enter")
        await _type(pilot, "482915")
        await pilot.press("enter")
        await _type(pilot, "482915")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
    assert core.auth.login("B1", "482915").pin_initial is False


async def test_empty_folder_offers_setup(tmp_path):
    from textual.widgets import Button, Input

    from xiaoneng.tui.screens.setup import SetupScreen

    app = build_app(None, data_dir=tmp_path / "new")
    async with app.run_test(size=(80, 30)) as pilot:
        assert isinstance(app.screen, SetupScreen)
        app.screen.query_one("#setup-unit", Input).value = "新机关"
        app.screen.query_one("#setup-id", Input).value = "A1"
        app.screen.query_one("#setup-name", Input).value = "新管理员"
        app.screen.query_one("#setup-pin", Input).value = "482915"
        app.screen.query_one("#setup-create", Button).press()
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)
        assert app.core.agency()["name"] == "新机关"


async def test_an_app_built_signed_in_opens_at_its_route_or_home(org):
    """What helpers.started relies on: the state right after signing in."""
    from xiaoneng.tui.screens.office import OfficeScreen

    admin = org.roster.require("A001")
    app = build_app(org, signed_in=admin, route=("office",))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.user == admin
        assert isinstance(app.screen, OfficeScreen)
        assert not any(isinstance(s, LoginScreen) for s in app.screen_stack)
    app = build_app(org, signed_in=org.roster.require("S1"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app.user.id == "S1"
    app = build_app(org)  # the CLI's app: always the sign-in screen first
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, LoginScreen) and app.user is None


def test_signed_in_needs_an_agency(tmp_path):
    with pytest.raises(ValueError, match="signed_in needs a core"):
        build_app(None, data_dir=tmp_path, signed_in=object())  # type: ignore[arg-type]


async def test_ctrl_j_signs_in_as_enter_does(core):
    """A burst typed before the terminal was in raw mode brings its Enter as
    LF, which Textual reads as Ctrl+J (tests/e2e/test_terminal.py)."""
    app = build_app(core)
    async with app.run_test(size=(80, 24)) as pilot:
        await _type(pilot, "A001")
        await pilot.press("ctrl+j")  # in the 工号 box with no PIN yet: on to the PIN
        await _type(pilot, ADMIN_PIN)
        await pilot.press("ctrl+j")
        await settle(pilot, until=lambda: isinstance(app.screen, HomeScreen), what="home")
        assert app.user is not None and app.user.id == "A001"
