"""Pilot: the office hub, the roster, the checklist catalogue and the ledger check."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest
from conftest import ACTOR, ADMIN_PIN, PIN
from helpers.settle import settle
from helpers.started import shown, started
from textual.widgets import Checkbox, DataTable, Input, Select, Static

from xiaoneng.errors import XiaonengError
from xiaoneng.paths import bundled_checklists_dir
from xiaoneng.services.core import open_core
from xiaoneng.services.roster import NewPerson
from xiaoneng.store.repos.people import person_part
from xiaoneng.tui.dialogs.checklist_detail import ChecklistDetailScreen
from xiaoneng.tui.dialogs.confirm import ConfirmScreen
from xiaoneng.tui.dialogs.person_form import NEW_UNIT, PersonFormScreen
from xiaoneng.tui.dialogs.pin_reveal import PinRevealScreen
from xiaoneng.tui.factory import build_app
from xiaoneng.tui.screens import audit
from xiaoneng.tui.screens.audit import AuditScreen, warn_if_tampered
from xiaoneng.tui.screens.catalogue import CatalogueScreen
from xiaoneng.tui.screens.office import OfficeScreen
from xiaoneng.tui.screens.roster import RosterScreen

FIXTURES = Path(__file__).parents[1] / "fixtures" / "checklists"


async def _open(app, pilot, who: str, route: str) -> None:
    app.user = app.core.roster.require(who)
    app.go(route)
    await settle(pilot)


def _text(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def _rows(screen) -> list[str]:
    """The 工号 of each row the roster table shows, in order."""
    table = screen.query_one("#roster-table", DataTable)
    return [table.get_row_at(i)[0] for i in range(table.row_count)]


async def _search(app, pilot, text: str) -> None:
    """Type into the search box the way a person does, then let the debounce fire."""
    await pilot.press("slash")
    box = app.screen.query_one("#roster-search", Input)
    box.value = ""
    await pilot.press(*text)
    screen = app.screen
    await settle(pilot, until=lambda: screen._timer is None, what="the search debounce to fire")
    await pilot.press("enter")  # back to the table
    await settle(pilot)


def _tamper_role(core, pid: str) -> None:
    """Give someone admin by editing the data file (as test_ledger does)."""
    path = core.root / person_part(pid)
    data = json.loads(path.read_text("utf-8"))
    data["people"][pid]["roles"] = ["staff", "admin"]
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


# -- the office hub --------------------------------------------------------------


async def test_office_shows_counts_and_opens_its_screens(org):
    entries, head = org.verifier.recorded_head()
    app = started(org, "A001", "office")
    async with app.run_test(size=(80, 24)) as pilot:
        await shown(pilot)
        assert isinstance(app.screen, OfficeScreen)
        counts = _text(app.screen, "#office-counts")
        assert "人员 6 人" in counts and "单位 2 个" in counts
        assert f"台账 {entries} 条" in counts and head in counts
        bundled = len(list(bundled_checklists_dir().glob("*.toml")))
        assert f"清单 {bundled} 份" in counts and "清单问题 0 个" in counts
        for key, screen in (("r", RosterScreen), ("k", CatalogueScreen), ("v", AuditScreen)):
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, screen)
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, OfficeScreen)
        # The menu works with Enter too (first entry: the roster).
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, RosterScreen)


async def test_office_links_the_other_office_screens(org):
    """Activities and export are other screens: the hub opens them by route."""
    app = started(org, "A001", "office")
    async with app.run_test(size=(80, 24)) as pilot:
        await shown(pilot)
        opened: list[str] = []
        app.go = lambda route, *args: opened.append(route)
        await pilot.press("j", "c", "e")
        await pilot.pause()
        assert opened == ["sessions", "checks", "export"]


async def test_staff_are_refused_the_office_screens(org):
    app = build_app(org)
    async with app.run_test(size=(80, 24)) as pilot:
        depth = len(app.screen_stack)
        for route in ("office", "roster", "catalogue", "audit"):
            await _open(app, pilot, "S1", route)
            assert "无权" in _text(app.screen, "#refusal"), route
            assert not app.screen.query("DataTable")
            await pilot.press("r", "a")  # the screens' keys do nothing
            await pilot.pause()
            assert len(app.screen_stack) == depth + 1
            await pilot.press("escape")
            await pilot.pause()
            assert len(app.screen_stack) == depth
        # A leader may check the ledger, but not run the office.
        await _open(app, pilot, "L1", "audit")
        assert "台账完整" in _text(app.screen, "#audit-result")
        await pilot.press("escape")
        await _open(app, pilot, "L1", "office")
        assert "无权" in _text(app.screen, "#refusal")


# -- the roster ----------------------------------------------------------------------


async def test_add_shows_the_initial_pin_once_and_it_signs_in(org):
    app = started(org, "A001", "roster")
    async with app.run_test(size=(80, 24)) as pilot:
        await shown(pilot)
        assert len(_rows(app.screen)) == 6
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, PersonFormScreen) and app.focused.id == "pf-id"
        await pilot.press(*"N1", "tab", *"新同事")
        form.query_one("#pf-unit", Select).value = org.org.find("测试幼儿园").id
        form.query_one("#pf-position", Input).value = "保育员"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PinRevealScreen)
        pin = _text(app.screen, "#reveal-pin")
        assert pin.isdigit()
        assert any("只显示这一次" in str(s.render()) for s in app.screen.query(Static))
        person = org.auth.login("N1", pin)
        assert person.name == "新同事" and person.pin_initial
        assert org.org.name_of(person.unit) == "测试幼儿园" and person.position == "保育员"
        await pilot.press("enter")
        await pilot.pause()
        roster = app.screen
        assert isinstance(roster, RosterScreen)
        assert "N1" in _rows(roster)
        assert "已新增 新同事" in _text(roster, "#roster-message")
        # Never shown again: nowhere on the roster screen, and not kept in clear.
        assert not any(pin in str(s.render()) for s in roster.query(Static))
        assert org.roster.get("N1").pin_hash != pin


async def test_form_errors_stay_in_the_form(org):
    app = started(org, "A001", "roster")
    async with app.run_test(size=(80, 24)) as pilot:
        await shown(pilot)
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        form.query_one("#pf-id", Input).value = "S1"
        form.query_one("#pf-name", Input).value = "重名者"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "请选择单位" in _text(form, "#pf-message")
        form.query_one("#pf-unit", Select).value = org.org.find("测试机关").id
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "已存在" in _text(form, "#pf-message")
        form.query_one("#pf-id", Input).value = "工号一"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form and "无效" in _text(form, "#pf-message")
        for role in ("staff",):
            form.query_one(f"#pf-role-{role}", Checkbox).value = False
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "至少选择一个角色" in _text(form, "#pf-message")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, RosterScreen)
    assert org.roster.get("S1").name == "教师甲"


async def test_a_new_unit_needs_explicit_confirmation(org):
    app = started(org, "A001", "roster")
    async with app.run_test(size=(80, 24)) as pilot:
        await shown(pilot)
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        form.query_one("#pf-id", Input).value = "T1"
        form.query_one("#pf-name", Input).value = "托育员"
        form.query_one("#pf-unit", Select).value = NEW_UNIT
        await pilot.pause()
        new_box = form.query_one("#pf-new-unit", Input)
        assert new_box.display
        new_box.value = "测试托育园"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "确认新建此单位" in _text(form, "#pf-message")
        assert org.org.find("测试托育园") is None
        form.query_one("#pf-new-confirm", Checkbox).value = True
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PinRevealScreen)
        await pilot.press("escape")
        await pilot.pause()
        unit = org.org.find("测试托育园")
        assert unit is not None and org.roster.get("T1").unit == unit.id
        # The new unit is offered in the filter at once.
        app.screen.query_one("#roster-unit", Select).value = unit.id
        await pilot.pause()
        assert _rows(app.screen) == ["T1"]


async def test_edit_changes_unit_and_roles(org):
    app = started(org, "A001", "roster")
    async with app.run_test(size=(80, 24)) as pilot:
        await shown(pilot)
        await _search(app, pilot, "S1")
        assert _rows(app.screen) == ["S1"]
        await pilot.press("enter")  # Enter on a row edits it, like e
        await pilot.pause()
        form = app.screen
        assert isinstance(form, PersonFormScreen)
        assert form.query_one("#pf-id", Input).disabled  # the 工号 is fixed
        form.query_one("#pf-unit", Select).value = org.org.find("测试机关").id
        form.query_one("#pf-role-leader", Checkbox).value = True
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, RosterScreen)
        table = app.screen.query_one("#roster-table", DataTable)
        assert table.get_row("S1")[2] == "测试机关" and "领导" in table.get_row("S1")[4]
    s1 = org.roster.get("S1")
    assert org.org.name_of(s1.unit) == "测试机关" and s1.roles == ("staff", "leader")


async def test_search_and_unit_filter_narrow_the_rows(org):
    app = started(org, "A001", "roster")
    async with app.run_test(size=(80, 24)) as pilot:
        await shown(pilot)
        await _search(app, pilot, "教师")
        assert sorted(_rows(app.screen)) == ["S1", "S2"]
        assert "符合条件 2 人" in _text(app.screen, "#roster-count")
        await _search(app, pilot, "幼儿园")
        assert sorted(_rows(app.screen)) == ["H1", "S1", "S2"]
        await _search(app, pilot, "幼儿园 乙")  # every word must match
        assert _rows(app.screen) == ["S2"]
        await _search(app, pilot, "")
        app.screen.query_one("#roster-unit", Select).value = org.org.find("测试机关").id
        await pilot.pause()
        assert sorted(_rows(app.screen)) == ["A001", "L1", "S3"]


async def test_search_stays_quick_with_5000_people(core):
    people = [
        NewPerson(f"P{i:05d}", f"人员{i}", f"单位{i % 150}", "干部", ("staff",))
        for i in range(5000)
    ]
    core.roster.add_many(ACTOR, people)
    app = started(core, "A001", "roster")
    async with app.run_test(size=(120, 40)) as pilot:
        await shown(pilot)
        screen = app.screen
        first = len(_rows(screen))  # a screenful; the rest as the cursor goes down
        assert first < 100
        assert "共 5001 人" in _text(screen, "#roster-count")
        assert f"已列出前 {first} 人" in _text(screen, "#roster-count")
        box = screen.query_one("#roster-search", Input)
        # CPU time of this thread (the filter runs in it), so other processes
        # busy on the machine cannot make the test fail.
        began = time.thread_time()
        box.value = "人员123"
        screen.refilter()
        took = time.thread_time() - began
        assert sorted(_rows(screen)) == ["P00123"] + [f"P0123{d}" for d in range(10)]
        assert took < 0.25, took
        began = time.thread_time()
        box.value = ""
        screen.refilter()
        assert time.thread_time() - began < 1.0
        assert len(_rows(screen)) == first


async def test_deactivating_the_last_admin_is_refused(core):
    app = started(core, "A001", "roster")
    async with app.run_test(size=(80, 24)) as pilot:
        await shown(pilot)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, RosterScreen)
        assert "不能移除最后一位管理员" in _text(app.screen, "#roster-message")
    assert core.roster.get("A001").active


async def test_deactivate_then_activate(org):
    app = started(org, "A001", "roster")
    async with app.run_test(size=(80, 24)) as pilot:
        await shown(pilot)
        await _search(app, pilot, "S2")
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("n")  # cancelled: nothing changes
        await settle(pilot)
        assert org.roster.get("S2").active
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        table = app.screen.query_one("#roster-table", DataTable)
        assert str(table.get_row("S2")[5]) == "停用"
        assert not org.roster.get("S2").active
        with pytest.raises(XiaonengError, match="工号或 PIN 不正确"):  # says nothing more
            org.auth.login("S2", PIN)
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert str(table.get_row("S2")[5]) == "在用"
    assert org.auth.login("S2", PIN).id == "S2"


async def test_reset_pin_shows_a_new_initial_pin(org):
    app = started(org, "A001", "roster")
    async with app.run_test(size=(80, 24)) as pilot:
        await shown(pilot)
        await _search(app, pilot, "S3")
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, PinRevealScreen)
        pin = _text(app.screen, "#reveal-pin")
        await pilot.press("enter")
        await pilot.pause()
        assert "已为 职工丙（S3）重置 PIN" in _text(app.screen, "#roster-message")
    with pytest.raises(XiaonengError):
        org.auth.login("S3", PIN)
    assert org.auth.login("S3", pin).pin_initial


# -- checklists ----------------------------------------------------------------------


def _core_with_broken_checklist(core, tmp_path: Path):
    folder = tmp_path / "office-checklists"
    folder.mkdir()
    shutil.copy(FIXTURES / "check.toml", folder / "check.toml")
    text = (FIXTURES / "study.toml").read_text("utf-8")
    broken = text.replace("pass_mark = 2", 'pass_mark = "二"', 1)
    assert broken != text
    (folder / "broken.toml").write_text(broken, encoding="utf-8")
    line = next(n for n, s in enumerate(broken.splitlines(), 1) if "pass_mark" in s)
    c = open_core(core.root, clock=core.clock, checklist_dirs=[bundled_checklists_dir(), folder])
    return c, line


async def test_catalogue_lists_checklists_and_shows_a_broken_file(core, tmp_path):
    c, line = _core_with_broken_checklist(core, tmp_path)
    app = started(c, "A001", "catalogue")
    async with app.run_test(size=(80, 24)) as pilot:
        await shown(pilot)
        screen = app.screen
        table = screen.query_one("#cat-table", DataTable)
        ids = [table.get_row_at(i)[5] for i in range(table.row_count)]
        bundled = {"fj-efficiency-2024", "work-safety-law-2021", "sancha-check"}
        assert bundled <= set(ids) and "test-check" in ids
        assert table.row_count == len(c.catalogue.items) + 1  # + the file that did not load
        assert "1 个问题" in _text(screen, "#cat-title")
        problems = _text(screen, "#cat-problem-list")
        assert f"broken.toml:{line}: quiz.pass_mark:" in problems
        # Enter on a checklist shows its details.
        table.move_cursor(row=ids.index("fj-efficiency-2024"))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ChecklistDetailScreen)
        body = _text(app.screen, "#detail-body")
        bank = c.catalogue.get("fj-efficiency-2024")
        assert "fj-efficiency-2024" in body and f"{len(bank.questions)} 题" in body and "节" in body
        assert f"每次抽 {bank.draw} 题" in body
        await pilot.press("escape")
        await pilot.pause()
        # ... and on the broken file, its problems.
        table.move_cursor(row=table.row_count - 1)
        await pilot.press("enter")
        await pilot.pause()
        assert "quiz.pass_mark" in _text(app.screen, "#detail-body")
        await pilot.press("escape")
        await pilot.press("escape")
        await pilot.pause()
        app.go("office")
        await settle(pilot)
        assert "清单问题 1 个" in _text(app.screen, "#office-counts")


# -- the ledger check ------------------------------------------------------------------


async def test_audit_says_ok_then_shows_tampering(org):
    entries, head = org.verifier.recorded_head()
    app = started(org, "A001", "audit")
    async with app.run_test(size=(80, 24)) as pilot:
        await shown(pilot)
        result = _text(app.screen, "#audit-result")
        assert "台账完整" in result and f"{entries} 条" in result and head in result
        _tamper_role(org, "S1")
        await pilot.press("r")
        await settle(pilot)
        await pilot.pause()
        assert "未通过" in _text(app.screen, "#audit-result")
        problems = _text(app.screen, "#audit-problem-list")
        assert "S1" in problems and "roles" in problems


@pytest.mark.verify_process
async def test_warn_if_tampered_notifies_the_office(org):
    app = build_app(org)
    async with app.run_test(size=(80, 24)) as pilot:
        said: list[tuple[str, str]] = []
        real_notify = app.notify

        def notify(message, *, title="", severity="information", **kw):
            said.append((severity, f"{title} {message}"))
            real_notify(message, title=title, severity=severity, **kw)

        app.notify = notify
        app.user = org.roster.require("S1")
        assert warn_if_tampered(app) is None  # only the office is warned
        app.user = org.roster.require("A001")
        assert warn_if_tampered(app) is not None
        await settle(pilot)
        assert said == []  # a clean ledger: silence
        assert warn_if_tampered(app) is None  # and no second full check for the same head
        _tamper_role(org, "S2")
        assert warn_if_tampered(app, force=True) is not None
        await settle(pilot)
        assert len(said) == 1
        severity, text = said[0]
        assert severity == "error" and "台账校验未通过" in text and "S2" in text


@pytest.mark.verify_process
def test_the_background_check_runs_at_a_low_priority(tmp_path, monkeypatch):
    """The login's ledger check yields the CPU to the screens being opened."""
    fake = tmp_path / "python"
    fake.write_text('#!/bin/sh\nsleep 0.3\necho "{\\"nice\\": $(nice)}"\n', "utf-8")
    fake.chmod(0o700)
    monkeypatch.setattr(audit.sys, "executable", str(fake))
    ours = os.getpriority(os.PRIO_PROCESS, 0)
    seen = json.loads(audit._verify_quietly(tmp_path))["nice"]
    assert seen == min(19, ours + audit.BACKGROUND_NICE)


async def test_login_then_office_by_keyboard(org):
    """From the login screen to the roster with keys only."""
    app = build_app(org)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"A001", "tab", *ADMIN_PIN, "enter")
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, OfficeScreen)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, RosterScreen) and len(_rows(app.screen)) == 6
