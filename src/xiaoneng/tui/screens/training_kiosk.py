"""Sign-in at the door of the 巾帼文明岗 training class.

Participants never log in: the office, the 宣传部 or a door helper named on
the class runs this screen, finds the participant by name or the last digits
of the phone, and confirms each sign-in with their own PIN. A half-day signs
in every course of that half; 补签, 请假 and 缺席 need a reason (b).
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Header, Input, Select, Static

from xiaoneng.model.training import Attendance, Participant, TrainingClass, find_participants
from xiaoneng.services.ledger import short
from xiaoneng.services.posts_signin import (
    Recorded,
    Sitting,
    kind_label,
    sitting_of,
    sittings,
    today_sitting,
)
from xiaoneng.tui.base import BaseScreen
from xiaoneng.tui.dialogs.pin_confirm import PinConfirmScreen
from xiaoneng.tui.keyboard import FieldKeys
from xiaoneng.tui.widgets.cell_text import clip
from xiaoneng.tui.widgets.footer import Footer

SHOWN = 50  # matches listed for a search; a name narrows it further


@dataclass(frozen=True)
class KioskData:
    training: TrainingClass
    participants: list[Participant]
    states: dict[tuple[str, str], Attendance]
    allowed: str | None  # why the signed-in person may not confirm here; None: may


class KioskKeys(FieldKeys):
    """The search box's keys, and b (补签/请假) at once wherever focus is going:
    names are Chinese and phones digits, so b is never part of a search."""

    def __init__(self, screen: TrainingKioskScreen) -> None:
        super().__init__(screen, ["#tk-search"], lambda _box: screen.search_entered())
        self.kiosk = screen

    def claim(self, event: events.Key) -> bool:
        if self._early is None and event.key == "b":
            self.kiosk.action_record()
            return True
        return super().claim(event)


class TrainingKioskScreen(BaseScreen[None]):
    CSS_PATH = "../css/training_kiosk.tcss"
    MESSAGE = "#tk-message"
    typing: KioskKeys
    BINDINGS = [
        Binding("escape", "back", "返回"),
        Binding("b", "record", "补签/请假"),
        Binding("slash", "search", "查找"),
        Binding("f5", "reload", "刷新"),
    ]

    def __init__(self, class_id: str) -> None:
        super().__init__()
        self.class_id = class_id
        self.data: KioskData | None = None
        self.found: list[Participant] = []

    def compose_body(self) -> ComposeResult:
        yield Header()
        yield Static("正在读取…", id="tk-info", classes="whoami")
        with Horizontal(id="tk-bar"):
            yield Select([], prompt="课程或时段", id="tk-sitting", allow_blank=True)
            yield Input(placeholder="姓名或手机后四位，Enter", id="tk-search", max_length=20)
        yield Static("", id="tk-count")
        yield DataTable(id="tk-found", cursor_type="row", zebra_stripes=True)
        yield Static(
            "输入姓名或手机后四位按 Enter，由你输入 PIN 确认签到；找到后按 b 登记补签、请假或缺席。",
            id="tk-message",
            classes="message",
        )
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#tk-found", DataTable)
        table.add_columns("姓名", "单位", "手机", "本场")
        # A name and Enter typed in one burst (the next one at the door) land in order.
        self.typing = KioskKeys(self)
        self.typing.start()

    def on_screen_resume(self) -> None:
        self.action_reload()

    def action_reload(self) -> None:
        core, user, class_id = self.core, self.user, self.class_id

        def read() -> KioskData:
            training = core.training.get(class_id)
            sign = core.training_signin
            allowed = None
            if not sign.may_confirm(user, training):
                allowed = (
                    f"{user.name}不是“{training.title}”的门口协助人员，不能确认签到"
                    "（请办公室或宣传部在培训班中添加）。"
                )
            return KioskData(
                training, core.training.participants(training), sign.states(training), allowed
            )

        self.load(read, self._loaded)

    def _loaded(self, data: KioskData) -> None:
        first = self.data is None
        self.data = data
        t = data.training
        self.query_one("#tk-info", Static).update(
            Text.assemble((t.title, "bold"), f"　{t.place}　学员 {len(data.participants)} 人")
        )
        select: Select[str] = self.query_one("#tk-sitting", Select)
        keep = select.value
        options = [(s.label(t), s.key) for s in sittings(t)]
        select.set_options(options)
        keys = [k for _l, k in options]
        if isinstance(keep, str) and keep in keys:
            select.value = keep
        elif first and keys:
            now = today_sitting(t, self.core.now())
            select.value = now.key if now else keys[0]
        if data.allowed:
            self.say(data.allowed)
        self._search()

    @property
    def sitting(self) -> Sitting | None:
        value = self.query_one("#tk-sitting", Select).value
        if self.data is None or not isinstance(value, str):
            return None
        return sitting_of(self.data.training, value)

    def state_of(self, p: Participant) -> Text:
        """The participant's records for the chosen course or half-day."""
        data, sitting = self.data, self.sitting
        if data is None or sitting is None:
            return Text("-")
        got = [data.states.get((p.id, c.id)) for c in sitting.courses(data.training)]
        if got and all(a is not None and a.present for a in got):
            return Text(got[0].label if got[0] else "", style="bold green")
        marks = {a.label for a in got if a is not None}
        if marks:
            return Text("、".join(sorted(marks)), style="yellow")
        return Text("未签到", style="bold red")

    @on(Input.Changed, "#tk-search")
    @on(Select.Changed, "#tk-sitting")
    def _search(self) -> None:
        data = self.data
        if data is None:
            return
        query = self.query_one("#tk-search", Input).value
        self.found = find_participants(data.participants, query) if query.strip() else []
        table = self.query_one("#tk-found", DataTable)
        table.clear()
        for p in self.found[:SHOWN]:
            tail = p.phone[-4:] if p.phone else ""
            table.add_row(
                clip(p.name, 10),
                clip(p.organisation, 24),
                f"…{tail}" if tail else "",
                self.state_of(p),
                key=p.id,
            )
        count = self.query_one("#tk-count", Static)
        sitting = self.sitting
        if sitting is not None:
            courses = sitting.courses(data.training)
            present = sum(
                all((s := data.states.get((p.id, c.id))) is not None and s.present for c in courses)
                for p in data.participants
            )
            text = f"本场已签到 {present}/{len(data.participants)} 人"
        else:
            text = "请先选择课程或时段"
        if query.strip():
            text += f"　找到 {len(self.found)} 人" + (
                f"（列出前 {SHOWN} 人）" if len(self.found) > SHOWN else ""
            )
        count.update(text)

    def search_entered(self) -> None:
        self._search()  # the burst's last key may not have been looked up yet
        if len(self.found) == 1:
            self._confirm(self.found[0], "self", "")
        elif self.found:
            self.typing.focus(self.query_one("#tk-found", DataTable))
        else:
            self.say("没有找到这位学员：请核对姓名，或输入手机后四位。")

    @on(DataTable.RowSelected, "#tk-found")
    def _row_chosen(self, event: DataTable.RowSelected) -> None:
        chosen = self._participant(str(event.row_key.value))
        if chosen is not None:
            self._confirm(chosen, "self", "")

    def _participant(self, pid: str) -> Participant | None:
        return next((p for p in self.found if p.id == pid), None)

    def _highlighted(self) -> Participant | None:
        """The row under the cursor, or the first match (b straight after a search)."""
        table = self.query_one("#tk-found", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self._participant(str(key))

    def _confirm(self, p: Participant, kind: str, reason: str) -> None:
        """Check the record can be made, then ask for the helper's PIN."""
        data, sitting = self.data, self.sitting
        if data is None or sitting is None:
            self.say("请先选择课程或时段。")
            return
        if data.allowed:
            self.say(data.allowed)
            return
        core, t = self.core, data.training
        courses = sitting.courses(t)

        def check() -> None:
            core.training_signin.precheck(t, p, courses, kind, reason)

        self.load(check, lambda _none: self._ask_pin(p, sitting, kind, reason), group="check")

    def _ask_pin(self, p: Participant, sitting: Sitting, kind: str, reason: str) -> None:
        assert self.data is not None
        core, user, t = self.core, self.user, self.data.training
        detail = f"{p.name}（{p.organisation}）\n{sitting.label(t)}：{kind_label(kind)}"
        if reason:
            detail += f"\n原因：{reason}"

        def sign(pin: str) -> Recorded:
            return core.training_signin.confirm(user, pin, t.id, p.id, sitting.key, kind, reason)

        self.app.push_screen(
            PinConfirmScreen(f"确认{kind_label(kind)}", detail, sign), self._recorded
        )

    def _recorded(self, done: Recorded | None) -> None:
        if done is None:
            return
        first = done.records[0]
        stamp = short(str(done.entries[-1]["hash"]))
        text = f"{done.participant.name}{first.label}成功（{len(done.records)} 门课程，台账 {stamp}）。"
        if done.skipped:
            text += f"此前已签到：{'、'.join(c.title for c in done.skipped)}。"
        self.say(text, error=False)
        search = self.query_one("#tk-search", Input)
        search.value = ""
        self.typing.focus(search)
        self.action_reload()

    def action_record(self) -> None:
        from xiaoneng.tui.dialogs.training_record import TrainingRecordDialog

        if self.typing.current is self.query_one("#tk-search", Input):
            self._search()  # keys typed just before may not have been looked up yet
        p, data, sitting = self._highlighted(), self.data, self.sitting
        if p is None or data is None or sitting is None:
            self.say("先查找并选中一位学员，再按 b 登记补签、请假或缺席。")
            return
        self.app.push_screen(
            TrainingRecordDialog(sitting.label(data.training), f"{p.name}（{p.organisation}）"),
            lambda got: self._confirm(p, *got) if got else None,
        )

    def action_search(self) -> None:
        self.typing.focus(self.query_one("#tk-search", Input))

    def action_back(self) -> None:
        search = self.query_one("#tk-search", Input)
        if self.typing.current is search and search.value:
            search.value = ""
        else:
            self.app.pop_screen()
