"""Home (我的待办): who is signed in, and what is waiting for them."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Static


class HomeScreen(Screen):
    BINDINGS = [
        Binding("ctrl+o", "app.sign_out", "退出登录"),
        Binding("p", "change_pin", "修改PIN"),
    ]

    def compose(self) -> ComposeResult:
        user = self.app.user
        core = self.app.core
        unit = core.org.name_of(user.unit)
        yield Header()
        with Vertical(id="home"):
            yield Static(
                f"{user.name}　{unit}　{user.position}　角色：{user.roles_label()}",
                id="whoami",
                classes="whoami",
            )
            yield Static(
                f"{core.agency().get('name', '')} · 今天是 {core.today():%Y年%m月%d日}",
                classes="muted",
            )
            yield Static("我的待办", classes="section-title")
            yield Static("暂无待办事项。", id="todo-empty", classes="muted")
        yield Footer()

    def action_change_pin(self) -> None:
        from xiaoneng.tui.screens.pin_change import PinChangeScreen

        self.app.push_screen(PinChangeScreen())
