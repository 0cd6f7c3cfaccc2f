"""Pilot: screens print dates as documents do (2026年3月16日, no leading
zeros, 09:30 after it when the time matters), never as ISO text."""

from __future__ import annotations

import datetime as dt
import io
import re

from conftest import ACTOR, PIN, person
from helpers.settle import settle
from rich.console import Console
from textual.widgets import DataTable, Static

from xiaoneng.model.records import FindingDraft, ItemResult
from xiaoneng.tui.factory import build_app
from xiaoneng.tui.widgets.fit_table import FitTable

ISO = re.compile(r"\d{4}-\d{2}-\d{2}|\b\d{2}-\d{2}\b|\d{1,2}月0\d|年0\d")
TEMPLATE = "sancha-check"


def screen_text(screen) -> str:
    """Every Static and every table cell of the screen, as plain text."""
    console = Console(width=300, file=io.StringIO(), record=True)
    for static in screen.query(Static):
        console.print(static.content)
    for table in screen.query(DataTable):
        for row in table.ordered_rows:
            key = str(row.key.value)
            cells = table.full_row(key) if isinstance(table, FitTable) else table.get_row(key)
            console.print(" | ".join(str(c) for c in cells))
    return console.export_text()


def assert_chinese_dates(text: str, *expected: str) -> None:
    for want in expected:
        assert want in text, (want, text)
    assert not ISO.findall(text), ISO.findall(text)


def _session(org, clock):
    return org.sessions.create(
        ACTOR,
        title="安全生产法集中学习",
        module="work-safety-law-2021",
        start=clock.now + dt.timedelta(minutes=30),
        place="三楼会议室",
        host="领导甲",
        attendees=["S1", "S2", "H1"],
    )


def _activity_with_a_finding(org):
    due = dt.date(2026, 4, 30)
    activity = org.activities.create(
        ACTOR, title="三查", template=TEMPLATE, deadlines={"self": due, "peer": due}
    )
    items = [i.id for _g, i in org.activities.template(TEMPLATE).items_for("self")]
    results = {i: ItemResult(i, "ok") for i in items}
    results[items[0]] = ItemResult(items[0], "fail")
    findings = {items[0]: FindingDraft(items[0], "台账缺页", deadline="2026-04-05")}
    record, _ = org.checks.submit(
        org.roster.require("S1"), activity.id, "self", "S1", PIN, results, findings
    )
    return activity, next(iter(record.findings))


async def test_sessions_and_sign_ins_show_chinese_dates(org, clock):
    s = _session(org, clock)
    org.sessions.attend(person(org, "S1"), s.id, PIN)
    app = build_app(org, signed_in=person(org, "A001"), route=("sessions",))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert_chinese_dates(screen_text(app.screen), "2026年3月16日 10:00")
        app.go("session", s.id)
        await settle(pilot)
        # the sign-in list drops the year (the session's date heads the screen)
        assert_chinese_dates(screen_text(app.screen), "2026年3月16日 10:00", "3月16日 09:30")


async def test_home_checks_and_register_show_chinese_dates(org, clock):
    _session(org, clock)
    _activity, fid = _activity_with_a_finding(org)
    app = build_app(org, signed_in=person(org, "S2"), route=("home",))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        # a check due 2026-04-30 and a session at 10:00 today, in the to-do list
        assert_chinese_dates(screen_text(app.screen), "2026年4月30日", "2026年3月16日 10:00")

        app.user = person(org, "A001")
        app.go("checks")
        await settle(pilot)
        assert_chinese_dates(screen_text(app.screen), "自查4月30日")

        app.go("register")
        await settle(pilot)
        assert_chinese_dates(screen_text(app.screen), "2026年3月16日", "2026年4月5日")

        app.go("finding", fid)
        await settle(pilot)
        assert_chinese_dates(screen_text(app.screen), "2026年3月16日 09:30", "2026年4月5日")


async def test_the_ledger_check_says_when_in_chinese(org):
    app = build_app(org, signed_in=person(org, "A001"), route=("audit",))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, lambda: "校验时间" in screen_text(app.screen), what="checked")
        assert_chinese_dates(screen_text(app.screen), "校验时间：2026年3月16日 09:30")
