"""Home (我的待办): who is signed in, what is waiting for them, and for
leaders and the office, how far each unit has got."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Footer, Header, Static

from xiaoneng.model.status import UnitStatus
from xiaoneng.services.todo import TodoItem
from xiaoneng.tui.base import BaseScreen
from xiaoneng.tui.format import bar, due_text
from xiaoneng.tui.widgets.cell_text import plain

UNITS_SHOWN = 30  # a leader sees the units that need attention, not a long scroll


@dataclass(frozen=True)
class HomeData:
    """What the home shows, read in a worker."""

    todo: list[TodoItem]
    units: list[UnitStatus] | None  # for leaders and the office


class HomeScreen(BaseScreen[None]):
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
                yield DataTable(id="todo", cursor_type="row", zebra_stripes=True)
                yield Static("正在读取…", id="todo-empty", classes="muted")
            if user.sees_all:
                with Vertical(id="units-pane"):
                    yield Static("各单位完成情况", classes="section-title", id="units-title")
                    yield DataTable(id="units", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        todo = self.query_one("#todo", DataTable)
        todo.add_columns("类型", "截止", "事项", "说明")
        if self.user.sees_all:
            units = self.query_one("#units", DataTable)
            units.add_columns("单位", "人数", "完成情况", "整改未销号", "逾期")

    def on_screen_resume(self) -> None:
        # Also runs when the screen is first shown: the one place that loads.
        self.xapp.refresh_user()
        self.reload()

    def reload(self) -> None:
        core, user = self.core, self.user

        def read() -> HomeData:
            todo = core.todo.for_person(user)
            return HomeData(todo, core.status.units() if user.sees_all else None)

        self.load(read, self._show)

    def _show(self, msg: HomeData) -> None:
        self._fill(msg)
        # After the data is on screen, so the check does not slow the home down.
        from xiaoneng.tui.screens.audit import warn_if_tampered

        warn_if_tampered(self.xapp)  # the office hears at once when verify fails

    def _fill(self, msg: HomeData) -> None:
        today = self.core.today()
        todo = self.query_one("#todo", DataTable)
        todo.clear()
        for i, item in enumerate(msg.todo):
            late = item.overdue(today)
            kind = Text(item.kind_label, style="bold red" if late else "bold")
            # User text goes in as Text: a plain str in a cell is read as markup.
            todo.add_row(
                kind,
                due_text(item.due, today),  # before the title: visible at 80 columns
                Text(plain(item.title, 40)),
                Text(plain(item.note, 30)),
                key=str(i),
            )
        self._items = msg.todo
        empty = self.query_one("#todo-empty", Static)
        empty.update("" if msg.todo else "暂无待办事项。")
        empty.display = not msg.todo
        self.query_one("#todo-title", Static).update(
            f"我的待办（{len(msg.todo)} 项，逾期 {sum(i.overdue(today) for i in msg.todo)} 项）"
        )
        if msg.units is not None:
            table = self.query_one("#units", DataTable)
            table.clear()
            # Units that need attention first: overdue findings, then lowest completion.
            ranked = sorted(
                msg.units, key=lambda u: (-u.findings.overdue, u.overall().ratio, u.name)
            )
            shown = ranked[:UNITS_SHOWN]
            title = "各单位完成情况"
            if len(ranked) > len(shown):
                title += f"（共 {len(ranked)} 个单位，列出最需关注的 {len(shown)} 个；全部见 xiaoneng status 或年度汇总）"
            self.query_one("#units-title", Static).update(title)
            for st in shown:
                total = st.overall()
                overdue = st.findings.overdue
                table.add_row(
                    Text(plain(st.name, 16)),
                    str(st.headcount),
                    bar(total.done, total.due),
                    str(st.findings.open),
                    Text(str(overdue), style="bold red" if overdue else ""),
                    key=st.unit,
                )

    @on(DataTable.RowSelected, "#todo")
    def _open_item(self, event: DataTable.RowSelected) -> None:
        item = self._items[int(str(event.row_key.value))]
        kind, *args = item.ref
        self.xapp.go(kind, *args)

    @on(DataTable.RowSelected, "#units")
    def _open_unit(self, event: DataTable.RowSelected) -> None:
        self.xapp.go("register")
