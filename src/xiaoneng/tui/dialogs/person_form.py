"""Add or edit one person: 工号, 姓名, 单位 (or a new unit, confirmed), 职务, 角色.

The form runs the save itself in a thread (adding hashes a PIN) and stays
open with the service's message when the input is refused, so a mistake is
corrected in place; it dismisses with the save's result only on success.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from xiaoneng.errors import UserError, XiaonengError
from xiaoneng.model.people import ROLE_LABELS, ROLES, Person, RosterEntry, Unit
from xiaoneng.tui.dialogs.base import BaseDialog

NEW_UNIT = "\x00new-unit"  # cannot clash with a unit id (ids are cleaned text)


@dataclass(frozen=True)
class PersonFields:
    """What the form collected; `unit` is a unit id, or the new unit's name."""

    id: str
    name: str
    unit: str
    new_unit: bool
    position: str
    roles: tuple[str, ...]


class PersonFormScreen(BaseDialog[Any]):
    CSS_PATH = "../css/dialogs.tcss"
    MESSAGE = "#pf-message"
    BINDINGS = [Binding("ctrl+s", "save", "保存")]

    def __init__(
        self,
        units: Sequence[Unit],
        save: Callable[[PersonFields], Any],
        person: Person | RosterEntry | None = None,
    ) -> None:
        super().__init__()
        self.units = list(units)
        self.save = save
        self.person = person
        self._saving = False

    def compose(self) -> ComposeResult:
        p = self.person
        options = [(u.name, u.id) for u in self.units] + [("新建单位...", NEW_UNIT)]
        with Vertical(id="person-form", classes="dialog"):
            yield Static(f"修改人员：{p.name}" if p else "新增人员", classes="title")
            with Horizontal(classes="form-row"):
                yield Label("工号", classes="form-label")
                yield Input(
                    p.id if p else "",
                    placeholder="字母或数字，最长 32 位",
                    id="pf-id",
                    max_length=32,
                    disabled=p is not None,  # the 工号 is the person: fixed once added
                    compact=True,
                )
            with Horizontal(classes="form-row"):
                yield Label("姓名", classes="form-label")
                yield Input(p.name if p else "", id="pf-name", max_length=40, compact=True)
            with Horizontal(classes="form-row"):
                yield Label("单位", classes="form-label")
                yield Select(
                    options,
                    prompt="请选择单位",
                    value=p.unit if p and any(u.id == p.unit for u in self.units) else Select.NULL,
                    id="pf-unit",
                    compact=True,
                )
            with Horizontal(classes="form-row new-unit"):
                yield Label("新单位", classes="form-label")
                yield Input(
                    placeholder="新单位的全称", id="pf-new-unit", max_length=60, compact=True
                )
                yield Checkbox("确认新建此单位", id="pf-new-confirm", compact=True)
            with Horizontal(classes="form-row"):
                yield Label("职务", classes="form-label")
                yield Input(p.position if p else "", id="pf-position", max_length=40, compact=True)
            with Horizontal(classes="form-row roles"):
                yield Label("角色", classes="form-label")
                held = p.roles if p else ("staff",)
                for role in ROLES:
                    yield Checkbox(
                        ROLE_LABELS[role], role in held, id=f"pf-role-{role}", compact=True
                    )
            yield Static("", id="pf-message", classes="message")
            with Horizontal(classes="buttons"):
                yield Button("保存(Ctrl+S)", id="pf-save", variant="primary")
                yield Button("取消(Esc)", id="pf-cancel")
            yield Static("Tab 或 Enter 下一项 · 空格勾选 · Ctrl+S 保存 · Esc 取消", classes="muted")

    def on_mount(self) -> None:
        self._show_new_unit(False)
        self.query_one("#pf-name" if self.person else "#pf-id", Input).focus()

    # -- the new-unit rows ------------------------------------------------------

    @on(Select.Changed, "#pf-unit")
    def _unit_changed(self, event: Select.Changed) -> None:
        self._show_new_unit(event.value == NEW_UNIT)

    def _show_new_unit(self, show: bool) -> None:
        for row in self.query(".new-unit"):
            row.display = show
        if not show:
            self.query_one("#pf-new-confirm", Checkbox).value = False

    @on(Input.Changed, "#pf-new-unit")
    def _new_name_changed(self) -> None:
        # A confirmation is for one name: typing another asks again.
        self.query_one("#pf-new-confirm", Checkbox).value = False

    # -- saving ----------------------------------------------------------------

    @on(Input.Submitted)
    def _next_field(self) -> None:
        self.focus_next()

    @on(Button.Pressed, "#pf-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#pf-cancel")
    def action_cancel(self) -> None:
        if not self._saving:
            self.dismiss(None)

    def action_save(self) -> None:
        if self._saving:
            return
        try:
            fields = self._fields()
        except UserError as err:
            self.say(err)
            return
        self._saving = True
        self.say("正在保存...", error=False)
        self.load(lambda: self.save(fields), self.dismiss, failed=self._failed, group="save")

    def _fields(self) -> PersonFields:
        value = self.query_one("#pf-unit", Select).value
        new_unit = False
        if value == Select.NULL:
            raise UserError("请选择单位（或选“新建单位...”）。")
        if value == NEW_UNIT:
            name = self.query_one("#pf-new-unit", Input).value.strip()
            if not name:
                raise UserError("请填写新单位的全称。")
            same = next((u for u in self.units if u.name == name), None)
            if same is not None:
                unit = same.id  # already exists: nothing to create
            elif not self.query_one("#pf-new-confirm", Checkbox).value:
                raise UserError(f"单位「{name}」尚不存在：请勾选“确认新建此单位”后再保存。")
            else:
                unit, new_unit = name, True
        else:
            unit = str(value)
        roles = tuple(r for r in ROLES if self.query_one(f"#pf-role-{r}", Checkbox).value)
        if not roles:
            raise UserError("请至少选择一个角色。")
        return PersonFields(
            id=self.query_one("#pf-id", Input).value.strip(),
            name=self.query_one("#pf-name", Input).value,
            unit=unit,
            new_unit=new_unit,
            position=self.query_one("#pf-position", Input).value,
            roles=roles,
        )

    def _failed(self, err: XiaonengError) -> None:
        self._saving = False
        self.say(err)
