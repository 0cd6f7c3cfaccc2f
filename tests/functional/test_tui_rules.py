"""Pilot: rules the screens used to let slip (issue 13): the office that marks
a finding done for someone cannot also close it, and the screen says why."""

from __future__ import annotations

import datetime as dt

from conftest import ACTOR, ADMIN_PIN, PIN, person
from helpers.settle import settle
from textual.widgets import Select, Static

from xiaoneng.model.records import FindingDraft, ItemResult
from xiaoneng.tui.dialogs.finding_form import FindingFormScreen
from xiaoneng.tui.factory import build_app
from xiaoneng.tui.screens.finding import FindingScreen


def _finding(org) -> str:
    d = dt.date(2026, 4, 30)
    a = org.activities.create(
        ACTOR, title="三查", template="sancha-check", deadlines={"self": d, "peer": d, "lead": d}
    )
    tpl = org.activities.template("sancha-check")
    results = {i.id: ItemResult(i.id, "ok") for _g, i in tpl.items_for("self")}
    item = next(iter(results))
    results[item] = ItemResult(item, "fail")
    draft = FindingDraft(item=item, problem="台账缺页", deadline="2026-05-01")
    record, _ = org.checks.submit(
        person(org, "S1"), a.id, "self", "S1", PIN, results, {item: draft}
    )
    return record.findings[0]


async def test_who_marked_it_done_sees_why_they_cannot_close_it(org):
    fid = _finding(org)
    admin = person(org, "A001")
    org.findings.add_progress(person(org, "S1"), fid, "已补登", done=True)
    org.findings.review(admin, fid, ADMIN_PIN, passed=False, note="四月也缺")
    org.findings.add_progress(admin, fid, "已代为补登", done=True)
    app = build_app(org, signed_in=admin, route=("finding", fid))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, FindingScreen)
        hint = str(screen.query_one("#finding-actions", Static).render())
        assert "你登记了该问题的整改完成，不能再复查或销号" in hint
        await pilot.press("c")  # no review dialog
        await settle(pilot)
        assert app.screen is screen
        assert org.findings.get(fid).state == "review"


async def test_the_reviewer_picker_of_a_leader_inspection_lists_the_leader_once(org):
    d = dt.date(2026, 4, 30)
    a = org.activities.create(
        ACTOR, title="三查", template="sancha-check", deadlines={"self": d, "peer": d, "lead": d}
    )
    unit = person(org, "S1").unit
    app = build_app(org, signed_in=person(org, "L1"), route=("check", a.id, "lead", unit))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("3")  # 不符合: the six fixes open
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FindingFormScreen)
        ids = [value for _label, value in form.reviewers]
        assert len(ids) == len(set(ids)) and ids.count("L1") == 1
        shown = [str(label) for label, _v in form.query_one("#f-reviewer", Select)._options]
        assert sum("领导甲" in label for label in shown) == 1


async def test_activity_defaults_follow_the_checklist_and_the_title_is_new(org):
    from textual.widgets import Input

    from xiaoneng.tui.dialogs.activity_form import ActivityFormScreen

    d = dt.date(2026, 4, 30)
    org.activities.create(
        ACTOR, title="2026年度“三查”活动", template="sancha-check", deadlines={"self": d}
    )
    app = build_app(org, signed_in=person(org, "A001"), route=("checks",))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ActivityFormScreen)

        def value(selector: str) -> str:
            return str(form.query_one(selector).value)

        assert value("#act-template") == "sancha-check"
        assert value("#act-title") == "2026年度“三查”活动（第2次）"  # not the existing one
        assert value("#act-scope") == "person" and value("#due-peer")
        form.query_one("#act-template", Select).value = "safety-hazard-check"
        await settle(pilot)
        assert value("#act-scope") == "unit"  # the unit head checks the premises
        assert value("#due-peer") == ""  # no person-to-person peer check with it
        assert value("#due-self") and value("#due-lead")
        assert value("#act-title") == "2026年度下属单位安全隐患排查"
        form.query_one("#act-title", Input).value = "消防专项检查"  # the office's own title
        form.query_one("#act-template", Select).value = "sancha-check"
        await settle(pilot)
        assert value("#act-title") == "消防专项检查" and value("#act-scope") == "person"
