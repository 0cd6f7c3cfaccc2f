"""问题整改台账 (the rectification register): every finding the signed-in person may see, with filters by
unit, source (自查/互查/巡查), state and overdue; Enter opens one.

Rows are read in a worker from the year's findings index
(services.findings.rows); they carry the names. Unfiltered, for those who see
every finding, the rows come from the year's head (services.findings.first_rows:
the first few hundred, with how many there are and how many are overdue, in one
small file however many findings there are); the rest is read when the cursor
gets past them. The table takes rows in batches of CHUNK, each
added at once (the next batch when the cursor reaches the end): DataTable
measures every cell it is given (about 0.3 s per thousand rows), so showing
the first hundred keeps the register as quick at 5,000 staff as at 30.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Checkbox, DataTable, Header, Select, Static

from xiaoneng.model.checklist import MODE_LABELS
from xiaoneng.model.dates import parse_date
from xiaoneng.model.records import FINDING_STATES
from xiaoneng.tui.base import BaseScreen
from xiaoneng.tui.format import day, due_text
from xiaoneng.tui.widgets.cell_text import plain
from xiaoneng.tui.widgets.fit_table import Col, FitTable
from xiaoneng.tui.widgets.footer import Footer

if TYPE_CHECKING:
    from xiaoneng.services.core import Core

CHUNK = 100
STATE_STYLES = {"open": "yellow", "in_progress": "cyan", "review": "magenta", "closed": "green"}
# What matters stays at any width: 编号, the problem, who, by when, the state;
# the rest drops off on narrow terminals (highest `drop` first) into the
# detail line under the table.
COLUMNS = (
    Col("编号", fixed=True),
    Col("发现时间", fixed=True, drop=5),
    Col("方式", drop=4),
    Col("单位", min=10, drop=1),
    Col("问题描述", min=14),
    Col("等级", drop=2),
    Col("责任人", min=6),
    Col("整改期限", fixed=True),
    Col("状态", fixed=True),
    Col("复查人", min=6, drop=3),
)
IN_DETAIL = {"问题描述", "状态", "责任人", "整改期限", "复查人"}  # the detail line has these anyway


Row = dict[str, Any]  # one finding as services.findings.rows gives it
Filters = dict[str, Any]  # unit, source, state, overdue


@dataclass(frozen=True)
class RegisterData:
    """The rows and the names they need, read in a worker."""

    rows: list[Row]
    names: dict[str, str]  # person id -> name, for rows from before rows named them
    units: dict[str, str]  # unit id -> name
    unit_options: list[tuple[Text, str]] | None  # for the unit filter, on the first load
    error: str = ""
    # Set for the first rows only, shown while the rest is read: how many in all.
    total: int | None = None
    overdue: int = 0

    @classmethod
    def failed(cls, err: Exception) -> RegisterData:
        return cls([], {}, {}, None, str(err))


class RegisterScreen(BaseScreen[None]):
    CSS_PATH = "../css/register.tcss"
    BINDINGS = [
        Binding("escape", "back", "返回"),
        Binding("s", "cycle('state')", "状态"),
        Binding("m", "cycle('source')", "方式"),
        Binding("u", "unit", "单位"),
        Binding("o", "overdue", "逾期"),
        Binding("x", "clear", "清除筛选"),
        Binding("f5", "reload", "刷新", show=False),
    ]

    def __init__(self, unit: str = "") -> None:
        super().__init__()
        self._unit = unit  # opened for one unit (a leader's 各单位完成情况 row)
        self._rows: dict[str, Row] = {}
        self._rest: list[Row] = []  # rows not yet in the table
        self._names: dict[str, str] = {}
        self._units: dict[str, str] = {}
        self._requested: Filters = {}
        self._units_loaded = False
        self._shown: list[str] = []  # ids of the rows in the table, in order
        self._unread = 0  # rows after the first ones, read when the cursor gets there
        self._reading = False  # they are being read

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("问题整改台账", id="register-title", classes="whoami")
        with Horizontal(id="register-filters"):
            yield Select([], id="filter-unit", prompt="全部单位", compact=True)
            yield Select(
                [(label, code) for code, label in MODE_LABELS.items()],
                id="filter-source",
                prompt="全部方式",
                compact=True,
            )
            yield Select(
                [(label, code) for code, label in FINDING_STATES.items()],
                id="filter-state",
                prompt="全部状态",
                compact=True,
            )
            yield Checkbox("只看逾期", id="filter-overdue", compact=True)
        # 编号 stays put while ←/→ scroll the other columns on narrow terminals.
        yield FitTable(COLUMNS, id="register", zebra_stripes=True, fixed_columns=1)
        yield Static("正在读取…", id="register-empty", classes="muted")
        yield Static("", id="register-more", classes="muted")
        yield Static("", id="register-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#register", FitTable).focus()

    def on_screen_resume(self) -> None:
        # Also sent when the screen is first shown: the one place that loads.
        self.action_reload()

    # -- filters -------------------------------------------------------------------

    def _value(self, selector: str) -> str | None:
        value = self.query_one(selector, Select).value
        return value if isinstance(value, str) else None

    def _filters(self) -> Filters:
        # Until the unit list has loaded, the unit the screen was opened for.
        unit = self._value("#filter-unit") if self._units_loaded else self._unit or None
        return {
            "unit": unit,
            "source": self._value("#filter-source"),
            "state": self._value("#filter-state"),
            "overdue": self.query_one("#filter-overdue", Checkbox).value,
        }

    @on(Select.Changed)
    @on(Checkbox.Changed)
    def _filter_changed(self) -> None:
        if self._filters() != self._requested:  # filling the unit list changes nothing
            self.action_reload()

    def action_reload(self) -> None:
        self._requested = self._filters()
        self.reload(self._requested, with_units=not self._units_loaded)

    def action_cycle(self, which: str) -> None:
        """Step a filter through its values (then back to 全部)."""
        select = self.query_one(f"#filter-{which}", Select)
        values = [code for code in (MODE_LABELS if which == "source" else FINDING_STATES)]
        current = select.value if isinstance(select.value, str) else None
        i = values.index(current) + 1 if current in values else 0
        if i < len(values):
            select.value = values[i]
        else:
            select.clear()

    def action_unit(self) -> None:
        self.query_one("#filter-unit", Select).focus()

    def action_overdue(self) -> None:
        box = self.query_one("#filter-overdue", Checkbox)
        box.value = not box.value

    def action_clear(self) -> None:
        for name in ("unit", "source", "state"):
            self.query_one(f"#filter-{name}", Select).clear()
        self.query_one("#filter-overdue", Checkbox).value = False

    # -- loading -------------------------------------------------------------------

    def reload(self, filters: Filters, with_units: bool = False, *, whole: bool = False) -> None:
        """Read the rows for `filters`: unfiltered, only the first ones when
        the year's head has them, unless `whole`."""
        core, user = self.core, self.user
        first = not whole and not any(filters.values())

        def read() -> RegisterData:
            units = {u.id: u.name for u in core.org.units(include_inactive=True)}
            start = core.findings.first_rows(user) if first else None
            if start is not None:
                rows, total, overdue = start.rows, start.total, start.overdue
            else:
                rows, total, overdue = core.findings.rows(user, **filters), None, 0
            unit_options = None
            if with_units:
                # Everyone sees the units of their rows; leaders and the office every unit.
                seen = list(units) if user.sees_all else list({r["unit"]: None for r in rows})
                unit_options = [(Text(units.get(u, u)), u) for u in seen]
            return RegisterData(rows, _names(core, rows), units, unit_options, "", total, overdue)

        self.load(read, self._show, failed=lambda err: self._show(RegisterData.failed(err)))

    def _show(self, msg: RegisterData) -> None:
        if msg.unit_options is not None and not self._units_loaded:
            self._units_loaded = True
            select = self.query_one("#filter-unit", Select)
            select.set_options(msg.unit_options)
            if self._unit and any(value == self._unit for _label, value in msg.unit_options):
                select.value = self._unit  # the filter it was opened with (no reload: the same)
        self._names, self._units = msg.names, msg.units
        self._rows = {r["id"]: r for r in msg.rows}
        shown = len(self._shown)
        if (
            self._reading
            and msg.total is None
            and self._shown == [r["id"] for r in msg.rows[:shown]]
        ):
            # All the rows, read as the cursor got past the first ones: those stay.
            self._rest, self._unread = msg.rows[shown:], 0
            self._add_chunk()
        else:
            self._shown, self._rest = [], msg.rows
            self._unread = 0 if msg.total is None else msg.total - len(msg.rows)
            self.query_one("#register", FitTable).set_rows([])
            self._add_chunk()
            self._show_detail(msg.rows[0]["id"] if msg.rows else None)
        self._reading = False
        total = len(msg.rows) if msg.total is None else msg.total
        self._title(
            total, sum(r["overdue"] for r in msg.rows) if msg.total is None else msg.overdue
        )
        empty = self.query_one("#register-empty", Static)
        empty.update(Text(msg.error or ("" if total else "没有符合条件的问题。")))
        empty.display = bool(msg.error or not total)

    def _title(self, total: int, overdue: int) -> None:
        active = [
            label
            for label, value in (
                ("单位", self._requested["unit"]),
                ("方式", self._requested["source"]),
                ("状态", self._requested["state"]),
                ("逾期", self._requested["overdue"]),
            )
            if value
        ]
        title = Text(f"问题整改台账 · 共 {total} 条")
        if overdue:
            title.append(f"，逾期 {overdue} 条", style="bold red")
        if active:
            title.append(f" · 已筛选：{'、'.join(active)}（x 清除）", style="dim")
        self.query_one("#register-title", Static).update(title)

    def _person(self, r: Row, role: str) -> str:
        """The name of the row's responsible person or reviewer (`role`)."""
        pid = r[role]
        return plain(r.get(f"{role}_name") or self._names.get(pid, pid), 8)

    def _state(self, r: Row) -> Text:
        label = str(FINDING_STATES.get(r["state"], r["state"]))
        if r["overdue"]:
            return Text(f"{label} 逾期", style="bold red")
        return Text(label, style=STATE_STYLES.get(r["state"], ""))

    def _cells(self, r: Row) -> tuple[Text, ...]:
        # Whole texts, as Text (a str cell would be read as markup): the table
        # cuts them to its width and shows the rest in the detail line.
        return (
            Text(r["id"]),
            Text(day(r["found_at"])),
            Text(str(MODE_LABELS.get(r["source"], r["source"]))),
            Text(plain(self._units.get(r["unit"], r["unit"]))),
            Text(plain(r["problem"])),
            Text(r["category"], style="bold red" if r["category"] == "重大" else ""),
            Text(self._person(r, "responsible")),
            Text(day(r["deadline"]), style="bold red" if r["overdue"] else ""),
            self._state(r),
            Text(self._person(r, "reviewer")),
        )

    def _add_chunk(self, size: int | None = None) -> None:
        """The next `size` rows (CHUNK) into the table (0: only the line under it)."""
        table = self.query_one("#register", FitTable)
        size = CHUNK if size is None else size
        chunk, self._rest = self._rest[:size], self._rest[size:]
        if chunk:
            with self.app.batch_update():
                table.append_rows((r["id"], self._cells(r)) for r in chunk)
            self._shown += [r["id"] for r in chunk]
        left = len(self._rest) + self._unread
        more = self.query_one("#register-more", Static)
        more.update(f"已显示 {table.row_count} 条，移到最后一行显示后面的 {left} 条。")
        more.display = bool(left)

    @on(DataTable.RowHighlighted, "#register")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail(str(event.row_key.value))
        if event.cursor_row >= event.data_table.row_count - 1:
            if self._rest:
                self._add_chunk()
            elif self._unread and not self._reading:
                self._reading = True  # the rows after the first ones, then the next chunk
                more = self.query_one("#register-more", Static)
                more.update(f"已显示 {len(self._shown)} 条，正在读取后面的 {self._unread} 条…")
                self.reload(self._requested, whole=True)

    def _show_detail(self, fid: str | None) -> None:
        """The whole problem and the state of the highlighted row (cells are cut short)."""
        r = self._rows.get(fid) if fid is not None else None
        if r is None:
            self.query_one("#register-detail", Static).update("")
            return
        closed = r["state"] == "closed"
        detail = Text(plain(r["problem"]) + "\n", style="bold")
        detail.append_text(self._state(r))
        detail.append(f" · 责任人 {self._person(r, 'responsible')} · 期限 ")
        detail.append_text(due_text(parse_date(r["deadline"]), self.core.today(), done=closed))
        detail.append(f" · 复查人 {self._person(r, 'reviewer')}")
        for label, text in self.query_one("#register", FitTable).cut_cells(r["id"]):
            if label not in IN_DETAIL:  # dropped or cut on this terminal
                detail.append(f" · {label} ")
                detail.append_text(text)
        self.query_one("#register-detail", Static).update(detail)

    @on(DataTable.RowSelected, "#register")
    def _open(self, event: DataTable.RowSelected) -> None:
        self.xapp.go("finding", str(event.row_key.value))

    def action_back(self) -> None:
        self.app.pop_screen()


def _names(core: Core, rows: list[Row]) -> dict[str, str]:
    """Names of the people rows name without their names (findings opened
    before rows carried them)."""
    missing = {r[k] for r in rows for k in ("responsible", "reviewer") if not r.get(f"{k}_name")}
    if len(missing) > 200:  # one pass over the roster beats thousands of look-ups
        return {p.id: p.name for p in core.roster.people(include_inactive=True)}
    names: dict[str, str] = {}
    for pid in missing:
        p = core.roster.get(pid)
        if p is not None:
            names[pid] = p.name
    return names
