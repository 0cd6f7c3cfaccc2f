"""Ask before a change that cannot be taken back silently (deactivate, reset PIN)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from xiaoneng.tui.dialogs.base import BaseDialog


class ConfirmScreen(BaseDialog[bool]):
    """Dismisses with True when confirmed, False when cancelled."""

    CSS_PATH = "../css/dialogs.tcss"
    BINDINGS = [
        Binding("escape,n", "answer(False)", "取消"),
        Binding("y", "answer(True)", "确定"),
    ]

    def __init__(self, title: str, text: str, ok_label: str = "确定") -> None:
        super().__init__()
        self.title_text = title
        self.text = text
        self.ok_label = ok_label

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm", classes="dialog"):
            yield Static(self.title_text, classes="title")
            yield Static(self.text, id="confirm-text", classes="detail")
            with Horizontal(classes="buttons"):
                yield Button(f"{self.ok_label}(Y)", id="confirm-ok", variant="warning")
                yield Button("取消(N)", id="confirm-cancel")
            yield Static("Y 或 Enter 确定 · N 或 Esc 取消", classes="muted")

    def on_mount(self) -> None:
        self.query_one("#confirm-ok", Button).focus()

    @on(Button.Pressed, "#confirm-ok")
    def _ok(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#confirm-cancel")
    def _cancel(self) -> None:
        self.dismiss(False)

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
