"""Commitment letters (承诺书): mine with their state, and for leaders, the
office and unit heads, who has and has not signed."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Select, Static

from xiaoneng.model.checklist import LetterTemplate
from xiaoneng.model.people import ROLE_LABELS, Unit
from xiaoneng.services.letters import LetterDue
from xiaoneng.tui.base import BaseScreen
from xiaoneng.tui.format import when
from xiaoneng.tui.widgets.cell_text import clip
from xiaoneng.tui.widgets.footer import Footer

STATE_STYLES = {"unsigned": "bold red", "signed": "green", "resign": "bold yellow"}
STATE_FILTERS = ["all", "unsigned", "resign", "signed"]
STATE_FILTER_LABELS = {
    "all": "全部",
    "unsigned": "未签署",
    "resign": "需重新签署",
    "signed": "已签署",
}


def state_text(due: LetterDue) -> Text:
    return Text(due.label, style=STATE_STYLES[due.state])


def who_signs(template: LetterTemplate) -> str:
    if template.scope == "unit":
        return "由本单位主要负责人签署"
    return f"由{ROLE_LABELS.get(template.signer_role, template.signer_role)}本人签署"


@dataclass(frozen=True)
class LettersData:
    """What the screen shows, read in a worker."""

    mine: list[tuple[LetterTemplate, LetterDue | None]]  # every template, mine if due
    due: list[LetterDue] | None  # the overview's rows; None: no overview
    units: list[Unit]  # for the filter


class LettersScreen(BaseScreen[None]):
    CSS_PATH = "../css/letters.tcss"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "返回"),
        Binding("u", "pick_unit", "选择单位"),
        Binding("f", "state_filter", "筛选状态"),
        Binding("f5", "reload", "刷新"),
    ]

    MESSAGE = "#letters-message"

    def __init__(self) -> None:
        super().__init__()
        self.unit_filter: str | None = None
        self.state_filter = "all"
        self._due: list[LetterDue] = []
        self._due_rows: list[LetterDue] = []
        self._mine: list[tuple[LetterTemplate, LetterDue | None]] = []
        self._names: dict[str, str] = {}
        self._units_filled = False

    @property
    def overview(self) -> bool:
        user = self.user
        return user.sees_all or user.has("unit_head")

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("我的承诺书　Enter 阅读和签署", classes="section-title", id="mine-title")
        yield DataTable(id="my-letters", cursor_type="row")
        if self.overview:
            yield Static("签署情况", classes="section-title", id="due-title")
            if self.user.sees_all:
                yield Select([], id="unit-filter", prompt="全部单位", allow_blank=True)
            yield DataTable(id="due", cursor_type="row", zebra_stripes=True)
        yield Static("", id="letters-message", classes="message")
        yield Footer()

    def on_mount(self) -> None:
        mine = self.query_one("#my-letters", DataTable)
        mine.add_columns("承诺书", "年度", "状态", "签署时间", "说明")
        if self.overview:
            self.query_one("#due", DataTable).add_columns(
                "单位", "承诺书", "签署人", "状态", "签署时间"
            )
        mine.focus()

    def on_screen_resume(self) -> None:
        # Also runs when the screen is first shown, and after each dialog closes.
        self.action_reload()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "pick_unit":
            return self.user.sees_all
        if action == "state_filter":
            return self.overview
        return True

    # -- loading ---------------------------------------------------------------

    def action_reload(self) -> None:
        core, user, unit_filter = self.core, self.user, self.unit_filter

        def read() -> LettersData:
            mine_due = {d.template.id: d for d in core.letters.for_person(user)}
            mine = [(t, mine_due.get(t.id)) for t in core.letters.templates()]
            due = None
            if user.sees_all:
                due = core.letters.due(unit=unit_filter)
            elif user.has("unit_head"):
                due = core.letters.due(unit=user.unit)
            return LettersData(mine, due, core.org.units())

        self.load(read, self._loaded)

    def _loaded(self, msg: LettersData) -> None:
        self._names = {u.id: u.name for u in msg.units}
        self._show_mine(msg.mine)
        if msg.due is not None:
            self._due = msg.due
            self._show_due()
            if self.user.sees_all and not self._units_filled:
                # Filled once: setting options again would reset the choice.
                self._units_filled = True
                self.query_one("#unit-filter", Select).set_options(
                    (u.name, u.id) for u in msg.units
                )

    def _show_mine(self, mine: list[tuple[LetterTemplate, LetterDue | None]]) -> None:
        table = self.query_one("#my-letters", DataTable)
        row = table.cursor_row
        table.clear()
        for template, due in mine:
            if due is None:
                state, stamp, note = Text("-", style="dim"), "", who_signs(template)
            else:
                state = state_text(due)
                stamp = when(due.signed_at) if due.signed_at else ""
                note = ""
                if due.state == "resign":
                    note = f"已签第 {due.version} 版，现为第 {template.version} 版"
            year = str(due.year) if due else str(self.core.today().year)
            width = 50 if self.has_class("-wide") else 30
            table.add_row(clip(template.title, width), year, state, stamp, note, key=template.id)
        self._mine = mine
        if table.row_count:
            table.move_cursor(row=min(max(row, 0), table.row_count - 1))
        todo = sum(1 for _, d in mine if d is not None and d.state != "signed")
        self.query_one("#mine-title", Static).update(
            f"我的承诺书（待签署 {todo} 份）　Enter 阅读和签署"
        )

    def _show_due(self) -> None:
        table = self.query_one("#due", DataTable)
        table.clear()
        rows = [d for d in self._due if self.state_filter in ("all", d.state)]
        for i, d in enumerate(rows):
            table.add_row(
                clip(self._names.get(d.unit, d.unit), 14),
                clip(d.template.title, 40 if self.has_class("-wide") else 24),
                f"{d.signer.name}（{d.signer.id}）" if d.signer else "-",
                state_text(d),
                when(d.signed_at) if d.signed_at else "",
                key=str(i),
            )
        self._due_rows = rows
        counts = {k: sum(d.state == k for d in self._due) for k in STATE_FILTERS[1:]}
        scope = "全部单位" if self.unit_filter is None else self._names.get(self.unit_filter, "")
        if not self.user.sees_all:
            scope = self._names.get(self.user.unit, "本单位")
        self.query_one("#due-title", Static).update(
            f"签署情况（{scope}）应签 {len(self._due)}，已签 {counts['signed']}，"
            f"未签 {counts['unsigned']}，需重签 {counts['resign']}"
            f"　显示：{STATE_FILTER_LABELS[self.state_filter]}"
        )

    # -- actions -------------------------------------------------------------------

    def action_pick_unit(self) -> None:
        self.query_one("#unit-filter", Select).focus()

    def action_state_filter(self) -> None:
        i = STATE_FILTERS.index(self.state_filter)
        self.state_filter = STATE_FILTERS[(i + 1) % len(STATE_FILTERS)]
        self._show_due()

    @on(Select.Changed, "#unit-filter")
    def _unit_changed(self, event: Select.Changed) -> None:
        value = event.value if isinstance(event.value, str) else None
        if value != self.unit_filter:
            self.unit_filter = value
            self.action_reload()

    @on(DataTable.RowSelected, "#my-letters")
    def _open_mine(self, event: DataTable.RowSelected) -> None:
        self.xapp.go("letter", str(event.row_key.value))

    @on(DataTable.RowSelected, "#due")
    def _open_due(self, event: DataTable.RowSelected) -> None:
        # The overview opens the template's text (as the viewer would read it).
        d = self._due_rows[int(str(event.row_key.value))]
        self.xapp.go("letter", d.template.id)
