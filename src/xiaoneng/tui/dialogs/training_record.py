"""At the training class: record a 补签, 请假 or 缺席 for one participant,
with the reason (required); the caller confirms it with the helper's PIN."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, RadioButton, RadioSet, Static

from xiaoneng.model.training import ATTENDANCE_KINDS
from xiaoneng.tui.dialogs.base import BaseDialog
from xiaoneng.tui.widgets.choice_keys import ChoiceKeys

KINDS = ["late", "leave", "absent"]  # 补签 请假 缺席, keys 1-3


class TrainingRecordDialog(BaseDialog[tuple[str, str]]):
    """Dismisses with (kind, reason), or None when cancelled."""

    CSS_PATH = "../css/jinguo_dialogs.tcss"
    MESSAGE = "#tr-message"
    typing: ChoiceKeys

    def __init__(self, sitting_label: str, person_label: str):
        super().__init__()
        self.sitting_label = sitting_label
        self.person_label = person_label
        self.typing = ChoiceKeys(self, "#tr-kind", ["#tr-reason"], self._submit)

    def compose(self) -> ComposeResult:
        with Vertical(id="training-record", classes="dialog"):
            yield Static("登记补签、请假或缺席", classes="title")
            yield Static(f"课程：{self.sitting_label}\n学员：{self.person_label}", classes="detail")
            with RadioSet(id="tr-kind"):
                for i, kind in enumerate(KINDS):
                    yield RadioButton(f"{i + 1} {ATTENDANCE_KINDS[kind]}", value=i == 0)
            yield Label("原因（必填）")
            yield Input(id="tr-reason", max_length=200, placeholder="如：签到时漏登；单位值班")
            yield Static("", id="tr-message", classes="message")
            yield Static(
                "1-3 选择类型 · Tab 到原因 · Enter 确认（需输入你的 PIN）· Esc 取消",
                classes="muted hint",
            )

    def on_mount(self) -> None:
        self.typing.start()

    @property
    def kind(self) -> str:
        return KINDS[self.typing.index]

    @on(RadioSet.Changed, "#tr-kind")
    def _clicked(self, event: RadioSet.Changed) -> None:
        self.typing.index = event.index

    def _submit(self, box: Input) -> None:
        reason = box.value.strip()
        if not reason:
            self.say(f"{ATTENDANCE_KINDS[self.kind]}必须写明原因。")
            return
        self.dismiss((self.kind, reason))
