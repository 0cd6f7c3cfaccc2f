"""First run on an empty data folder: set up the agency, or open the demo."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Center, Horizontal, Vertical
from textual.widgets import Button, Footer, Input, Label, Static

from xiaoneng.errors import XiaonengError
from xiaoneng.tui.base import BaseScreen


class SetupScreen(BaseScreen[None]):
    def compose(self) -> ComposeResult:
        with Center(), Vertical(id="setup-box", classes="box"):
            yield Static("欢迎使用效能", classes="title")
            yield Static(f"数据目录 {self.xapp.data_dir} 还没有数据。", classes="muted")
            yield Label("机关名称")
            yield Input(placeholder="如：市妇联机关", id="setup-unit", max_length=60)
            yield Label("管理员工号")
            yield Input(id="setup-id", max_length=32)
            yield Label("管理员姓名")
            yield Input(id="setup-name", max_length=40)
            yield Label("管理员 PIN（6–12 位数字）")
            yield Input(password=True, id="setup-pin", max_length=12, restrict=r"[0-9]*")
            yield Static("", id="setup-message", classes="message")
            with Horizontal(classes="buttons"):
                yield Button("建立机关", id="setup-create", variant="primary")
                yield Button("打开演示数据", id="setup-demo")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#setup-unit", Input).focus()

    def _value(self, wid: str) -> str:
        return self.query_one(f"#{wid}", Input).value

    @on(Button.Pressed, "#setup-create")
    def _create(self) -> None:
        self._say("正在建立…", error=False)
        self._run_create(
            self._value("setup-unit"),
            self._value("setup-id"),
            self._value("setup-name"),
            self._value("setup-pin"),
        )

    @work(thread=True, exclusive=True)
    def _run_create(self, unit: str, pid: str, name: str, pin: str) -> None:
        from xiaoneng.services.setup import init_agency

        try:
            core, _ = init_agency(
                self.xapp.data_dir, unit_name=unit, admin_id=pid, admin_name=name, pin=pin
            )
        except XiaonengError as err:
            self.app.call_from_thread(self._say, str(err))
            return
        self.app.call_from_thread(self.xapp.use_core, core)

    @on(Button.Pressed, "#setup-demo")
    def _demo(self) -> None:
        self._say("正在准备演示数据…", error=False)
        self._run_demo()

    @work(thread=True, exclusive=True)
    def _run_demo(self) -> None:
        from xiaoneng.services.demo import build_demo

        target = self.xapp.data_dir / "demo"
        try:
            core, logins, _ = build_demo(target)
        except XiaonengError as err:
            self.app.call_from_thread(self._say, str(err))
            return
        hint = "；".join(f"{lg.name} {lg.id}/{lg.pin}" for lg in logins)
        self.app.call_from_thread(self.xapp.use_core, core)
        self.app.call_from_thread(self.app.notify, f"演示账号：{hint}", timeout=30)

    def _say(self, text: str, *, error: bool = True) -> None:
        msg = self.query_one("#setup-message", Static)
        msg.update(text)
        msg.set_class(error, "error")
