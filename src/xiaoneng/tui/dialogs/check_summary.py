"""Before signing a check: what is about to be submitted, and a warning when
items are still unchecked (they count as not compliant)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Static

from xiaoneng.tui.dialogs.base import BaseDialog


class CheckSummaryScreen(BaseDialog[bool]):
    CSS_PATH = "../css/check_summary.tcss"
    BINDINGS = [
        Binding("escape", "back", "返回修改"),
        Binding("enter,ctrl+s", "sign", "签署提交"),
    ]

    def __init__(self, title: str, lines: list[Text | str], warning: str = ""):
        super().__init__()
        self.title_text = title
        self.lines = lines
        self.warning = warning

    def compose(self) -> ComposeResult:
        with Vertical(id="check-summary", classes="dialog wide"):
            yield Static(self.title_text, classes="title")
            with VerticalScroll(id="summary-lines"):
                for line in self.lines:
                    yield Static(Text(line) if isinstance(line, str) else line)
            if self.warning:
                yield Static(self.warning, id="summary-warning", classes="message error")
            yield Static("Enter 输入 PIN 签署提交 · Esc 返回修改", classes="muted hint")
            with Horizontal(classes="buttons"):
                yield Button("签署提交", id="summary-sign", variant="primary")
                yield Button("返回修改", id="summary-back")

    def on_mount(self) -> None:
        self.query_one("#summary-sign", Button).focus()

    @on(Button.Pressed, "#summary-sign")
    def action_sign(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#summary-back")
    def action_back(self) -> None:
        self.dismiss(False)
