"""Pilot: keys and focus as people use them: Esc in the roster search
clears it first, a person just added is shown whatever the filter, the new
study session form (first Space, lists filled at once, buttons in sight), the
补签 dialog's Tab to 原因."""

from __future__ import annotations

import datetime as dt

from conftest import ACTOR, person
from helpers.keys import burst
from helpers.settle import settle
from textual.widgets import Button, DataTable, Input, Select, SelectionList

from xiaoneng.services.roster import new_person
from xiaoneng.tui.dialogs.person_form import PersonFormScreen
from xiaoneng.tui.dialogs.pin_confirm import PinConfirmScreen
from xiaoneng.tui.dialogs.pin_reveal import PinRevealScreen
from xiaoneng.tui.dialogs.session_form import SessionFormScreen
from xiaoneng.tui.dialogs.session_record import SessionRecordScreen
from xiaoneng.tui.factory import build_app
from xiaoneng.tui.screens.roster import RosterScreen
from xiaoneng.tui.screens.session_signin import SessionSigninScreen


def _ids(screen) -> list[str]:
    table = screen.query_one("#roster-table", DataTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


async def _roster(app, pilot, org) -> RosterScreen:
    app.user = person(org, "A001")
    app.go("roster")
    await settle(pilot)
    assert isinstance(app.screen, RosterScreen)
    return app.screen


async def test_esc_in_the_roster_search_clears_it_first(org):
    app = build_app(org)
    async with app.run_test(size=(80, 24)) as pilot:
        roster = await _roster(app, pilot, org)
        await pilot.press("slash", *"教师")
        await settle(pilot, lambda: roster._timer is None)
        assert set(_ids(roster)) == {"S1", "S2"}
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is roster
        assert roster.query_one("#roster-search", Input).value == ""
        assert len(_ids(roster)) == 6
        await pilot.press("escape")  # nothing typed: now it leaves
        await settle(pilot)
        assert app.screen is not roster


async def test_a_person_added_while_a_search_hides_them_is_shown(org):
    app = build_app(org)
    async with app.run_test(size=(80, 24)) as pilot:
        roster = await _roster(app, pilot, org)
        await pilot.press("slash", *"教师", "enter")
        await settle(pilot, lambda: roster._timer is None)
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, PersonFormScreen)
        await pilot.press(*"N1", "tab", *"新同事")
        form.query_one("#pf-unit", Select).value = org.org.find("测试机关").id
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PinRevealScreen)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is roster
        assert "N1" in _ids(roster)
        table = roster.query_one("#roster-table", DataTable)
        assert _ids(roster)[table.cursor_row] == "N1"


async def test_the_new_session_form_works_at_80x24(org):
    app = build_app(org, signed_in=person(org, "A001"), route=("sessions",))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, SessionFormScreen)
        units = form.query_one("#sf-units", SelectionList)
        assert units.option_count > 0  # filled when it opens, not a second later
        for button in form.query(Button):  # in sight without scrolling
            assert form.screen.find_widget(button).region.bottom <= 24, button.id
            assert button.region.height > 0
        units.focus()
        await pilot.pause()
        await pilot.press("space")  # the first Space ticks the first unit
        await settle(pilot)
        assert len(units.selected) == 1
        assert len(form.query_one("#sf-people", SelectionList).selected) > 0


async def test_the_record_dialog_tabs_to_the_reason_after_choosing(org, clock):
    s = org.sessions.create(
        ACTOR,
        title="安全生产法集中学习",
        module="work-safety-law-2021",
        start=clock.now + dt.timedelta(minutes=30),
        place="三楼会议室",
        host="领导甲",
        attendees=["S1", "S2"],
    )
    app = build_app(org, signed_in=person(org, "A001"), route=("session", s.id))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SessionSigninScreen)
        table = app.screen.query_one("#attendance", DataTable)
        table.focus()
        await pilot.press("b")
        await settle(pilot)
        assert isinstance(app.screen, SessionRecordScreen)
        await pilot.press("down", "enter")  # choose 代签 with the arrows
        await pilot.press("tab")
        assert app.focused.id == "sr-reason"
        await pilot.press("shift+tab", "3")  # or with its number, as the hint says
        await pilot.press("tab")
        assert app.focused.id == "sr-reason"
        await pilot.press("shift+tab")
        burst(pilot, "4\t外出\r")  # at full speed: choose, Tab, the reason, Enter
        await settle(pilot, lambda: not isinstance(app.screen, SessionRecordScreen))
        assert isinstance(app.screen, PinConfirmScreen)
        assert "缺席" in app.screen.title_text and "外出" in str(app.screen.detail)


async def test_the_office_sees_who_joined_late(org, clock):
    clock.advance(days=30)
    org.roster.add(ACTOR, new_person("N2", "后来者", "测试机关"), pin="482915")
    app = build_app(org)
    async with app.run_test(size=(120, 40)) as pilot:
        roster = await _roster(app, pilot, org)
        table = roster.query_one("#roster-table", DataTable)
        assert str(table.get_row("N2")[5]) == "在用 4月15日加入"
        assert str(table.get_row("S1")[5]) == "在用"
