"""Pilot: keys typed faster than focus moves (a fast typist, a paste, a badge
scanner) go to the field they were meant for, and a PIN never shows in clear."""

from __future__ import annotations

import datetime as dt

from conftest import ACTOR, ADMIN_PIN, PIN, person
from helpers.keys import burst
from helpers.settle import settle
from textual.widgets import Input, Static

from xiaoneng.services.roster import new_person
from xiaoneng.tui.dialogs.pin_confirm import PinConfirmScreen
from xiaoneng.tui.factory import build_app
from xiaoneng.tui.screens.home import HomeScreen
from xiaoneng.tui.screens.login import LoginScreen
from xiaoneng.tui.screens.pin_change import PinChangeScreen
from xiaoneng.tui.screens.session_signin import SessionSigninScreen

MODULE = "work-safety-law-2021"


def _shown(app) -> str:
    """Every text on the screen now (inputs show what they display, not their value)."""
    parts = [str(w.render()) for w in app.screen.query(Static)]
    parts += [str(box.render_line(1).text) for box in app.screen.query(Input)]
    return "\n".join(parts)


def _session(org, clock):
    return org.sessions.create(
        ACTOR,
        title="安全生产法集中学习",
        module=MODULE,
        start=clock.now + dt.timedelta(minutes=30),
        place="三楼会议室",
        host="领导甲",
        attendees=["S1", "S2", "H1"],
    )


async def test_login_typed_in_one_burst_signs_in(org):
    app = build_app(org)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        burst(pilot, f"S1\t{PIN}\r")
        await settle(pilot, lambda: app.user is not None, what="the sign-in")
        assert app.user.id == "S1"
        assert isinstance(app.screen, PinChangeScreen)  # the org's people have initial PINs


async def test_a_wrong_pin_in_a_burst_stays_in_the_pin_box_and_is_never_shown(org):
    app = build_app(org)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        burst(pilot, "S1\t975318\r")
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)
        assert app.screen.query_one("#login-id", Input).value == "S1"
        assert "不正确" in str(app.screen.query_one("#login-message", Static).render())
        assert "975318" not in _shown(app)
        assert app.focused.id == "login-pin"
        burst(pilot, f"{PIN}\r")  # the right one, typed at once
        await settle(pilot, lambda: isinstance(app.screen, PinChangeScreen), what="signing in")


async def test_keys_typed_while_the_screen_opens_are_kept(org):
    """A PIN typed before the PIN dialog has even mounted lands in its box."""
    app = build_app(org)
    async with app.run_test(size=(80, 24)) as pilot:
        app.user = person(org, "S1")
        app.show_home()
        await settle(pilot)
        signed: list[object] = []
        app.push_screen(
            PinConfirmScreen("确认", "测试", lambda pin: org.auth.confirm(app.user, pin)),
            signed.append,
        )
        burst(pilot, f"{PIN}\r")
        await settle(pilot, lambda: signed, what="the dialog to close")
        assert signed[0] is not None and isinstance(app.screen, HomeScreen)


async def test_pin_change_typed_in_one_burst(org):
    _, initial = org.roster.add(ACTOR, new_person("B1", "新同事", "测试机关"))
    app = build_app(org)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        burst(pilot, f"B1\t{initial}\r")
        await settle(pilot)
        burst(pilot, f"{initial}\r482915\r482915\r")
        await settle(pilot, lambda: isinstance(app.screen, HomeScreen), what="the home screen")
        assert org.auth.login("B1", "482915").id == "B1"


async def test_the_kiosk_takes_people_one_burst_each(org, clock):
    s = _session(org, clock)
    app = build_app(org, signed_in=person(org, "A001"), route=("session", s.id))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SessionSigninScreen)
        burst(pilot, f"S1\r{PIN}\r")
        await settle(pilot)
        assert org.sessions.signin_of(s, person(org, "S1")) is not None
        assert "教师甲签到成功" in _shown(app)
        # A wrong 工号 typed with its PIN: the PIN goes to the PIN box, not on screen.
        burst(pilot, f"X9\r{PIN}\r")
        await settle(pilot)
        assert PIN not in _shown(app)
        assert app.screen.query_one("#kiosk-id", Input).value == ""
        # Two people straight after each other.
        burst(pilot, f"S2\r{PIN}\rH1\r{PIN}\r")
        await settle(pilot, lambda: org.sessions.signin_of(s, person(org, "H1")) is not None)
        assert org.sessions.signin_of(s, person(org, "S2")) is not None
        assert PIN not in _shown(app)


async def test_every_way_out_of_the_kiosk_asks_for_the_admins_pin(org, clock):
    s = _session(org, clock)
    app = build_app(org)
    async with app.run_test(size=(80, 24)) as pilot:
        app.user = person(org, "A001")
        app.show_home()
        app.go("session", s.id)
        await settle(pilot)
        kiosk = app.screen
        for key in ("ctrl+q", "ctrl+o", "escape"):
            await pilot.press(key)
            await settle(pilot)
            assert app.is_running and isinstance(app.screen, PinConfirmScreen), key
            await pilot.press("ctrl+q")  # not a way round the PIN either
            await settle(pilot)
            assert app.is_running and isinstance(app.screen, PinConfirmScreen), key
            await pilot.press("escape")
            await settle(pilot)
            assert app.screen is kiosk
        await pilot.press("ctrl+q")
        await settle(pilot)
        burst(pilot, f"{ADMIN_PIN}\r")
        await settle(pilot, lambda: not app.is_running, what="the app to close")


async def test_focus_arriving_mid_pin_keeps_what_was_typed(org, clock):
    """A burst the terminal delivers in two reads: the PIN box gets focus (and
    Textual would select its text) after part of the PIN is already typed; the
    rest must follow it, not replace it (CI: `S2 Enter 246813 Enter` -> PIN 不正确)."""
    s = _session(org, clock)
    app = build_app(org, signed_in=person(org, "A001"), route=("session", s.id))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        burst(pilot, f"S2\r{PIN[:3]}")
        await settle(pilot, lambda: app.focused is not None and app.focused.id == "kiosk-pin")
        burst(pilot, f"{PIN[3:]}\r")
        await settle(pilot, lambda: org.sessions.signin_of(s, person(org, "S2")) is not None)
        # Login: the same with Tab.
        app.user = None
        app.show_login()
        await settle(pilot)
        burst(pilot, f"S1\t{PIN[:3]}")
        await settle(pilot, lambda: app.focused is not None and app.focused.id == "login-pin")
        burst(pilot, f"{PIN[3:]}\r")
        await settle(pilot, lambda: app.user is not None, what="the sign-in")


async def test_the_kiosk_keeps_its_keys_while_a_sign_out_takes_it_down(org, clock):
    """A sign-out clears the user before it pops the kiosk; the footer asks the
    kiosk which keys work in between (it used to raise "nobody is signed in")."""
    s = _session(org, clock)
    app = build_app(org, signed_in=person(org, "A001"), route=("session", s.id))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, lambda: isinstance(app.screen, SessionSigninScreen))
        kiosk = app.screen
        app.user = None
        assert kiosk.check_action("attend", ()) is False
        assert kiosk.kiosk is True
        app.show_login()
        await settle(pilot, lambda: isinstance(app.screen, LoginScreen))
