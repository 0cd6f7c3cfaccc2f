"""Start a check activity (office only): title, checklist, units, deadline
per mode, how the self check is done, and which units each leader inspects."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, Select, SelectionList, Static
from textual.widgets.selection_list import Selection

from xiaoneng.errors import UserError, XiaonengError
from xiaoneng.model.checklist import MODE_LABELS, MODES, CheckTemplate
from xiaoneng.model.dates import parse_day
from xiaoneng.model.people import Person, Unit
from xiaoneng.model.records import Activity
from xiaoneng.services.activities import ActivityStart
from xiaoneng.tui.dialogs.base import BaseDialog

SCOPES = [("每人自查", "person"), ("单位负责人代表单位自查", "unit")]


@dataclass(frozen=True)
class Choices:
    """What the form offers, read in a worker."""

    templates: list[CheckTemplate]
    units: list[Unit]
    leaders: list[Person]
    leads: dict[str, list[str]]  # leader id -> unit ids, the default round


class ActivityFormScreen(BaseDialog[Activity]):
    CSS_PATH = "../css/activity_form.tcss"
    MESSAGE = "#activity-message"
    BINDINGS = [Binding("ctrl+s", "create", "发起")]

    def __init__(self) -> None:
        super().__init__()
        self._templates: dict[str, CheckTemplate] = {}
        self._leaders: list[Person] = []
        self._leads_touched = False
        self._ready = False
        self._default_title = ""  # the last title suggested (replaced until the office edits it)

    def compose(self) -> ComposeResult:
        year = self.core.today().year
        with Vertical(id="activity-form", classes="dialog wide"):
            yield Static("发起检查活动", classes="title")
            with VerticalScroll(id="activity-fields"):
                with Horizontal(classes="form-row"):
                    yield Label("活动名称", classes="form-label")
                    yield Input(id="act-title", max_length=80, compact=True)
                with Horizontal(classes="form-row"):
                    yield Label("检查表", classes="form-label")
                    yield Select([], id="act-template", prompt="正在读取…", compact=True)
                yield Static("截止日期（留空表示本次不做该项检查）", classes="section-title")
                for mode in MODES:
                    with Horizontal(classes="form-row", id=f"row-{mode}"):
                        yield Label(f"{MODE_LABELS[mode]}截止", classes="form-label")
                        yield Input(
                            placeholder=f"如 {year}-04-30（留空：不做）",
                            id=f"due-{mode}",
                            max_length=12,
                            compact=True,
                        )
                with Horizontal(classes="form-row", id="row-scope"):
                    yield Label("自查方式", classes="form-label")
                    yield Select(
                        SCOPES, id="act-scope", allow_blank=False, value="person", compact=True
                    )
                yield Static("参加单位（空格勾选或取消）", classes="section-title")
                yield SelectionList(id="act-units")
                with Vertical(id="lead-section"):
                    yield Static(
                        "领导巡查安排（默认按顺序分配，可修改）",
                        classes="section-title",
                    )
                    yield Vertical(id="lead-lists")
            yield Static("", id="activity-message", classes="message")
            with Horizontal(classes="buttons"):
                yield Button("发起 Ctrl+S", id="act-create", variant="primary")
                yield Button("取消 Esc", id="act-cancel")

    def on_mount(self) -> None:
        self.query_one("#act-title", Input).focus()
        core = self.core

        def read() -> Choices:
            units = core.org.units()
            leads = core.activities.default_leads([u.id for u in units])
            return Choices(core.activities.templates(), units, core.activities.leaders(), leads)

        self.load(read, self._loaded)

    async def _loaded(self, msg: Choices) -> None:
        self._templates = {t.id: t for t in msg.templates}
        select = self.query_one("#act-template", Select)
        select.set_options([(Text(t.title), t.id) for t in msg.templates])
        preferred = next((t.id for t in msg.templates if t.id == "sancha-check"), None)
        if preferred or msg.templates:
            select.value = preferred or msg.templates[0].id
        units = self.query_one("#act-units", SelectionList)
        units.add_options([Selection(Text(u.name), u.id, True) for u in msg.units])
        self._leaders = msg.leaders
        lists = self.query_one("#lead-lists", Vertical)
        if not msg.leaders:
            await lists.mount(
                Static("名册中没有领导角色的人员，无法安排领导巡查。", classes="muted")
            )
        for i, leader in enumerate(msg.leaders):
            mine = set(msg.leads.get(leader.id, []))
            await lists.mount(
                Label(
                    Text(f"{leader.name}（{leader.position or leader.id}）巡查："),
                    classes="lead-name",
                ),
                SelectionList(
                    *[Selection(Text(u.name), u.id, u.id in mine) for u in msg.units],
                    id=f"lead-{i}",
                    classes="lead-units",
                ),
            )
        self._ready = True
        self._show_modes()

    @on(Select.Changed, "#act-template")
    def _template_changed(self) -> None:
        self._show_modes()
        tpl = self._template()
        if tpl is not None:
            activities = self.core.activities
            self.load(lambda: activities.start_defaults(tpl.id), self._defaults, group="defaults")

    def _defaults(self, start: ActivityStart) -> None:
        """The chosen checklist's defaults: its checks' deadlines, who self-checks,
        a title not used this year (unless the office typed its own)."""
        for mode in MODES:
            due = start.deadlines.get(mode)
            self.query_one(f"#due-{mode}", Input).value = due.isoformat() if due else ""
        self.query_one("#act-scope", Select).value = start.self_scope
        title = self.query_one("#act-title", Input)
        if title.value in ("", self._default_title):
            title.value = start.title
        self._default_title = start.title

    def _template(self) -> CheckTemplate | None:
        value = self.query_one("#act-template", Select).value
        return self._templates.get(value) if isinstance(value, str) else None

    def _show_modes(self) -> None:
        tpl = self._template()
        modes = tpl.modes if tpl else MODES
        for mode in MODES:
            self.query_one(f"#row-{mode}").display = mode in modes
        self.query_one("#row-scope").display = "self" in modes
        self.query_one("#lead-section").display = "lead" in modes

    @on(SelectionList.SelectionToggled, ".lead-units")
    def _leads_edited(self) -> None:
        self._leads_touched = True

    @on(SelectionList.SelectedChanged, "#act-units")
    def _units_changed(self) -> None:
        # Until the office edits the round by hand, it follows the units chosen.
        if self._ready and not self._leads_touched:
            self.recompute_leads(list(self.query_one("#act-units", SelectionList).selected))

    def recompute_leads(self, unit_ids: list[str]) -> None:
        activities = self.core.activities
        self.load(lambda: activities.default_leads(unit_ids), self._default_leads, group="leads")

    def _default_leads(self, leads: dict[str, list[str]]) -> None:
        if self._leads_touched:
            return
        for i, leader in enumerate(self._leaders):
            lst = self.query_one(f"#lead-{i}", SelectionList)
            lst.deselect_all()
            for uid in leads.get(leader.id, []):
                lst.select(uid)

    # -- creating ------------------------------------------------------------------

    def _form(self) -> dict[str, Any]:
        tpl = self._template()
        if tpl is None:
            raise UserError("请选择检查表。")
        today = self.core.today()
        deadlines = {}
        for mode in tpl.modes:
            text = self.query_one(f"#due-{mode}", Input).value
            if text.strip():
                label = f"{MODE_LABELS[mode]}截止日期"
                deadlines[mode] = parse_day(text, label, not_before=today)
        units = list(self.query_one("#act-units", SelectionList).selected)
        if not units:
            raise UserError("请至少选择一个参加单位。")
        leads = None
        if "lead" in deadlines:
            leads = {
                leader.id: list(self.query_one(f"#lead-{i}", SelectionList).selected)
                for i, leader in enumerate(self._leaders)
            }
        return {
            "title": self.query_one("#act-title", Input).value,
            "template": tpl.id,
            "deadlines": deadlines,
            "units": units,
            "leads": leads,
            "self_scope": self.query_one("#act-scope", Select).value,
        }

    @on(Button.Pressed, "#act-create")
    def action_create(self) -> None:
        if not self._ready:
            return
        try:
            form = self._form()
        except UserError as err:
            self.say(err)
            return
        self.say("正在发起…", error=False)
        self.query_one("#act-create", Button).disabled = True
        core, user = self.core, self.user
        self.load(
            lambda: core.activities.create(user, **form),
            self.dismiss,
            failed=self._not_created,
            group="save",
        )

    def _not_created(self, err: XiaonengError) -> None:
        self.query_one("#act-create", Button).disabled = False
        self.say(err)

    @on(Button.Pressed, "#act-cancel")
    def _cancel(self) -> None:
        self.action_cancel()
