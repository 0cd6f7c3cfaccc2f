"""Pilot: the rectification ledger (问题整改台账) and one finding from open to
closed: progress by the responsible person, review by the reviewer only."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from conftest import ACTOR, PIN
from helpers.settle import settle
from rich.console import Console
from textual.widgets import DataTable, Static

from xiaoneng.model.records import FindingDraft, ItemResult
from xiaoneng.tui.dialogs.pin_confirm import PinConfirmScreen
from xiaoneng.tui.dialogs.progress_form import ProgressFormScreen
from xiaoneng.tui.dialogs.review_form import ReviewFormScreen
from xiaoneng.tui.factory import build_app
from xiaoneng.tui.screens.finding import FindingScreen
from xiaoneng.tui.screens.register import RegisterScreen

TEMPLATE = "sancha-check"


def text_of(screen, selector: str) -> str:
    """The text of a Static, also when it shows a Rich table."""
    content = screen.query_one(selector, Static).content
    if isinstance(content, str):
        return content
    console = Console(width=200, file=io.StringIO(), record=True)
    console.print(content)
    return console.export_text()


def cells(table, key: str) -> list[str]:
    """The row's whole texts (the table cuts them to the terminal's width)."""
    return [str(c) for c in table.full_row(key)]


def _submit(org, pid: str, activity, problems: dict[int, str]) -> list[str]:
    """A check by `pid` whose items number -> deadline open findings."""
    tpl = org.activities.template(TEMPLATE)
    items = [i.id for _g, i in tpl.items_for("self")]
    results = {i: ItemResult(i, "ok") for i in items}
    findings = {}
    for n, deadline in problems.items():
        results[items[n]] = ItemResult(items[n], "fail")
        findings[items[n]] = FindingDraft(items[n], f"第{n + 1}项问题", deadline=deadline)
    record, _ = org.checks.submit(
        org.roster.require(pid), activity.id, "self", pid, PIN, results, findings
    )
    return list(record.findings)


@pytest.fixture
def activity(org):
    d = dt.date(2026, 4, 30)
    return org.activities.create(
        ACTOR, title="三查", template=TEMPLATE, deadlines={"self": d, "peer": d}
    )


async def test_finding_from_open_to_closed(org, activity):
    (fid,) = _submit(org, "S1", activity, {0: "2026-04-15"})
    app = build_app(org, signed_in=org.roster.require("S1"), route=("finding", fid))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, FindingScreen)
        assert "待整改" in text_of(screen, "#finding-title")
        assert "第1项问题" in text_of(screen, "#finding-fields")
        await pilot.press("c")  # the responsible person has no review action
        assert app.screen is screen
        await pilot.press("p")
        assert isinstance(app.screen, ProgressFormScreen)
        await pilot.press(*"已补登三月记录", "enter")
        await settle(pilot)
        assert org.findings.get(fid).state == "in_progress"
        assert "已补登三月记录" in text_of(screen, "#finding-history")
        await pilot.press("d")
        assert isinstance(app.screen, ProgressFormScreen)
        await pilot.press(*"整改完成", "enter")
        await settle(pilot)
        assert org.findings.get(fid).state == "review"
        # Waiting for review: the responsible person can neither close nor send back.
        assert screen.check_action("review", (True,)) is False
        await pilot.press("c")
        await pilot.press("b")
        await settle(pilot)
        assert app.screen is screen and org.findings.get(fid).state == "review"
        assert "责任人不能自己销号" in text_of(screen, "#finding-actions")
        await pilot.press("escape")

        app.user = org.roster.require("H1")  # the reviewer (the unit head)
        app.go("finding", fid)
        await settle(pilot)
        screen = app.screen
        assert screen.check_action("progress", (False,)) is False
        await pilot.press("b")
        assert isinstance(app.screen, ReviewFormScreen)
        await pilot.press("enter")  # a reason is required to send it back
        assert "原因" in text_of(app.screen, "#review-message")
        await pilot.press(*"四月记录也缺", "enter")
        assert isinstance(app.screen, PinConfirmScreen)
        await pilot.press(*PIN, "enter")
        await settle(pilot)
        assert app.screen is screen
        assert org.findings.get(fid).state == "in_progress"
        assert "退回整改" in text_of(screen, "#finding-history")

        org.findings.add_progress(org.roster.require("S1"), fid, "四月记录已补", done=True)
        await pilot.press("f5")
        await settle(pilot)
        await pilot.press("c", "enter")  # closing needs no note
        assert isinstance(app.screen, PinConfirmScreen)
        await pilot.press(*PIN, "enter")
        await settle(pilot)
        assert "已销号" in text_of(screen, "#finding-title")
    f = org.findings.get(fid)
    assert f.state == "closed" and f.closed_at
    assert org.verifier.run().ok


async def test_a_finding_the_user_may_not_see_is_refused(org, activity):
    (fid,) = _submit(org, "S1", activity, {0: "2026-04-15"})
    # another unit's staff
    app = build_app(org, signed_in=org.roster.require("S3"), route=("finding", fid))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "无权查看" in text_of(app.screen, "#finding-message")
        assert "第1项问题" not in text_of(app.screen, "#finding-fields")


async def test_ledger_filters_change_the_rows(org, activity, clock):
    first, second = _submit(org, "S1", activity, {0: "2026-03-20", 1: "2026-05-20"})
    org.findings.add_progress(org.roster.require("S1"), second, "在改")
    app = build_app(org, signed_in=org.roster.require("A001"), route=("register",))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RegisterScreen)
        table = screen.query_one("#register", DataTable)

        def ids() -> list[str]:
            return [k.value for k in table.rows]

        assert ids() == [first, second]
        row = cells(table, first)
        assert "教师甲" in row and "园长甲" in row and "自查" in row and "第1项问题" in row
        await pilot.press("s")  # 待整改
        await settle(pilot)
        assert ids() == [first]
        await pilot.press("s")  # 整改中
        await settle(pilot)
        assert ids() == [second]
        await pilot.press("x")
        await settle(pilot)
        assert ids() == [first, second]
        await pilot.press("o")  # overdue only: nothing is late yet
        await settle(pilot)
        assert ids() == []
        assert "没有符合条件" in text_of(screen, "#register-empty")
        clock.advance(days=10)
        await pilot.press("f5")
        await settle(pilot)
        assert ids() == [first]
        assert "逾期 1 条" in text_of(screen, "#register-title")
        assert "逾期" in cells(table, first)[8]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, FindingScreen) and app.screen.finding_id == first


async def test_ledger_shows_staff_only_their_own(org, activity):
    _submit(org, "S1", activity, {0: "2026-04-20"})
    _submit(org, "S3", activity, {0: "2026-04-20"})
    app = build_app(org, signed_in=org.roster.require("S3"), route=("register",))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#register", DataTable)
        assert table.row_count == 1
        assert "测试机关" in cells(table, table.coordinate_to_cell_key((0, 0)).row_key.value)
        app.user = org.roster.require("A001")
        app.go("register")
        await settle(pilot)
        assert app.screen.query_one("#register", DataTable).row_count == 2


async def test_ledger_adds_rows_in_batches_and_shows_user_text_as_typed(org, activity, monkeypatch):
    import xiaoneng.tui.screens.register as register

    monkeypatch.setattr(register, "CHUNK", 2)
    tpl = org.activities.template(TEMPLATE)
    items = [i.id for _g, i in tpl.items_for("self")]
    results = {i: ItemResult(i, "fail") for i in items[:3]}
    odd = "[bold]值班表[/未公示"  # would be markup in a str cell
    findings = {
        i: FindingDraft(i, odd if n == 0 else f"问题{n}", deadline="2026-04-01")
        for n, i in enumerate(items[:3])
    }
    org.checks.submit(org.roster.require("S1"), activity.id, "self", "S1", PIN, results, findings)
    app = build_app(org, signed_in=org.roster.require("H1"), route=("register",))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#register", DataTable)
        assert table.row_count == 2 and "显示后面的 1 条" in text_of(app.screen, "#register-more")
        assert cells(table, table.coordinate_to_cell_key((0, 0)).row_key.value)[4] == odd
        assert odd in text_of(app.screen, "#register-detail")
        await pilot.press("down")  # the last row shown: the next batch comes in
        await settle(pilot)
        assert table.row_count == 3
        assert not app.screen.query_one("#register-more").display
        table.move_cursor(row=0)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, FindingScreen)
        assert odd in text_of(app.screen, "#finding-fields")
