"""The responsible person records rectification progress, or that the work
is done (the finding then waits for the reviewer)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Input, Static

from xiaoneng.tui.dialogs.base import BaseDialog


class ProgressFormScreen(BaseDialog[tuple[str, bool]]):
    CSS_PATH = "../css/progress_form.tcss"
    MESSAGE = "#progress-message"
    BINDINGS = [
        Binding("ctrl+s", "save", "保存"),
    ]

    def __init__(self, problem: str, done: bool = False):
        super().__init__()
        self.problem = problem
        self.done = done

    def compose(self) -> ComposeResult:
        with Vertical(id="progress-form", classes="dialog"):
            yield Static("整改完成" if self.done else "登记整改进度", classes="title")
            yield Static(Text(f"问题：{self.problem}"), classes="detail muted")
            yield Input(
                placeholder="做了什么、完成到哪一步（必填）",
                id="progress-text",
                max_length=500,
            )
            yield Checkbox("整改已完成，提交复查人复查", self.done, id="progress-done")
            yield Static("", id="progress-message", classes="message")
            yield Static("Enter 保存 · Esc 取消", classes="muted")
            with Horizontal(classes="buttons"):
                yield Button("保存", id="progress-save", variant="primary")
                yield Button("取消", id="progress-cancel")

    def on_mount(self) -> None:
        self.query_one("#progress-text", Input).focus()

    @on(Input.Submitted, "#progress-text")
    @on(Button.Pressed, "#progress-save")
    def action_save(self) -> None:
        text = self.query_one("#progress-text", Input).value.strip()
        if not text:
            self.say("请填写整改进度。")
            self.query_one("#progress-text", Input).focus()
            return
        self.dismiss((text, self.query_one("#progress-done", Checkbox).value))

    @on(Button.Pressed, "#progress-cancel")
    def _cancel(self) -> None:
        self.action_cancel()
