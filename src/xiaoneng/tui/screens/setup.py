"""First run on an empty data folder: set up the agency, or open the demo."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Center, Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from xiaoneng.tui.base import BaseScreen
from xiaoneng.tui.keyboard import FieldKeys
from xiaoneng.tui.widgets.footer import Footer

if TYPE_CHECKING:
    from xiaoneng.services.core import Core
    from xiaoneng.services.demo import Login


FIELDS = ["#setup-unit", "#setup-id", "#setup-name", "#setup-pin"]


class SetupScreen(BaseScreen[None]):
    MESSAGE = "#setup-message"
    typing: FieldKeys

    def __init__(self) -> None:
        super().__init__()
        self.typing = FieldKeys(self, FIELDS, self._next)

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
        self.typing.start()

    def _next(self, box: Input) -> None:
        """Enter moves to the next field; on the PIN it creates the agency."""
        i = FIELDS.index(f"#{box.id}")
        if i < len(FIELDS) - 1:
            self.typing.focus(self.query_one(FIELDS[i + 1], Input))
        else:
            self._create()

    def _value(self, wid: str) -> str:
        return self.query_one(f"#{wid}", Input).value

    @on(Button.Pressed, "#setup-create")
    def _create(self) -> None:
        from xiaoneng.services.setup import init_agency

        self.say("正在建立…", error=False)
        root = self.xapp.data_dir
        unit, pid = self._value("setup-unit"), self._value("setup-id")
        name, pin = self._value("setup-name"), self._value("setup-pin")
        self.load(
            lambda: init_agency(root, unit_name=unit, admin_id=pid, admin_name=name, pin=pin)[0],
            self.xapp.use_core,
            group="setup",
        )

    @on(Button.Pressed, "#setup-demo")
    def _demo(self) -> None:
        from xiaoneng.services.demo import build_demo

        self.say("正在准备演示数据…", error=False)
        target = self.xapp.data_dir / "demo"
        self.load(lambda: build_demo(target)[:2], self._demo_ready, group="setup")

    def _demo_ready(self, built: tuple[Core, list[Login]]) -> None:
        core, logins = built
        self.xapp.use_core(core)
        hint = "；".join(f"{lg.name} {lg.id}/{lg.pin}" for lg in logins)
        self.app.notify(f"演示账号：{hint}", timeout=30)
