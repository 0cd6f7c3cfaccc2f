"""The office resets a person's quiz attempts on a module: the reason
(required, kept in the ledger); the caller then asks for the office's PIN."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from xiaoneng.model.people import Person
from xiaoneng.services.study import StudyStatus
from xiaoneng.tui.dialogs.base import BaseDialog


class AttemptResetDialog(BaseDialog[str]):
    """Dismisses with the reason, or None when cancelled."""

    MESSAGE = "#ar-message"

    def __init__(self, person: Person, status: StudyStatus):
        super().__init__()
        self.person, self.status = person, status

    def compose(self) -> ComposeResult:
        st, m = self.status, self.status.module
        with Vertical(id="attempt-reset", classes="dialog"):
            yield Static("重置测验次数", classes="title")
            yield Static(
                f"人员：{self.person.name}（{self.person.id}）\n模块：{m.title}（第 {m.version} 版）\n"
                f"已用 {st.attempts_used}/{m.attempts} 次。重置后未通过的测验不再计入次数，"
                "记录仍全部保留；重置连同原因记入台账。",
                classes="detail",
            )
            yield Label("原因（必填）")
            yield Input(id="ar-reason", max_length=200, placeholder="如：已重新组织学习，同意再测")
            yield Static("", id="ar-message", classes="message")
            yield Static("Enter 下一步（输入你的 PIN）· Esc 取消", classes="muted hint")

    def on_mount(self) -> None:
        self.query_one("#ar-reason", Input).focus()

    @on(Input.Submitted, "#ar-reason")
    def _submit(self, event: Input.Submitted) -> None:
        reason = event.value.strip()
        if not reason:
            self.say("请写明重置的原因。")
            return
        self.dismiss(reason)
