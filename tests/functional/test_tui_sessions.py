"""Pilot: study sessions: the admin's form, the kiosk sign-in, the office's
records, and a staff member signing in from their own account."""

from __future__ import annotations

import datetime as dt

from conftest import ACTOR, ADMIN_PIN, PIN, person
from helpers.settle import settle
from helpers.started import shown, started
from textual.widgets import DataTable, Input, Label, Select, SelectionList, Static

from xiaoneng.tui.dialogs.pin_confirm import PinConfirmScreen
from xiaoneng.tui.dialogs.session_form import SessionFormScreen
from xiaoneng.tui.dialogs.session_record import SessionRecordScreen
from xiaoneng.tui.factory import build_app
from xiaoneng.tui.screens.session_signin import SessionSigninScreen
from xiaoneng.tui.screens.sessions import SessionsScreen

MODULE = "work-safety-law-2021"


def _text(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def _session(org, clock, attendees=("S1", "S2", "H1")):
    return org.sessions.create(
        ACTOR,
        title="安全生产法集中学习",
        module=MODULE,
        start=clock.now + dt.timedelta(minutes=30),
        place="三楼会议室",
        host="领导甲",
        attendees=list(attendees),
    )


async def _open(app, pilot, org, pid: str, session_id: str) -> SessionSigninScreen:
    app.user = person(org, pid)
    app.go("session", session_id)
    await settle(pilot)
    assert isinstance(app.screen, SessionSigninScreen)
    return app.screen


async def test_admin_creates_a_session_and_a_bad_time_is_refused(org):
    app = build_app(org, signed_in=person(org, "A001"), route=("sessions",))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SessionsScreen)
        assert app.screen.query_one(DataTable).row_count == 0
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, SessionFormScreen)
        assert app.focused.id == "sf-title"
        await pilot.press(*"安全生产法集中学习", "enter")
        form.query_one("#sf-module", Select).value = MODULE
        assert form.query_one("#sf-date", Input).value == "2026-03-16"
        form.query_one("#sf-date", Input).value = "2026-03-20"
        form.query_one("#sf-time", Input).value = "25:00"
        form.query_one("#sf-host", Input).value = "领导甲"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "时间“25:00”无效" in _text(app, "#sf-message")
        assert app.focused.id == "sf-time"
        form.query_one("#sf-time", Input).value = "14:30"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "请选择参加单位或人员" in _text(app, "#sf-message")

        # Ticking a unit ticks its people; one more person is added by hand.
        units = form.query_one("#sf-units", SelectionList)
        units.focus()
        units.highlighted = units.get_option_index(person(org, "S1").unit)
        await pilot.press("space")
        people = form.query_one("#sf-people", SelectionList)
        assert set(people.selected) == {"H1", "S1", "S2"}
        people.focus()
        people.highlighted = people.get_option_index("L1")
        await pilot.press("space")
        assert "已选 4 人" in str(form.query_one("#sf-people-label", Label).render())
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "地点不能为空" in _text(app, "#sf-message")  # the service's own check
        assert isinstance(app.screen, SessionFormScreen)
        form.query_one("#sf-place", Input).value = "三楼会议室"
        await pilot.press("ctrl+s")
        await settle(pilot)

        assert isinstance(app.screen, SessionsScreen)
        [s] = org.sessions.sessions()
        assert s.title == "安全生产法集中学习" and s.module == MODULE
        assert s.start == "2026-03-20T14:30+08:00"
        assert set(s.attendees) == {"H1", "S1", "S2", "L1"}
        assert s.created_by == "A001" and s.recorder == "管理员甲"
        row = app.screen.query_one(DataTable).get_row(s.id)
        assert str(row[4]) == "0/4"


