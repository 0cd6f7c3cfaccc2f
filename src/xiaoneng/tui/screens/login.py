"""Sign in with 工号 and PIN."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Center, Vertical
from textual.widgets import Footer, Input, Label, Static

from xiaoneng.errors import XiaonengError
from xiaoneng.tui.base import BaseScreen


class LoginScreen(BaseScreen[None]):
    MESSAGE = "#login-message"
    BINDINGS = [("escape", "clear", "清空")]

    def compose(self) -> ComposeResult:
        core = self.xapp.core
        agency = core.agency().get("name", "") if core else ""
        with Center(), Vertical(id="login-box", classes="box"):
            yield Static("效能 · 登录", id="login-title", classes="title")
            yield Static(agency, id="login-agency", classes="muted")
            yield Label("工号")
            yield Input(placeholder="请输入工号", id="login-id", max_length=32)
            yield Label("PIN")
            yield Input(placeholder="请输入 PIN", password=True, id="login-pin", max_length=12)
            yield Static("", id="login-message", classes="message")
            yield Static("Tab 切换输入框 · Enter 登录 · Ctrl+Q 退出", classes="muted hint")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#login-id", Input).focus()

    @on(Input.Submitted, "#login-id")
    def _id_entered(self) -> None:
        if self.query_one("#login-pin", Input).value:
            self._submit()
        else:
            self.query_one("#login-pin", Input).focus()

    @on(Input.Submitted, "#login-pin")
    def _pin_entered(self) -> None:
        self._submit()

    def _submit(self) -> None:
        pid = self.query_one("#login-id", Input).value.strip()
        pin = self.query_one("#login-pin", Input).value
        if not pid:
            self.say("请输入工号。")
            self.query_one("#login-id", Input).focus()
            return
        self.say("正在登录…", error=False)
        auth = self.core.auth
        self.load(lambda: auth.login(pid, pin), self.xapp.signed_in, failed=self._failed)

    def _failed(self, err: XiaonengError) -> None:
        self.say(err)
        pin = self.query_one("#login-pin", Input)
        pin.value = ""
        pin.focus()

    def action_clear(self) -> None:
        for box in self.query(Input):
            box.value = ""
        self.say("", error=False)
        self.query_one("#login-id", Input).focus()
