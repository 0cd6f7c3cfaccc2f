"""Home (我的待办): who is signed in, what is waiting for them, and for
leaders and the office, how far each unit has got."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Header, Static

from xiaoneng.services.status import Ranking
from xiaoneng.services.todo import DUTIES, TodoList, UnitDuties
from xiaoneng.tui.base import BaseScreen
from xiaoneng.tui.format import bar, due_text
from xiaoneng.tui.widgets.cell_text import plain
from xiaoneng.tui.widgets.fit_table import Col, FitTable
from xiaoneng.tui.widgets.footer import Footer
from xiaoneng.tui.widgets.paged_table import PagedTable, Row

UNITS_SHOWN = 30  # a leader sees the units that need attention, not a long scroll
TODO_COLUMNS = (
    Col("类型", fixed=True),
    Col("截止", fixed=True),
    Col("事项", min=12),
    Col("说明", min=8, drop=1),
)
PEOPLE_COLUMNS = (
    Col("姓名", min=6),
    *(Col(label, fixed=True) for label in DUTIES.values()),
    Col("整改", fixed=True),
    Col("未完成", min=8, drop=1),
)
UNIT_COLUMNS = (
    Col("单位", min=8),
    Col("人数", fixed=True, drop=2),
    Col("完成情况", fixed=True),
    Col("未销号", fixed=True),
    Col("逾期", fixed=True),
)


class _SameWidth:
    """A table that paints its rows again only when its width changes.

    DataTable paints every row again after any resize or added row (its row
    caches are keyed by a count each of them bumps), though a row's lines
    depend on the width alone. The home's to-do table grows by a line once
    the list is in (the "正在读取…" line goes): at 50,000 staff that painted
    its 34 rows twice, some 40 ms of the home's CPU.
    """

    _painted_width = -1

    def _on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._painted_width:
            self._painted_width = event.size.width
            super()._on_resize(event)  # type: ignore[misc]  # DataTable's, after this mixin


class TodoTable(_SameWidth, PagedTable):
    # Rows put in beyond the first screenful as measured before the list is
    # in: the line the table gains when "正在读取…" goes is already filled,
    # so no row is added (and every row painted again) just after the first
    # paint; the table then lists as many as it did (34 at 120x40).
    SPARE = 1

    def show(self, total: int, row: Callable[[int], Row]) -> None:
        super().show(total, row)
        self._grow_to(min(total, self.row_count + self.SPARE))


class UnitsTable(_SameWidth, FitTable):
    pass


@dataclass(frozen=True)
class HomeData:
    """What the home shows, read in a worker."""

    todo: TodoList  # items made as the table asks for them
    units: Ranking | None  # for leaders and the office: the units needing attention
    unit: UnitDuties | None = None  # for a unit head: their unit, person by person


class HomeScreen(BaseScreen[None]):
    # The to-do list as read, rows keyed by their index. The office's list at
    # 50,000 staff has thousands of reviews: the table takes a screenful at a
    # time (PagedTable), the title says how many there are.
    _items: TodoList | None = None
    _todo_drawn = threading.Event()  # set when a read's list is on the screen
    BINDINGS = [
        Binding("s", "app.go('studies')", "学习"),
        Binding("j", "app.go('sessions')", "集中学习"),
        Binding("c", "app.go('checks')", "三查"),
        Binding("r", "app.go('register')", "整改台账"),
        Binding("l", "app.go('letters')", "承诺书"),
        Binding("o", "app.go('office')", "办公室"),
        Binding("g", "app.go('posts')", "巾帼文明岗"),
        Binding("p", "app.go('pin')", "修改PIN", show=False),
        Binding("question_mark", "app.go('help')", "帮助"),
        Binding("ctrl+o", "app.sign_out", "退出登录"),
    ]

    def compose(self) -> ComposeResult:
        user = self.user
        core = self.core
        yield Header()
        yield Static(
            f"{user.name}　{core.org.name_of(user.unit)}　{user.position}　"
            f"角色：{user.roles_label()}　（Ctrl+O 退出登录）",
            id="whoami",
            classes="whoami",
        )
        with Horizontal(id="home-body"):
            with Vertical(id="todo-pane"):
                yield Static("我的待办", classes="section-title", id="todo-title")
                yield TodoTable(TODO_COLUMNS, id="todo", zebra_stripes=True, detail="#todo-detail")
                yield Static("正在读取…", id="todo-empty", classes="muted")
                yield Static("", id="todo-detail", classes="row-detail")
            if user.sees_all:
                with Vertical(id="units-pane"):
                    yield Static("各单位完成情况", classes="section-title", id="units-title")
                    yield UnitsTable(UNIT_COLUMNS, id="units", detail="#units-detail")
                    yield Static("", id="units-detail", classes="row-detail")
            elif user.has("unit_head"):
                with Vertical(id="units-pane"):
                    yield Static("本单位完成情况", classes="section-title", id="unit-title")
                    yield FitTable(PEOPLE_COLUMNS, id="unit-people", detail="#unit-detail")
                    yield Static("", id="unit-detail", classes="row-detail")
        yield Footer()

    def on_screen_resume(self) -> None:
        # Also runs when the screen is first shown: the one place that loads.
        self.xapp.refresh_user()
        self.reload()

    def reload(self) -> None:
        core, user = self.core, self.user

        drawn = self._todo_drawn = threading.Event()  # the to-do list is on the screen

        def read() -> HomeData:
            todo = core.todo.for_person(user)
            # The list first: the units' figures of a large agency take longer,
            # and wait (at most a second) until it is drawn, so that they do
            # not hold the interpreter while the screen draws.
            self.show_from_thread(todo, self._fill_todo)
            if user.sees_all or user.has("unit_head"):
                drawn.wait(1.0)
            if user.sees_all:
                return HomeData(todo, core.status.attention(UNITS_SHOWN))
            if user.has("unit_head"):
                return HomeData(todo, None, core.todo.for_unit(user, user.unit))
            return HomeData(todo, None)

        self.load(read, self._show)

    def _show(self, msg: HomeData) -> None:
        self._fill(msg)
        # After the data is on screen, so the check does not slow the home down.
        from xiaoneng.tui.screens.audit import warn_if_tampered

        warn_if_tampered(self.xapp)  # the office hears at once when verify fails

    def _fill_todo(self, todo: TodoList) -> None:
        self._items = todo
        self.query_one("#todo", PagedTable).show(len(todo), self._todo_row)
        empty = self.query_one("#todo-empty", Static)
        empty.update("" if todo else "暂无待办事项。")
        empty.display = not todo
        self.call_after_refresh(self._todo_drawn.set)

    def _fill(self, msg: HomeData) -> None:
        if msg.todo is not self._items:  # not shown ahead of the rest
            self._fill_todo(msg.todo)
        if msg.unit is not None:
            self._fill_unit(msg.unit)
        if msg.units is not None:
            table = self.query_one("#units", FitTable)
            # Units that need attention first: overdue findings, then lowest
            # completion (ranked by the service: StatusService.attention).
            shown, total = msg.units.lines, msg.units.total
            title = "各单位完成情况"
            if total > len(shown):
                title += f"（共 {total} 个单位，列出最需关注的 {len(shown)} 个；全部见 xiaoneng status 或年度汇总）"
            self.query_one("#units-title", Static).update(title)
            unit_rows = []
            for st in shown:
                overdue = st.overdue
                unit_cells = (
                    Text(plain(st.name)),
                    str(st.headcount),
                    bar(st.done, st.due),
                    str(st.open),
                    Text(str(overdue), style="bold red" if overdue else ""),
                )
                unit_rows.append((st.unit, unit_cells))
            table.set_rows(unit_rows)

    def _fill_unit(self, unit: UnitDuties) -> None:
        """A unit head's panel: each person's completion and what they have not done."""
        title = Text(f"本单位完成情况：{plain(unit.unit_name)}（{len(unit.people)} 人）　")
        title.append(f"整改未销号 {unit.open_findings} 条")
        if unit.overdue_findings:
            title.append(f"，逾期 {unit.overdue_findings} 条", style="bold red")
        self.query_one("#unit-title", Static).update(title)
        ranked = sorted(unit.people, key=lambda d: (-len(d.pending), d.person.id))
        rows = []
        for d in ranked:
            cells: list[Text] = [Text(plain(d.person.name))]
            for duty in DUTIES:
                p = d.progress[duty]
                style = "green" if p.done >= p.due else "bold red" if p.done == 0 else "yellow"
                cells.append(Text(f"{p.done}/{p.due}", style=style) if p.due else Text("—"))
            fixes = sum(item.kind == "fix" for item in d.pending)
            cells.append(Text(str(fixes), style="bold red" if fixes else ""))
            todo = "；".join(f"{i.kind_label} {plain(i.title)}" for i in d.pending)
            cells.append(Text(todo or "全部完成", style="" if todo else "green"))
            rows.append((d.person.id, cells))
        self.query_one("#unit-people", FitTable).set_rows(rows)

    def _todo_row(self, i: int) -> tuple[str, tuple[Text, ...]]:
        assert self._items is not None  # rows are made once the list is in
        item, today = self._items[i], self.core.today()
        kind = Text(item.kind_label, style="bold red" if item.overdue(today) else "bold")
        # Whole texts (the table cuts to its width and shows the rest below it);
        # user text goes in as Text: a plain str in a cell is read as markup.
        cells = (
            kind,
            due_text(item.due, today),
            Text(plain(item.title)),
            Text(plain(item.note)),
        )
        return str(i), cells

    @on(PagedTable.Grown, "#todo")
    def _todo_title(self) -> None:
        items = self._items
        if items is None:
            return
        late = items.late
        shown = self.query_one("#todo", PagedTable).loaded
        # Short enough for the half-width pane: moving down lists more.
        more = f"，已列出前 {shown} 项" if shown < len(items) else ""
        title = f"我的待办（{len(items)} 项，逾期 {late} 项{more}）"
        self.query_one("#todo-title", Static).update(title)

    @on(DataTable.RowSelected, "#unit-people")
    def _open_own_unit(self) -> None:
        self.xapp.go("register", self.user.unit)  # as a leader's unit row: the unit's findings

    @on(DataTable.RowSelected, "#todo")
    def _open_item(self, event: DataTable.RowSelected) -> None:
        if self._items is None:
            return
        item = self._items[int(str(event.row_key.value))]
        kind, *args = item.ref
        self.xapp.go(kind, *args)

    @on(DataTable.RowSelected, "#units")
    def _open_unit(self, event: DataTable.RowSelected) -> None:
        self.xapp.go("register", str(event.row_key.value))  # that unit's findings
