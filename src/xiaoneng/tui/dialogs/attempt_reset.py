"""The office resets a person's quiz attempts on a module: the reason
(required, kept in the ledger); the caller then asks for the office's PIN."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from xiaoneng.model.people import Person
from xiaoneng.services.study import StudyStatus
from xiaoneng.tui.dialogs.base import BaseDialog
from xiaoneng.tui.keyboard import FieldKeys


class AttemptResetDialog(BaseDialog[str]):
    """Dismisses with the reason, or None when cancelled."""

    MESSAGE = "#ar-message"
    typing: FieldKeys

    def __init__(self, person: Person, status: StudyStatus):
        super().__init__()
        self.person, self.status = person, status
        # A reason typed the moment the dialog opens, Enter and all, counts.
        self.typing = FieldKeys(self, ["#ar-reason"], self._submit)

    def compose(self) -> ComposeResult:
        st, m = self.status, self.status.module
        with Vertical(id="attempt-reset", classes="dialog"):
            yield Static("重置测验次数", classes="title")
            yield Static(
                # One fact a line: Rich breaks a line only at spaces, so "第 2 版"
                # inside a long sentence would be torn apart.
                f"人员：{self.person.name}（{self.person.id}）\n模块：{m.title}\n"
                f"版本：第 {m.version} 版　已用 {st.attempts_used}/{m.attempts} 次\n"
                "重置后未通过的测验不再计入次数，记录仍全部保留；重置连同原因记入台账。",
                classes="detail",
            )
            yield Label("原因（必填）")
            yield Input(id="ar-reason", max_length=200, placeholder="如：已重新组织学习，同意再测")
            yield Static("", id="ar-message", classes="message")
            yield Static("Enter 下一步（输入你的 PIN）· Esc 取消", classes="muted hint")

    def on_mount(self) -> None:
        self.typing.start()

    def _submit(self, box: Input) -> None:
        reason = box.value.strip()
        if not reason:
            self.say("请写明重置的原因。")
            return
        self.dismiss(reason)
