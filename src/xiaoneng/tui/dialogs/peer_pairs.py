"""Peer pairs of an activity (office only): who checks whom in each unit.

Enter on a pair offers the checker's colleagues; the choice is saved at once
through services.checks.set_peer, which refuses oneself and other units.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Label, Select, Static

from xiaoneng.model.people import Person
from xiaoneng.tui.dialogs.base import BaseDialog
from xiaoneng.tui.widgets.cell_text import plain


@dataclass(frozen=True)
class Pairs:
    """An activity's peer pairs, read in a worker."""

    pairs: list[dict[str, str]]  # {unit, checker, target}
    people: dict[str, Person]  # of the units taking part
    units: dict[str, str]  # id -> name
    saved: str = ""  # what was just changed


class PeerPairsScreen(BaseDialog[None]):
    CSS_PATH = "../css/peer_pairs.tcss"
    MESSAGE = "#pairs-message"
    BINDINGS = [Binding("escape", "close", "关闭")]

    def __init__(self, activity_id: str):
        super().__init__()
        self.activity_id = activity_id
        self._pairs: list[dict[str, str]] = []
        self._people: dict[str, Person] = {}
        self._editing: dict[str, str] | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="peer-pairs", classes="dialog wide"):
            yield Static(f"互查安排 · {self.activity_id}", classes="title")
            yield DataTable(id="pairs", cursor_type="row", zebra_stripes=True)
            with Horizontal(id="pair-edit"):
                yield Label("", id="pair-checker")
                yield Select([], id="pair-target", prompt="选择被检查人")
            yield Static("", id="pairs-message", classes="message")
            yield Static(
                "Enter 调整选中的一对 · 只能在同一单位内互查，不能互查自己 · Esc 关闭",
                classes="muted hint",
            )

    def on_mount(self) -> None:
        table = self.query_one("#pairs", DataTable)
        table.add_columns("单位", "检查人", "被检查人")
        self.query_one("#pair-edit").display = False
        table.focus()
        self.reload()

    def reload(self, saved: str = "") -> None:
        core, user, activity_id = self.core, self.user, self.activity_id

        def read() -> Pairs:
            pairs = core.pairing.pairs(user, activity_id)
            activity = core.activities.get(activity_id)
            taking_part = set(activity.units)
            # One pass over the roster (it is read whole either way).
            people = {p.id: p for p in core.roster.people() if p.unit in taking_part}
            units = {u: core.org.name_of(u) for u in activity.units}
            return Pairs(pairs, people, units, saved)

        self.load(read, self._show)

    def _show(self, msg: Pairs) -> None:
        self._pairs, self._people = msg.pairs, msg.people
        table = self.query_one("#pairs", DataTable)
        row = table.cursor_row
        table.clear()
        for i, p in enumerate(msg.pairs):
            table.add_row(
                Text(plain(msg.units.get(p["unit"], p["unit"]), 20)),
                Text(self._label(p["checker"])),
                Text(self._label(p["target"])),
                key=str(i),
            )
        if msg.pairs:
            table.move_cursor(row=min(row, len(msg.pairs) - 1))
        if msg.saved:
            self.say(msg.saved, error=False)
        elif not msg.pairs:
            self.say("本活动没有互查安排（单位只有一人时无法互查）。", error=False)

    def _label(self, pid: str) -> str:
        p = self._people.get(pid)
        return f"{plain(p.name, 10)}（{pid}）" if p else pid

    @on(DataTable.RowSelected, "#pairs")
    def _edit(self) -> None:
        if not self._pairs:
            return
        row = self.query_one("#pairs", DataTable).cursor_row
        pair = self._pairs[row]
        checker = self._people.get(pair["checker"])
        unit = checker.unit if checker else pair["unit"]
        colleagues = [
            (Text(f"{p.name}（{p.id}）"), p.id)
            for p in self._people.values()
            if p.unit == unit and p.id != pair["checker"]
        ]
        select = self.query_one("#pair-target", Select)
        select.set_options(colleagues)
        if any(v == pair["target"] for _l, v in colleagues):
            select.value = pair["target"]
        self.query_one("#pair-checker", Label).update(
            Text(f"{self._label(pair['checker'])} 互查：")
        )
        self.query_one("#pair-edit").display = True
        self._editing = pair
        select.focus()

    @on(Select.Changed, "#pair-target")
    def _chosen(self, event: Select.Changed) -> None:
        pair = self._editing
        if pair is None or not isinstance(event.value, str) or event.value == pair["target"]:
            return
        self._editing = None
        self.save(pair["checker"], event.value)

    def save(self, checker: str, target: str) -> None:
        core, user, activity_id = self.core, self.user, self.activity_id
        saved = f"已调整：{self._label(checker)} 互查 {self._label(target)}。"
        self.load(
            lambda: core.pairing.set_peer(user, activity_id, checker, target),
            lambda _: self._edited(saved),
            group="save",
        )

    def _edited(self, saved: str = "") -> None:
        if saved:
            self.reload(saved)
        self.query_one("#pair-edit").display = False
        self.query_one("#pairs", DataTable).focus()

    def action_close(self) -> None:
        if self.query_one("#pair-edit").display:
            self._editing = None
            self._edited()
            return
        self.dismiss(None)
