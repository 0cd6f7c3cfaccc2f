"""Pilot: the checks screens: my tasks, the check form (results by number
key, the six fixes, drafts, PIN-signed submission), refusals, and the office
starting an activity and editing peer pairs."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import ACTOR, PIN
from helpers.settle import settle
from textual.widgets import DataTable, Input, Select, SelectionList, Static

from xiaoneng.tui.dialogs.activity_form import ActivityFormScreen
from xiaoneng.tui.dialogs.check_summary import CheckSummaryScreen
from xiaoneng.tui.dialogs.finding_form import FindingFormScreen
from xiaoneng.tui.dialogs.peer_pairs import PeerPairsScreen
from xiaoneng.tui.dialogs.pin_confirm import PinConfirmScreen
from xiaoneng.tui.factory import build_app
from xiaoneng.tui.screens.check_form import CheckFormScreen
from xiaoneng.tui.screens.checks import ChecksScreen
from xiaoneng.tui.screens.finding import FindingScreen

TEMPLATE = "sancha-check"
DUE = dt.date(2026, 4, 30)


@pytest.fixture
def activity(org):
    return org.activities.create(
        ACTOR,
        title="2026年度“三查”活动",
        template=TEMPLATE,
        deadlines={"self": DUE, "peer": DUE, "lead": DUE},
    )


def text_of(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def kg(core) -> str:
    return core.org.find("测试幼儿园").id


async def sign_with_pin(app, pilot, pin: str) -> None:
    assert isinstance(app.screen, PinConfirmScreen)
    await pilot.press(*pin, "enter")
    await settle(pilot)


async def test_self_check_with_a_finding_signed_with_the_pin(org, activity):
    app = build_app(org, signed_in=org.roster.require("S1"), route=("checks",))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ChecksScreen)
        row = next(i for i, t in enumerate(screen._tasks) if t.mode == "self")
        screen.query_one("#tasks", DataTable).move_cursor(row=row)
        await pilot.press("enter")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, CheckFormScreen)
        who = text_of(form, "#form-who")
        assert "检查人 教师甲（S1）" in who and "被检查人 教师甲（S1）" in who and "自查" in who
        first = form.items.item_id
        await pilot.press("3")  # 不符合: the six fixes open
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, FindingFormScreen)
        # The defaults: the person checked fixes it, the unit head reviews it.
        assert dialog.query_one("#f-responsible", Select).value == "S1"
        assert dialog.query_one("#f-reviewer", Select).value == "H1"
        await pilot.press(*"来电登记本缺三月记录", "tab", *"补登并每日核对", "tab", *"0元")
        dialog.query_one("#f-category", Select).value = "重大"
        deadline = dialog.query_one("#f-deadline", Input)
        deadline.value = "2026-05-15"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "问题：来电登记本缺三月记录" in str(form.items.get_option(first).prompt)
        assert text_of(form, "#form-progress").startswith("已检查 1/")
        await pilot.press("ctrl+s")
        await settle(pilot)
        summary = app.screen
        assert isinstance(summary, CheckSummaryScreen)
        assert "未检查" in text_of(summary, "#summary-warning")  # they count as not compliant
        await pilot.press("enter")
        await settle(pilot)
        await sign_with_pin(app, pilot, PIN)
        assert app.screen is form and form.read_only
        task = org.tasks.get(org.roster.require("S1"), activity.id, "self", "S1")
        record = org.checks.record_of(task)
        assert record is not None and len(record.findings) == 1
        f = org.findings.get(record.findings[0])
        assert (f.problem, f.measure, f.money, f.category) == (
            "来电登记本缺三月记录",
            "补登并每日核对",
            "0元",
            "重大",
        )
        assert (f.responsible, f.reviewer, f.deadline, f.state) == (
            "S1",
            "H1",
            "2026-05-15",
            "open",
        )
        assert org.verifier.run().ok
        # Submitted: read-only, number keys change nothing; Enter opens the finding.
        form.items.select_item(first)
        await pilot.press("1")
        assert form.items.code(first) == "fail"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, FindingScreen) and app.screen.finding_id == f.id


async def test_draft_is_restored_after_leaving_the_form(org, activity):
    app = build_app(
        org, signed_in=org.roster.require("S1"), route=("check", activity.id, "self", "S1")
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        form = app.screen
        first = form.items.item_id
        await pilot.press("1")  # 符合, and on to the next item
        second = form.items.item_id
        assert second != first
        await pilot.press("3")
        await settle(pilot)
        await pilot.press(*"门口无引导牌")
        app.screen.query_one("#f-deadline", Input).value = "2026-04-20"
        await pilot.press("ctrl+s")
        await settle(pilot)
        form.items.select_item(second)
        await pilot.press("n", *"第2项已核实3次", "enter")  # digits go into the note
        await settle(pilot)
        assert form.results[second].result == "fail"
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, CheckFormScreen)

        app.go("check", activity.id, "self", "S1")
        await settle(pilot)
        again = app.screen
        assert again is not form and isinstance(again, CheckFormScreen)
        assert again.results[first].result == "ok"
        assert again.results[second].result == "fail"
        assert again.results[second].note == "第2项已核实3次"
        restored = again.findings[second]
        assert (restored.problem, restored.deadline) == ("门口无引导牌", "2026-04-20")
        assert "已恢复" in text_of(again, "#form-message")
        assert "门口无引导牌" in str(again.items.get_option(second).prompt)


async def test_peer_check_of_oneself_is_refused(org, activity):
    app = build_app(
        org, signed_in=org.roster.require("S1"), route=("check", activity.id, "peer", "S1")
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        form = app.screen
        assert isinstance(form, CheckFormScreen)
        assert "不能互查自己" in text_of(form, "#form-refused")
        assert not form.query("#items")
        await pilot.press("1", "ctrl+s")
        await settle(pilot)
        assert app.screen is form
    s1 = org.roster.require("S1")
    assert not any(t.done for t in org.tasks.for_person(s1))
    assert org.findings.rows(ACTOR) == []


async def test_lead_inspection_by_the_leader_and_refused_to_the_head(org, activity):
    unit = kg(org)
    app = build_app(
        org, signed_in=org.roster.require("H1"), route=("check", activity.id, "lead", unit)
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "不是领导" in text_of(app.screen, "#form-refused")
        await pilot.press("escape")

        app.user = org.roster.require("L1")
        app.go("checks")
        await settle(pilot)
        screen = app.screen
        row = next(i for i, t in enumerate(screen._tasks) if t.mode == "lead" and t.target == unit)
        screen.query_one("#tasks", DataTable).move_cursor(row=row)
        await pilot.press("enter")
        await settle(pilot)
        form = app.screen
        assert "被检查单位 测试幼儿园" in text_of(form, "#form-who")
        n = len(form.data.template.items_for("lead"))
        await pilot.press(*["1"] * n)  # 符合 for every item, moving down each time
        await settle(pilot)
        assert text_of(form, "#form-progress").startswith(f"已检查 {n}/{n}")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not app.screen.query("#summary-warning")  # nothing left unchecked
        await pilot.press("enter")
        await settle(pilot)
        await sign_with_pin(app, pilot, PIN)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        lead = next(t for t in screen._tasks if t.mode == "lead" and t.target == unit)
        assert lead.done
    record = org.checks.record_of(
        org.tasks.get(org.roster.require("L1"), activity.id, "lead", unit)
    )
    assert record.checker == "L1" and record.score == 1.0 and record.findings == ()


async def test_office_starts_an_activity_and_a_bad_date_is_refused(org):
    app = build_app(org, signed_in=org.roster.require("A001"), route=("checks",))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ActivityFormScreen)
        assert form.query_one("#act-template", Select).value == TEMPLATE
        form.query_one("#act-title", Input).value = "2026年度“三查”活动"
        form.query_one("#due-self", Input).value = "2026-02-30"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "自查截止日期" in text_of(form, "#activity-message")
        assert "不是有效的日期" in text_of(form, "#activity-message")
        form.query_one("#due-self", Input).value = "2026-03-01"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "已经过去" in text_of(form, "#activity-message")
        assert org.activities.of_year() == []

        form.query_one("#due-self", Input).value = "2026/4/10"
        form.query_one("#due-peer", Input).value = ""  # no peer checks this time
        form.query_one("#act-scope", Select).value = "unit"
        units = form.query_one("#act-units", SelectionList)
        units.deselect(org.org.find("测试机关").id)
        await settle(pilot)
        # The leaders' round follows the units chosen until edited by hand.
        assert form.query_one("#lead-0", SelectionList).selected == [kg(org)]
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ChecksScreen)
        (a,) = org.activities.of_year()
        assert a.title == "2026年度“三查”活动" and a.modes == ("self", "lead")
        assert a.deadlines["self"] == "2026-04-10" and a.self_scope == "unit"
        assert a.units == (kg(org),) and a.leads == {"L1": [kg(org)]}
        assert app.screen.query_one("#activities", DataTable).row_count == 1
    # The unit's self check is its head's.
    (task,) = [t for t in org.tasks.for_person(org.roster.require("H1")) if t.mode == "self"]
    assert task.target == kg(org)


async def test_office_edits_a_peer_pair(org, activity):
    app = build_app(org, signed_in=org.roster.require("A001"), route=("checks",))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.screen.query_one("#activities", DataTable).focus()
        await pilot.press("p")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, PeerPairsScreen)
        row = next(i for i, p in enumerate(dialog._pairs) if p["checker"] == "S1")
        old = dialog._pairs[row]["target"]
        dialog.query_one("#pairs", DataTable).move_cursor(row=row)
        await pilot.press("enter")
        await settle(pilot)
        select = dialog.query_one("#pair-target", Select)
        offered = [v for _l, v in select._options if isinstance(v, str)]
        assert "S1" not in offered and set(offered) == {"H1", "S2"}  # never oneself
        new = next(v for v in offered if v != old)
        select.value = new
        await settle(pilot)
        assert "已调整" in text_of(dialog, "#pairs-message")
        assert dialog._pairs[row]["target"] == new
    assert org.pairing.target_of(activity, org.roster.require("S1")) == new
