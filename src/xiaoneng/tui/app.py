"""The Textual application: who is signed in, and which screen shows."""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.binding import Binding

from xiaoneng.model.people import Person


class XiaonengApp(App):
    CSS_PATH = "app.tcss"
    TITLE = "效能"
    SUB_TITLE = "机关效能建设与安全生产"
    BINDINGS = [
        Binding("ctrl+q", "quit", "退出", priority=True),
    ]

    def __init__(self, core, *, data_dir: Path):
        super().__init__()
        self.core = core
        self.data_dir = data_dir
        self.user: Person | None = None

    def on_mount(self) -> None:
        if self.core is None:
            from xiaoneng.tui.screens.setup import SetupScreen

            self.push_screen(SetupScreen())
        else:
            self.show_login()

    # -- session -------------------------------------------------------------

    def show_login(self) -> None:
        from xiaoneng.tui.screens.login import LoginScreen

        self.user = None
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.push_screen(LoginScreen())

    def use_core(self, core) -> None:
        """After setup: the folder now holds data."""
        self.core = core
        self.show_login()

    def signed_in(self, person: Person) -> None:
        self.user = person
        if person.pin_initial:
            from xiaoneng.tui.screens.pin_change import PinChangeScreen

            self.push_screen(PinChangeScreen(forced=True))
        else:
            self.show_home()

    def show_home(self) -> None:
        from xiaoneng.tui.screens.home import HomeScreen

        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.push_screen(HomeScreen())

    def action_sign_out(self) -> None:
        name = self.user.name if self.user else ""
        self.show_login()
        if name:
            self.notify(f"{name}已退出登录。")
