"""Study modules (学习) with the signed-in person's status in each."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Static

from xiaoneng.errors import XiaonengError
from xiaoneng.services.study import StudyStatus
from xiaoneng.tui.base import BaseScreen
from xiaoneng.tui.widgets.cell_text import cell, clip
from xiaoneng.tui.widgets.footer import Footer


def status_text(st: StudyStatus) -> Text:
    """The status label of a StudyStatus, coloured by how urgent it is."""
    if st.done:
        return Text(st.label, style="green")
    if st.needs_redo:
        return Text("需重新学习", style="bold red")
    if st.passed_attempt:
        return Text("已通过测验待确认", style="yellow")
    if st.paper_failed:
        return Text("纸质测验未通过", style="bold red")
    if st.attempts_used and not st.attempts_left:
        return Text("测验次数已用完", style="bold red")
    return Text("未完成", style="bold")


class StudiesScreen(BaseScreen[None]):
    CSS_PATH = "../css/studies.tcss"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "返回"),
        Binding("enter", "open", "学习", show=True),
        Binding("f5", "reload", "刷新"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("学习模块", id="studies-title", classes="section-title")
        yield DataTable(id="studies", cursor_type="row", zebra_stripes=True)
        yield Static("正在读取…", id="studies-detail", classes="muted")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#studies", DataTable)
        table.add_columns("学习模块", "版本", "我的状态", "测验", "依据")
        self._statuses: list[StudyStatus] = []
        table.focus()

    def on_screen_resume(self) -> None:
        # Also runs when the screen is first shown, and after each dialog closes.
        self.action_reload()

    def action_reload(self) -> None:
        core, user = self.core, self.user
        self.load(lambda: core.study.statuses(user), self._show, failed=self._failed)

    def _failed(self, err: XiaonengError) -> None:
        self._show([], str(err))

    def _show(self, statuses: list[StudyStatus], error: str = "") -> None:
        table = self.query_one("#studies", DataTable)
        row = table.cursor_row
        table.clear()
        self._statuses = statuses
        for st in statuses:
            m = st.module
            table.add_row(
                clip(m.title, self._title_width()),
                m.version,
                status_text(st),
                f"{st.attempts_used}/{m.attempts}",
                cell(m.source.label()),
                key=m.id,
            )
        done = sum(st.done for st in statuses)
        self.query_one("#studies-title", Static).update(
            f"学习模块（共 {len(statuses)} 个，已完成 {done} 个）　Enter 打开"
        )
        if error:
            self.query_one("#studies-detail", Static).update(Text(error, style="bold red"))
        elif not statuses:
            self.query_one("#studies-detail", Static).update("还没有学习模块。")
        else:
            table.move_cursor(row=min(row, len(statuses) - 1))
            self._detail(table.cursor_row)

    def _title_width(self) -> int:
        return 56 if self.has_class("-wide") else 30

    @on(DataTable.RowHighlighted, "#studies")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._detail(event.cursor_row)

    def _detail(self, row: int) -> None:
        if not 0 <= row < len(self._statuses):
            return
        st = self._statuses[row]
        m = st.module
        text = Text()
        text.append(f"{m.title}（第 {m.version} 版）\n", style="bold")
        text.append(f"依据：{m.source.label()}　发布：{m.source.issuer}\n")
        text.append(
            f"{len(m.sections)} 节，测验{m.quiz_size_label()}，答对 {m.pass_mark} 题通过，"
            f"可测验 {m.attempts} 次。我的状态：{st.label}\n"
        )
        if m.summary:
            text.append(m.summary, style="dim")
        self.query_one("#studies-detail", Static).update(text)

    @on(DataTable.RowSelected, "#studies")
    def _selected(self, event: DataTable.RowSelected) -> None:
        self.xapp.go("study", str(event.row_key.value))

    def action_open(self) -> None:
        table = self.query_one("#studies", DataTable)
        if 0 <= table.cursor_row < len(self._statuses):
            self.xapp.go("study", self._statuses[table.cursor_row].module.id)
