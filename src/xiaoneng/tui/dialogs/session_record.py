"""The office records a late or proxy sign-in, a leave or an absence for one
attendee, with the reason (required)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, RadioButton, RadioSet, Static

from xiaoneng.model.records import SIGNIN_KINDS
from xiaoneng.tui.dialogs.base import BaseDialog
from xiaoneng.tui.keyboard import FieldKeys

KINDS = ["late", "proxy", "leave", "absent"]  # 补签 代签 请假 缺席, keys 1-4


class SessionRecordScreen(BaseDialog[tuple[str, str]]):
    """Dismisses with (kind, reason), or None when cancelled. The caller
    confirms with the admin's PIN and records it."""

    CSS_PATH = "../css/session_record.tcss"
    MESSAGE = "#sr-message"
    BINDINGS = [
        Binding("1", "kind(0)", "补签", show=False),
        Binding("2", "kind(1)", "代签", show=False),
        Binding("3", "kind(2)", "请假", show=False),
        Binding("4", "kind(3)", "缺席", show=False),
    ]

    typing: FieldKeys

    def __init__(self, session_title: str, person_label: str):
        super().__init__()
        self.session_title = session_title
        self.person_label = person_label
        self._chosen = 0  # index into KINDS
        # The reason typed straight after choosing (2, Tab, 原因, Enter) lands in its box.
        keys = {str(i + 1): lambda i=i: self.action_kind(i) for i in range(len(KINDS))}
        self.typing = FieldKeys(self, ["#sr-reason"], self._submit, shortcuts=keys)

    def compose(self) -> ComposeResult:
        with Vertical(id="session-record", classes="dialog"):
            yield Static("登记补签、代签、请假或缺席", classes="title")
            yield Static(f"活动：{self.session_title}\n人员：{self.person_label}", classes="detail")
            with RadioSet(id="sr-kind"):
                for i, kind in enumerate(KINDS):
                    yield RadioButton(f"{i + 1} {SIGNIN_KINDS[kind]}", value=i == 0)
            yield Label("原因（必填）")
            yield Input(id="sr-reason", max_length=200, placeholder="如：当天外出培训，次日补签")
            yield Static("", id="sr-message", classes="message")
            yield Static(
                "1-4 选择类型 · Tab 到原因 · Enter 确认（需输入你的 PIN）· Esc 取消",
                classes="muted hint",
            )

    def on_mount(self) -> None:
        self.typing.start(self.query_one("#sr-kind", RadioSet))

    @property
    def kind(self) -> str:
        return KINDS[self._chosen]

    @on(RadioSet.Changed, "#sr-kind")
    def _changed(self, event: RadioSet.Changed) -> None:
        self._chosen = max(event.index, 0)

    def action_kind(self, index: int) -> None:
        # The choice only: focus stays on the list, so Tab (as the hint says)
        # goes to 原因 (moving there too made that Tab leave it again).
        self._chosen = index  # at once: the RadioSet reports its change later
        buttons = list(self.query(RadioButton))
        buttons[index].value = True

    def _submit(self, box: Input) -> None:
        reason = box.value.strip()
        if not reason:
            self.say(f"{SIGNIN_KINDS[self.kind]}必须写明原因。")
            return
        self.dismiss((self.kind, reason))
