"""The reviewer's opinion before signing: closing (销号) may add a note;
sending back to 整改中 needs the reason."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from xiaoneng.tui.dialogs.base import BaseDialog


class ReviewFormScreen(BaseDialog[str]):
    CSS_PATH = "../css/review_form.tcss"
    MESSAGE = "#review-message"
    BINDINGS = [
        Binding("ctrl+s", "save", "下一步"),
    ]

    def __init__(self, problem: str, passed: bool):
        super().__init__()
        self.problem = problem
        self.passed = passed

    def compose(self) -> ComposeResult:
        title = "复查通过，销号" if self.passed else "复查未通过，退回整改"
        prompt = "复查意见（可不填）" if self.passed else "退回的原因（必填）"
        with Vertical(id="review-form", classes="dialog"):
            yield Static(title, classes="title")
            yield Static(Text(f"问题：{self.problem}"), classes="detail muted")
            yield Input(placeholder=prompt, id="review-note", max_length=500)
            yield Static("", id="review-message", classes="message")
            yield Static("Enter 下一步：输入 PIN 签署 · Esc 取消", classes="muted")
            with Horizontal(classes="buttons"):
                yield Button("下一步", id="review-next", variant="primary")
                yield Button("取消", id="review-cancel")

    def on_mount(self) -> None:
        self.query_one("#review-note", Input).focus()

    @on(Input.Submitted, "#review-note")
    @on(Button.Pressed, "#review-next")
    def action_save(self) -> None:
        note = self.query_one("#review-note", Input).value.strip()
        if not self.passed and not note:
            self.say("退回整改时请写明原因。")
            return
        self.dismiss(note)

    @on(Button.Pressed, "#review-cancel")
    def _cancel(self) -> None:
        self.action_cancel()
