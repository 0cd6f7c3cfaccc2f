"""New study session (admin): title, module, date and time, place, host,
recorder, and the attendees chosen by unit and person."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, Select, SelectionList, Static
from textual.widgets.selection_list import Selection

from xiaoneng.errors import XiaonengError
from xiaoneng.model.checklist import StudyModule
from xiaoneng.model.people import Person, Unit
from xiaoneng.model.records import StudySession
from xiaoneng.services.sessions import parse_start
from xiaoneng.tui.dialogs.base import BaseDialog

if TYPE_CHECKING:
    from xiaoneng.services.core import Core


@dataclass(frozen=True)
class Choices:
    """What the form offers, read in a worker."""

    modules: list[StudyModule]
    units: list[Unit]
    people: list[Person]


def read_choices(core: Core) -> Choices:
    """What the form offers (in a worker: the screen that opens the form reads it ahead)."""
    return Choices(core.study.modules(), core.org.units(), core.roster.people())


class SessionFormScreen(BaseDialog[StudySession]):
    """Dismisses with the created StudySession, or None."""

    CSS_PATH = "../css/session_form.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "保存", priority=True),
    ]

    MESSAGE = "#sf-message"

    def __init__(self, choices: Choices | None = None) -> None:
        super().__init__()
        self.choices = choices  # read ahead by the sessions screen; None: read here

    def compose(self) -> ComposeResult:
        core = self.core
        # Fields scroll; the message and the buttons stay in sight at any size.
        with Vertical(id="session-form", classes="dialog wide"):
            yield Static("新建集中学习活动", classes="title")
            yield from self._fields(core)
            yield Static("", id="sf-message", classes="message")
            with Horizontal(classes="buttons"):
                yield Button("保存 Ctrl+S", id="sf-save", variant="primary")
                yield Button("取消 Esc", id="sf-cancel")

    def _fields(self, core: Core) -> ComposeResult:
        with VerticalScroll(id="sf-fields"):
            yield Label("活动名称")
            yield Input(id="sf-title", max_length=80, placeholder="如：安全生产法集中学习")
            yield Label("学习内容（学习模块）")
            yield Select([], id="sf-module", prompt="请选择学习模块")
            with Horizontal(id="sf-when"):
                with Vertical(classes="sf-col"):
                    yield Label("日期（年-月-日）")
                    yield Input(id="sf-date", value=core.today().isoformat(), max_length=10)
                with Vertical(classes="sf-col"):
                    yield Label("开始时间（时:分）")
                    yield Input(id="sf-time", placeholder="14:30", max_length=5)
            yield Label("地点")
            yield Input(id="sf-place", max_length=60, placeholder="如：三楼会议室")
            with Horizontal(id="sf-people-row"):
                with Vertical(classes="sf-col"):
                    yield Label("主持人/主讲人")
                    yield Input(id="sf-host", max_length=40)
                with Vertical(classes="sf-col"):
                    yield Label("记录人")
                    yield Input(id="sf-recorder", max_length=40, value=self.user.name)
            yield Label("参加单位（勾选单位即选中该单位全部人员；空格勾选）")
            yield SelectionList(id="sf-units")
            yield Label("参加人员（可逐个增减）", id="sf-people-label")
            yield SelectionList(id="sf-people")

    def on_mount(self) -> None:
        self._unit_people: dict[str, list[str]] = {}
        self.query_one("#sf-title", Input).focus()
        if self.choices is not None:
            self._loaded(self.choices)
        else:
            core = self.core
            self.load(lambda: read_choices(core), self._loaded)

    def _loaded(self, msg: Choices) -> None:
        self.query_one("#sf-module", Select).set_options((m.title, m.id) for m in msg.modules)
        names = {u.id: u.name for u in msg.units}
        for p in msg.people:
            self._unit_people.setdefault(p.unit, []).append(p.id)
        units = self.query_one("#sf-units", SelectionList)
        units.add_options(
            Selection(Text(f"{u.name}（{len(self._unit_people.get(u.id, []))} 人）"), u.id, id=u.id)
            for u in msg.units
        )
        people = self.query_one("#sf-people", SelectionList)
        people.add_options(
            Selection(
                Text(f"{p.name}　{p.id}　{names.get(p.unit, p.unit)}　{p.position}"), p.id, id=p.id
            )
            for p in msg.people
        )
        # Highlighted from the start: the first Space in a list ticks an entry.
        for box in (units, people):
            if box.option_count:
                box.highlighted = 0
        self._count()

    @on(SelectionList.SelectionToggled, "#sf-units")
    def _unit_toggled(self, event: SelectionList.SelectionToggled) -> None:
        unit = event.selection.value
        people = self.query_one("#sf-people", SelectionList)
        on = unit in event.selection_list.selected
        for pid in self._unit_people.get(unit, []):
            if on:
                people.select(pid)
            else:
                people.deselect(pid)

    @on(SelectionList.SelectedChanged, "#sf-people")
    def _count(self) -> None:
        n = len(self.query_one("#sf-people", SelectionList).selected)
        self.query_one("#sf-people-label", Label).update(f"参加人员（已选 {n} 人，可逐个增减）")

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        self.focus_next()

    @on(Button.Pressed, "#sf-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#sf-cancel")
    def _cancel(self) -> None:
        self.action_cancel()

    def _value(self, wid: str) -> str:
        return self.query_one(f"#{wid}", Input).value

    def action_save(self) -> None:
        module = self.query_one("#sf-module", Select).value
        try:
            start = parse_start(
                self._value("sf-date"), self._value("sf-time"), self.core.now().tzinfo
            )
        except XiaonengError as err:
            self.say(str(err))
            bad = "sf-date" if "日期" in str(err) else "sf-time"
            self.query_one(f"#{bad}", Input).focus()
            return
        if module == Select.NULL:
            self.say("请选择学习模块。")
            self.query_one("#sf-module", Select).focus()
            return
        attendees = list(self.query_one("#sf-people", SelectionList).selected)
        if not attendees:
            self.say("请选择参加单位或人员。")
            self.query_one("#sf-units", SelectionList).focus()
            return
        self.say("正在保存…", error=False)
        self.query_one("#sf-save", Button).disabled = True
        core, user = self.core, self.user
        title, place = self._value("sf-title"), self._value("sf-place")
        host, recorder = self._value("sf-host"), self._value("sf-recorder")
        self.load(
            lambda: core.sessions.create(
                user,
                title=title,
                module=str(module),
                start=start,
                place=place,
                host=host,
                recorder=recorder,
                attendees=attendees,
            ),
            self.dismiss,
            failed=self._create_failed,
            group="save",
        )

    def _create_failed(self, err: XiaonengError) -> None:
        self.query_one("#sf-save", Button).disabled = False
        self.say(err)

    def say(self, text: str | Exception, *, error: bool = True) -> None:
        super().say(text, error=error)
        # The form scrolls: keep the message in sight.
        line = self.query_one(self.MESSAGE)
        self.call_after_refresh(line.scroll_visible, animate=False)
