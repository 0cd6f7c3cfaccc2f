"""Confirm a sign-off with the PIN.

The screen runs the sign-off itself (in a thread: the PIN hash and the data
lock may take a moment), shows a wrong PIN or a lockout inline, and dismisses
with the sign-off's result only when it succeeded.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Static

from xiaoneng.errors import XiaonengError
from xiaoneng.services.auth import LoginFailed
from xiaoneng.tui.dialogs.base import BaseDialog
from xiaoneng.tui.keyboard import FieldKeys


class PinConfirmScreen(BaseDialog[Any]):
    MESSAGE = "#confirm-message"
    typing: FieldKeys

    def __init__(self, title: str, detail: str | Text, action: Callable[[str], Any]):
        super().__init__()
        self.title_text = title
        self.detail = detail
        self.action = action
        # A PIN typed the moment the dialog opens (before it has focus) counts.
        self.typing = FieldKeys(self, ["#confirm-pin"], self._submit)

    def compose(self) -> ComposeResult:
        with Vertical(id="pin-confirm", classes="dialog"):
            yield Static(self.title_text, classes="title")
            yield Static(self.detail, classes="detail")
            yield Static(f"签署人：{self.user.name}（{self.user.id}）", classes="muted")
            yield Input(
                placeholder="输入 PIN 确认签署", password=True, id="confirm-pin", max_length=12
            )
            yield Static("", id="confirm-message", classes="message")
            yield Static("Enter 确认 · Esc 取消", classes="muted hint")

    def on_mount(self) -> None:
        self.typing.start()

    def _submit(self, box: Input) -> None:
        pin = box.value
        if not pin:
            return
        self.say("正在签署…", error=False)
        box.disabled = True
        self.load(lambda: self.action(pin), self.dismiss, failed=self._failed, group="sign")

    def _failed(self, err: XiaonengError) -> None:
        # A wrong PIN may be typed again; a lockout or a refusal ends here.
        final = not isinstance(err, LoginFailed) or err.tries_left == 0
        self.say(err)
        box = self.query_one("#confirm-pin", Input)
        box.value = ""
        box.disabled = final
        if not final:
            self.typing.focus(box)
