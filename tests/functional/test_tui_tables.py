"""Pilot: every column readable. Widths follow the terminal (again on
resize), the columns that matter never drop off, what is cut shows in full
for the highlighted row; Home/End go to the first/last row; a leader's unit
row opens that unit's register; a unit head sees their unit person by person;
a long to-do list shows a screenful and the rest as the cursor gets there."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import ACTOR, PIN, person
from helpers.settle import settle
from helpers.started import shown, started
from textual.widgets import Select, Static

from xiaoneng.model.records import FindingDraft, ItemResult
from xiaoneng.tui.factory import build_app
from xiaoneng.tui.format import due_text
from xiaoneng.tui.screens.home import HomeScreen, TodoTable
from xiaoneng.tui.screens.register import RegisterScreen
from xiaoneng.tui.widgets.cell_text import plain
from xiaoneng.tui.widgets.fit_table import Col, fit_widths
from xiaoneng.tui.widgets.paged_table import PagedTable

LONG = "一次性告知单未及时更新，窗口公示的办事指南仍是旧版本，群众按旧指南准备材料后被退回"


@pytest.fixture
def findings(org):
    return _findings(org, 12)


@pytest.fixture
def many_findings(org):
    """More findings for S1 than a screen at 80x24 shows."""
    return _findings(org, 40)


def _findings(org, count: int) -> list[str]:
    d = dt.date(2026, 4, 30)
    a = org.activities.create(
        ACTOR, title="三查", template="sancha-check", deadlines={"self": d, "peer": d, "lead": d}
    )
    tpl = org.activities.template("sancha-check")
    items = [i.id for _g, i in tpl.items_for("self")]
    results = {i: ItemResult(i, "ok") for i in items}
    drafts = {}
    for n in range(min(count, len(items))):
        results[items[n]] = ItemResult(items[n], "fail")
        drafts[items[n]] = FindingDraft(items[n], f"{n + 1}：{LONG}", deadline="2026-04-01")
    record, _ = org.checks.submit(person(org, "S1"), a.id, "self", "S1", PIN, results, drafts)
    return list(record.findings)


def header(table) -> list[str]:
    return [str(c.label) for c in table.ordered_columns]


async def test_the_register_fits_80_and_120_columns_and_refits_on_resize(org, findings):
    app = build_app(org, signed_in=person(org, "A001"), route=("register",))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#register")
        shown = header(table)
        for must in ("编号", "问题描述", "责任人", "整改期限", "状态"):
            assert must in shown, shown
        widths = sum(c.get_render_width(table) for c in table.ordered_columns)
        assert widths <= 80
        # The highlighted problem is shown whole below the table.
        assert LONG in str(app.screen.query_one("#register-detail", Static).render())

        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        wide = header(table)
        assert len(wide) > len(shown) and "复查人" in wide
        used = sum(c.get_render_width(table) for c in table.ordered_columns)
        assert 110 <= used <= 120  # no wide empty margin while text is cut


async def test_home_and_end_go_to_the_first_and_last_row(org, findings):
    app = build_app(org, signed_in=person(org, "A001"), route=("register",))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#register")
        assert table.has_focus and table.cursor_row == 0
        await pilot.press("end")
        assert table.cursor_row == table.row_count - 1 == len(findings) - 1
        await pilot.press("home")
        assert table.cursor_row == 0


async def test_a_leaders_unit_row_opens_the_register_of_that_unit(org, findings):
    app = build_app(org)
    async with app.run_test(size=(120, 40)) as pilot:
        app.user = person(org, "L1")
        app.show_home()
        await settle(pilot)
        units = app.screen.query_one("#units")
        kg = person(org, "S1").unit
        units.focus()
        units.move_cursor(row=units.get_row_index(kg))
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RegisterScreen)
        assert screen.query_one("#filter-unit", Select).value == kg
        assert screen.query_one("#register").row_count == len(findings)
        assert "已筛选：单位" in str(screen.query_one("#register-title", Static).render())


async def test_a_unit_head_sees_their_unit_person_by_person(org, findings):
    app = build_app(org)
    async with app.run_test(size=(120, 40)) as pilot:
        app.user = person(org, "H1")
        app.show_home()
        await settle(pilot)
        title = str(app.screen.query_one("#unit-title", Static).render())
        assert "测试幼儿园（3 人）" in title and "整改未销号 12 条" in title
        table = app.screen.query_one("#unit-people")
        assert header(table)[:6] == ["姓名", "学习", "签到", "检查", "承诺书", "整改"]
        s1 = [str(c) for c in table.full_row("S1")]
        assert s1[5] == "12"  # the twelve findings S1 must rectify
        assert "自查" not in s1[6] and "整改" in s1[6]  # S1 did the self check
        s2 = [str(c) for c in table.full_row("S2")]
        assert s2[3] == "0/2" and "自查 三查：教师乙" in s2[6]  # not done: who, what
        table.focus()
        table.move_cursor(row=table.get_row_index("S2"))
        await settle(pilot)
        assert "未完成：" in str(app.screen.query_one("#unit-detail", Static).render())
        await pilot.press("enter")  # the same key as a leader's unit row
        await settle(pilot)
        assert isinstance(app.screen, RegisterScreen)
        assert app.screen.query_one("#filter-unit", Select).value == person(org, "H1").unit


def _todo_title(app) -> str:
    return str(app.screen.query_one("#todo-title", Static).render())


async def test_a_long_to_do_list_shows_a_screenful_and_the_rest_as_the_cursor_goes(
    org, many_findings
):
    items = org.todo.for_person(person(org, "S1"))
    app = started(org, "S1")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await shown(pilot, HomeScreen)
        table = screen.query_one("#todo", PagedTable)
        # A screenful (and the row after it, and a few spare for the lines
        # the table gains once the list is in) is in; the title counts them all.
        assert table.total == len(items)
        assert table.size.height <= table.loaded <= table.size.height + TodoTable.SPARE
        assert table.loaded < len(items)
        assert f"我的待办（{len(items)} 项" in _todo_title(app)
        assert f"已列出前 {table.loaded} 项" in _todo_title(app)
        table.focus()
        for _ in range(len(items) - 1):  # Down reaches every item, in order
            await pilot.press("down")
        await settle(pilot)
        assert table.cursor_row == len(items) - 1
        titles = [str(table.full_row(str(i))[2]) for i in range(len(items))]
        assert titles == [plain(i.title) for i in items]
        assert "已列出" not in _todo_title(app)
        await pilot.press("enter")  # the last item opens as any other
        await settle(pilot)
        assert not isinstance(app.screen, HomeScreen)


async def test_end_and_page_down_reach_to_dos_not_yet_in_the_table(org, many_findings):
    items = org.todo.for_person(person(org, "S1"))
    app = started(org, "S1")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await shown(pilot, HomeScreen)
        table = screen.query_one("#todo", PagedTable)
        first = table.loaded
        table.focus()
        await pilot.press("pagedown")  # a page down lands a page down, rows behind it put in
        await settle(pilot)
        assert table.cursor_row > 0 and table.loaded > table.cursor_row
        assert table.loaded > first
        await pilot.press("home", "end")  # the real last to-do, not the last row put in
        await settle(pilot)
        assert table.loaded == len(items) and table.cursor_row == len(items) - 1
        assert str(table.full_row(str(len(items) - 1))[2]) == plain(items[-1].title)


async def test_the_register_names_people_of_rows_from_before_rows_carried_names(
    org, findings, monkeypatch
):
    from xiaoneng.services.findings import FindingService

    rows = FindingService.rows

    def without_names(self, *args, **kw):  # as findings opened by an older version
        return [{**r, "responsible_name": ""} for r in rows(self, *args, **kw)]

    monkeypatch.setattr(FindingService, "rows", without_names)
    app = build_app(org, signed_in=person(org, "A001"), route=("register",))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#register")
        cells = [str(c) for c in table.full_row(findings[0])]
        assert person(org, "S1").name in cells


def test_due_today_reads_today():
    today = dt.date(2026, 3, 16)
    assert str(due_text(today, today)) == "2026年3月16日 今天截止"
    assert "剩0天" not in str(due_text(today, today))


def test_widths_fit_and_keep_what_matters():
    cols = [
        Col("编号", fixed=True),
        Col("说明", min=6),
        Col("备注", drop=1),
        Col("状态", fixed=True),
    ]
    natural = [15, 60, 20, 8]
    assert fit_widths(cols, natural, 200) == natural  # room: nothing cut
    w = fit_widths(cols, natural, 60)
    assert w[0] == 15 and w[3] == 8 and sum(x + 2 for x in w if x) <= 60
    w = fit_widths(cols, natural, 40)  # too narrow for 备注: it drops, 说明 stays
    assert w[2] == 0 and w[1] >= 6 and sum(x + 2 for x in w if x) <= 40


async def test_the_register_shows_its_first_rows_from_the_head_and_the_rest_when_needed(
    org, findings, monkeypatch
):
    from xiaoneng.store.repos import register_head
    from xiaoneng.tui.screens import register

    monkeypatch.setattr(register_head, "SHOWN", 4)
    monkeypatch.setattr(register_head, "KEPT", 5)
    monkeypatch.setattr(register, "CHUNK", 3)
    org.findings.rows(ACTOR)  # the head is built (the office's first read would build it)
    loads = []
    show = RegisterScreen._show

    def spy(self, msg):
        loads.append((len(msg.rows), msg.total))
        show(self, msg)

    monkeypatch.setattr(RegisterScreen, "_show", spy)
    app = build_app(org, signed_in=person(org, "A001"), route=("register",))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert loads == [(5, 12)]  # the head's rows only, and how many there are
        screen = app.screen
        table = screen.query_one("#register")
        assert table.row_count == 3
        assert "共 12 条" in str(screen.query_one("#register-title", Static).render())
        assert "后面的 9 条" in str(screen.query_one("#register-more", Static).render())
        every = org.findings.rows(ACTOR)
        await pilot.press("end")  # the head's other two rows
        await settle(pilot)
        assert table.row_count == 5 and loads == [(5, 12)]
        await pilot.press("end")  # past them: all the rows are read, the next chunk shown
        await settle(pilot)
        assert loads == [(5, 12), (12, None)]
        assert [str(k.value) for k in table.rows] == [r["id"] for r in every[:8]]
        assert table.cursor_row == 4  # where it was: the table was not drawn again
        assert "后面的 4 条" in str(screen.query_one("#register-more", Static).render())
