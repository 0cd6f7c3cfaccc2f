"""测验记录: one person's attempts on a module this year, each reviewed on the
paper exactly as it was shown, with the answers chosen and the key.

Staff open their own from the study screen (h); the office opens anyone's from
the person's study view. The service refuses anyone else.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Header, Static

from xiaoneng.errors import XiaonengError
from xiaoneng.model.records import ATTEMPT_KINDS
from xiaoneng.services.study_office import AttemptHistory
from xiaoneng.tui.base import BaseScreen
from xiaoneng.tui.format import when
from xiaoneng.tui.screens.attempt_text import attempt_head, resets_text, review_text
from xiaoneng.tui.widgets.cell_text import clip
from xiaoneng.tui.widgets.footer import Footer


class AttemptsScreen(BaseScreen[None]):
    CSS_PATH = "../css/attempts.tcss"
    MESSAGE = "#attempts-message"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "返回"),
        Binding("enter", "read", "逐题查看"),
        Binding("tab", "switch", "切换", show=False),
    ]

    def __init__(self, person_id: str, module_id: str):
        super().__init__()
        self.person_id, self.module_id = person_id, module_id
        self.history: AttemptHistory | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("正在读取测验记录…", id="attempts-head", classes="whoami")
        yield DataTable(id="attempts-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="attempts-resets")
        with VerticalScroll(id="attempt-review"):
            yield Static("", id="attempt-title")
            yield Static("", id="attempt-paper")
        yield Static("", id="attempts-message", classes="message")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#attempts-table", DataTable)
        table.add_columns("次", "时间", "方式", "得分", "结果", "试卷", "状态")
        table.focus()
        core, user, pid, mid = self.core, self.user, self.person_id, self.module_id
        self.load(
            lambda: core.study_office.history(user, pid, mid), self._show, failed=self._failed
        )

    def _failed(self, err: XiaonengError) -> None:
        self.query_one("#attempts-head", Static).update("无法查看测验记录")
        self.say(err)

    def _show(self, h: AttemptHistory) -> None:
        self.history = h
        m = h.module
        head = Text()
        head.append(f"{h.person.name}（{h.person.id}）的测验记录", style="bold")
        # The rest of the line after the name and 第 N 版 (about 40 cells at 80 columns).
        room = max(24, self.app.size.width - 40)
        head.append(f"　{clip(m.title, room)}　第 {m.version} 版\n")
        head.append(f"状态：{h.status.label}　测验已用 {h.status.attempts_used}/{m.attempts} 次")
        self.query_one("#attempts-head", Static).update(head)
        table = self.query_one("#attempts-table", DataTable)
        table.clear()
        for i, v in enumerate(reversed(h.attempts)):  # the newest first
            a = v.attempt
            seed = (a.paper or {}).get("seed")
            table.add_row(
                str(a.number),
                when(a.time),
                ATTEMPT_KINDS.get(a.kind, a.kind),
                f"{a.correct}/{a.total}",
                Text("通过", style="green") if a.passed else Text("未通过", style="red"),
                f"抽题号 {seed}" if seed is not None else ("全部题目" if a.paper else "—"),
                Text(v.state, style="" if v.counts else "yellow"),
                key=str(i),
            )
        resets = self.query_one("#attempts-resets", Static)
        resets.update(resets_text(h.resets, h.names))
        resets.display = bool(h.resets)
        if not h.attempts:
            self.query_one("#attempt-title", Static).update("本年度还没有测验记录。")
            return
        self._review(0)

    @property
    def _views(self) -> list:
        return list(reversed(self.history.attempts)) if self.history else []

    @on(DataTable.RowHighlighted, "#attempts-table")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._review(event.cursor_row)

    def _review(self, row: int) -> None:
        views = self._views
        if not 0 <= row < len(views) or self.history is None:
            return
        v = views[row]
        recorder = self.history.names.get(v.attempt.recorded_by, "")
        self.query_one("#attempt-title", Static).update(attempt_head(v.attempt, v.state, recorder))
        self.query_one("#attempt-paper", Static).update(review_text(v.attempt))
        self.query_one("#attempt-review", VerticalScroll).scroll_home(animate=False)

    @on(DataTable.RowSelected, "#attempts-table")
    def action_read(self) -> None:
        """Into the paper, to scroll it with the arrow keys (Tab goes back to the list)."""
        if self._views:
            self.query_one("#attempt-review", VerticalScroll).focus()

    def action_switch(self) -> None:
        review = self.query_one("#attempt-review", VerticalScroll)
        if review.has_focus:
            self.query_one("#attempts-table", DataTable).focus()
        else:
            review.focus()
