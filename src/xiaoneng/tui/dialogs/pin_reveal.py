"""Show a new initial PIN, once: it is never stored in clear and never shown again."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from xiaoneng.model.people import Person
from xiaoneng.tui.dialogs.base import BaseDialog


class PinRevealScreen(BaseDialog[None]):
    CSS_PATH = "../css/dialogs.tcss"
    BINDINGS = [Binding("escape,enter", "close", "关闭")]

    def __init__(self, person: Person, pin: str, *, reason: str) -> None:
        super().__init__()
        self.person = person
        self.pin = pin
        self.reason = reason

    def compose(self) -> ComposeResult:
        p = self.person
        with Vertical(id="pin-reveal", classes="dialog"):
            yield Static(f"{self.reason}：初始 PIN", classes="title")
            yield Static(f"{p.name}（工号 {p.id}）的初始 PIN：", classes="detail")
            yield Static(self.pin, id="reveal-pin")
            yield Static(
                "此PIN只显示这一次，关闭后无法再查看。请当面或以安全方式告知本人；"
                "本人首次登录时须改为自己的PIN。忘记了只能再次重置。",
                classes="muted",
            )
            with Horizontal(classes="buttons"):
                yield Button("已告知本人，关闭", id="reveal-close", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#reveal-close", Button).focus()

    @on(Button.Pressed, "#reveal-close")
    def action_close(self) -> None:
        self.dismiss(None)