async def test_kiosk_signs_people_in_one_after_another(org, clock):
    s = _session(org, clock)
    app = started(org, "A001", "session", s.id)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await shown(pilot, SessionSigninScreen)
        assert app.focused.id == "kiosk-id"
        assert "未签到 3 人" in _text(app, "#att-summary")

        await pilot.press(*"S3", "enter")  # not on the list
        assert "职工丙不在《安全生产法集中学习》的参加人员名单中" in _text(app, "#kiosk-message")
        # On to the masked PIN box all the same (a PIN typed straight after the
        # 工号 must not show); Enter there goes back to an empty 工号 box.
        assert app.focused.id == "kiosk-pin"
        await pilot.press("enter")
        assert app.focused.id == "kiosk-id" and app.focused.value == ""
        await pilot.press(*"X9", "enter")
        assert "没有这个工号" in _text(app, "#kiosk-message")
        assert "X9" not in _text(app, "#kiosk-message")  # what was typed is never repeated
        await pilot.press("enter")

        await pilot.press(*"S1", "enter")
        assert "教师甲，请输入 PIN" in _text(app, "#kiosk-message")
        assert app.focused.id == "kiosk-pin"
        await pilot.press(*"000001", "enter")
        await settle(pilot)
        assert "教师甲：PIN 不正确，还可尝试 4 次" in _text(app, "#kiosk-message")
        assert app.focused.id == "kiosk-pin"  # the same person tries again
        assert org.sessions.signin_of(s, person(org, "S1")) is None
        await pilot.press(*PIN, "enter")
        await settle(pilot)
        assert "教师甲签到成功" in _text(app, "#kiosk-message")
        assert app.focused.id == "kiosk-id" and app.focused.value == ""
        assert org.sessions.signin_of(s, person(org, "S1")).kind == "self"
        table = screen.query_one("#attendance", DataTable)
        assert str(table.get_row("S1")[3]) == "本人签到"
        assert "已签到 1 人" in _text(app, "#att-summary")

        await pilot.press(*"S1", "enter")  # already signed
        assert "教师甲已有签到记录（本人签到" in _text(app, "#kiosk-message")
        await pilot.press("enter")
        await pilot.press(*"S2", "enter", *PIN, "enter")  # the next one
        await settle(pilot)
        assert "教师乙签到成功" in _text(app, "#kiosk-message")
        assert "已签到 2 人" in _text(app, "#att-summary")
        assert org.verifier.run().ok


async def test_office_records_a_late_sign_in_with_reason(org, clock):
    s = _session(org, clock)
    clock.advance(days=1)
    app = started(org, "A001", "session", s.id)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await shown(pilot, SessionSigninScreen)
        await pilot.press(*"S2", "enter")  # the day is over: the kiosk refuses
        assert "签到时间已过" in _text(app, "#kiosk-message")

        table = screen.query_one("#attendance", DataTable)
        table.focus()
        table.move_cursor(row=table.get_row_index("S2"))
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, SessionRecordScreen)
        await pilot.press("1", "tab")  # 补签, then Tab to 原因 as the hint says
        assert app.focused.id == "sr-reason"
        await pilot.press("enter")
        assert "补签必须写明原因" in _text(app, "#sr-message")
        await pilot.press(*"当天外出培训次日补签", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PinConfirmScreen)
        await pilot.press(*ADMIN_PIN, "enter")
        await settle(pilot)
        assert app.screen is screen

        signin = org.sessions.signin_of(s, person(org, "S2"))
        assert signin.kind == "late" and signin.entered_by == "A001"
        assert signin.reason == "当天外出培训次日补签"
        row = table.get_row("S2")
        assert str(row[3]) == "补签" and row[5] == "A001"
        # A second record for the same person is refused before any PIN.
        table.move_cursor(row=table.get_row_index("S2"))
        await pilot.press("b")
        await pilot.pause()
        assert app.screen is screen
        assert "已有签到记录" in _text(app, "#session-message")
        assert org.verifier.run().ok


async def test_staff_sign_in_from_their_own_account(org, clock):
    s = _session(org, clock)
    app = started(org, "S3", "session", s.id)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await shown(pilot, SessionSigninScreen)  # not on the list
        assert "不在本次活动的参加人员名单中" in _text(app, "#mine")
        assert not screen.query("#attendance")  # staff see only their own state
        await pilot.press("s")
        assert app.screen is screen
        await pilot.press("escape")

        screen = await _open(app, pilot, org, "S1", s.id)
        assert "未签到" in _text(app, "#mine") and "按 s" in _text(app, "#mine")
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, PinConfirmScreen)
        await pilot.press(*PIN, "enter")
        await settle(pilot)
        assert app.screen is screen
        assert "本人签到" in _text(app, "#mine")
        assert org.sessions.signin_of(s, person(org, "S1")).entered_by == "S1"

        # The unit head sees the unit's part of the list.
        screen = await _open(app, pilot, org, "H1", s.id)
        table = screen.query_one("#attendance", DataTable)
        assert {str(table.get_row(k)[1]) for k in ("S1", "S2", "H1")} == {"S1", "S2", "H1"}
        assert str(table.get_row("S1")[3]) == "本人签到"


async def test_the_kiosk_keeps_attendees_out_of_the_admins_session(org, clock):
    s = _session(org, clock)
    app = build_app(org)
    async with app.run_test(size=(80, 24)) as pilot:
        app.show_home()
        screen = await _open(app, pilot, org, "A001", s.id)
        assert app.use_command_palette is False
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PinConfirmScreen)
        await pilot.press(*"000001", "enter")
        await settle(pilot)
        assert isinstance(app.screen, PinConfirmScreen)  # wrong PIN: still locked
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press(*ADMIN_PIN, "enter")
        await settle(pilot)
        assert app.screen is not screen and not isinstance(app.screen, PinConfirmScreen)
        assert app.use_command_palette is True
