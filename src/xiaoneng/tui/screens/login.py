"""Sign in with 工号 and PIN."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Center, Vertical
from textual.widgets import Input, Label, Static

from xiaoneng.errors import XiaonengError
from xiaoneng.tui.base import BaseScreen
from xiaoneng.tui.keyboard import FieldKeys
from xiaoneng.tui.widgets.footer import Footer


class LoginScreen(BaseScreen[None]):
    MESSAGE = "#login-message"
    BINDINGS = [("escape", "clear", "清空")]
    typing: FieldKeys

    def __init__(self) -> None:
        super().__init__()
        # 工号, Tab, PIN, Enter typed in one burst (a scanner, a paste) still
        # lands in the right boxes: the screen routes the keys (tui/keyboard.py).
        self.typing = FieldKeys(self, ["#login-id", "#login-pin"], self._enter)

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
        self.typing.start()

    def _enter(self, field: Input) -> None:
        pin = self.query_one("#login-pin", Input)
        if field.id == "login-id" and not pin.value:
            self.typing.focus(pin)
        else:
            self._submit()

    def _submit(self) -> None:
        pid = self.query_one("#login-id", Input).value.strip()
        pin = self.query_one("#login-pin", Input).value
        if not pid:
            self.say("请输入工号。")
            self.typing.focus(self.query_one("#login-id", Input))
            return
        self.say("正在登录…", error=False)
        auth = self.core.auth
        self.load(lambda: auth.login(pid, pin), self.xapp.signed_in, failed=self._failed)

    def _failed(self, err: XiaonengError) -> None:
        self.say(err)
        pin = self.query_one("#login-pin", Input)
        pin.value = ""
        self.typing.focus(pin)

    def action_clear(self) -> None:
        for box in self.query(Input):
            box.value = ""
        self.say("", error=False)
        self.typing.focus(self.query_one("#login-id", Input))
