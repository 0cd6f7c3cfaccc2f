"""A form of labelled text fields for the 巾帼文明岗 office work (a training
class, a course, a participant, a post's application): Enter goes to the
next field, Enter on the last or Ctrl+S saves. `save(values)` runs in a
worker and does the checking (a service call); its refusal is shown in the
form, which stays open with what was typed."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Input, Label, Static

from xiaoneng.errors import XiaonengError
from xiaoneng.tui.dialogs.base import BaseDialog
from xiaoneng.tui.keyboard import FieldKeys


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    value: str = ""
    hint: str = ""  # placeholder: what to type, e.g. 上午/下午
    max_length: int = 60


class JinguoFormDialog(BaseDialog[Any]):
    """Dismisses with what `save` returned, or None when cancelled."""

    CSS_PATH = "../css/jinguo_dialogs.tcss"
    MESSAGE = "#jf-message"
    BINDINGS = [
        Binding("escape", "cancel", "取消"),
        Binding("ctrl+s", "save", "保存", priority=True),
    ]
    typing: FieldKeys

    def __init__(
        self,
        title: str,
        fields: Sequence[Field],
        save: Callable[[dict[str, str]], Any],
        *,
        note: str = "",
    ) -> None:
        super().__init__()
        self.title_text = title
        self.fields = list(fields)
        self.save = save
        self.note = note
        self.typing = FieldKeys(self, [f"#jf-{f.key}" for f in self.fields], self._enter)

    def compose(self) -> ComposeResult:
        with Vertical(id="jinguo-form", classes="dialog"):
            yield Static(self.title_text, classes="title")
            if self.note:
                yield Static(self.note, classes="muted")
            with VerticalScroll(id="jf-fields"):
                for f in self.fields:
                    with Horizontal(classes="jf-row"):
                        yield Label(f.label, classes="jf-label")
                        yield Input(
                            f.value,
                            id=f"jf-{f.key}",
                            placeholder=f.hint,
                            max_length=f.max_length,
                            classes="jf-input",
                        )
            yield Static("", id="jf-message", classes="message")
            yield Static("Enter 下一项 · 最后一项 Enter 或 Ctrl+S 保存 · Esc 取消", classes="muted")

    def on_mount(self) -> None:
        self.query_one("#jf-fields", VerticalScroll).can_focus = False
        self.typing.start()

    def _enter(self, box: Input) -> None:
        boxes = self.typing.fields()
        at = boxes.index(box)
        if at + 1 < len(boxes):
            self.typing.focus(boxes[at + 1])
        else:
            self.action_save()

    def values(self) -> dict[str, str]:
        return {f.key: self.query_one(f"#jf-{f.key}", Input).value for f in self.fields}

    def action_save(self) -> None:
        values, save = self.values(), self.save
        self.say("正在保存…", error=False)
        self.load(lambda: save(values), self.dismiss, failed=self._failed, group="save")

    def _failed(self, err: XiaonengError) -> None:
        self.say(err)
