"""Changing the PIN (forced at first login with an initial PIN)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Center, Vertical
from textual.widgets import Input, Label, Static

from xiaoneng.model.people import Person
from xiaoneng.services.pins import PIN_MAX, PIN_MIN
from xiaoneng.tui.base import BaseScreen
from xiaoneng.tui.keyboard import FieldKeys
from xiaoneng.tui.widgets.footer import Footer

FIELDS = ["#pin-old", "#pin-new", "#pin-again"]


class PinChangeScreen(BaseScreen[bool]):
    MESSAGE = "#pin-message"
    BINDINGS = [("escape", "cancel", "返回")]
    typing: FieldKeys

    def __init__(self, *, forced: bool = False):
        super().__init__()
        self.forced = forced
        self.typing = FieldKeys(self, FIELDS, self._next)

    def compose(self) -> ComposeResult:
        user = self.user
        lead = (
            f"{user.name}，这是首次登录（或 PIN 已被重置），请先设置自己的 PIN。"
            if self.forced
            else f"{user.name}，修改 PIN。"
        )
        with Center(), Vertical(id="pin-box", classes="box"):
            yield Static("修改 PIN", classes="title")
            yield Static(lead, classes="muted")
            yield Label("当前 PIN")
            yield Input(password=True, id="pin-old", max_length=PIN_MAX)
            yield Label(f"新 PIN（{PIN_MIN}–{PIN_MAX} 位数字）")
            yield Input(password=True, id="pin-new", max_length=PIN_MAX, restrict=r"[0-9]*")
            yield Label("再次输入新 PIN")
            yield Input(password=True, id="pin-again", max_length=PIN_MAX, restrict=r"[0-9]*")
            yield Static("", id="pin-message", classes="message")
        yield Footer()

    def on_mount(self) -> None:
        self.typing.start()

    def _next(self, box: Input) -> None:
        i = FIELDS.index(f"#{box.id}")
        if i < len(FIELDS) - 1:
            self.typing.focus(self.query_one(FIELDS[i + 1], Input))
        else:
            self._submit()

    def _submit(self) -> None:
        old = self.query_one("#pin-old", Input).value
        new = self.query_one("#pin-new", Input).value
        again = self.query_one("#pin-again", Input).value
        if new != again:
            self.say("两次输入的新 PIN 不一致。")
            self.query_one("#pin-again", Input).value = ""
            self.typing.focus(self.query_one("#pin-again", Input))
            return
        self.say("正在保存…", error=False)
        core, user = self.core, self.user
        self.load(lambda: core.auth.change_pin(user, old, new), self._done, group="save")

    def _done(self, person: Person) -> None:
        self.xapp.user = person
        self.app.notify("PIN 已修改。")
        if self.forced:
            self.xapp.show_home()
        else:
            self.dismiss(True)

    def action_cancel(self) -> None:
        if self.forced:
            self.xapp.show_login()
        else:
            self.dismiss(False)
