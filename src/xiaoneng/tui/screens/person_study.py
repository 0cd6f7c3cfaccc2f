"""One person's studies, for the office (opened from the roster with s): where
they stand in each module, and the office's actions: reset the quiz attempts
(r, a reason and the office's PIN), record a paper test's result (p), and read
the attempts (Enter)."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Static

from xiaoneng.model.people import Person
from xiaoneng.model.records import AttemptReset, Completion
from xiaoneng.services.ledger import short
from xiaoneng.services.study import StudyStatus
from xiaoneng.services.study_office import PaperResult
from xiaoneng.tui.base import BaseScreen
from xiaoneng.tui.dialogs.attempt_reset import AttemptResetDialog
from xiaoneng.tui.dialogs.paper_result import PaperEntry, PaperResultDialog
from xiaoneng.tui.dialogs.pin_confirm import PinConfirmScreen
from xiaoneng.tui.screens.studies import status_text
from xiaoneng.tui.widgets.cell_text import clip
from xiaoneng.tui.widgets.footer import Footer

Signed = tuple[AttemptReset, dict]


@dataclass(frozen=True)
class PersonStudies:
    """The person and where they stand in every module, read in a worker."""

    person: Person
    unit: str
    statuses: list[StudyStatus]


class PersonStudyScreen(BaseScreen[None]):
    CSS_PATH = "../css/person_study.tcss"
    ROLES = ("admin",)
    DOING = "查看和处理人员的学习测验"
    MESSAGE = "#ps-message"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "返回"),
        Binding("enter", "attempts", "测验记录"),
        Binding("r", "reset", "重置测验次数"),
        Binding("p", "paper", "登记纸质测验"),
    ]

    def __init__(self, person_id: str):
        super().__init__()
        self.person_id = person_id
        self.data: PersonStudies | None = None

    def compose_body(self) -> ComposeResult:
        yield Header()
        yield Static("正在读取…", id="ps-head", classes="whoami")
        yield DataTable(id="ps-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="ps-detail", classes="muted")
        yield Static("", id="ps-message", classes="message")
        yield Footer()

    def on_mount(self) -> None:
        if self.denied:
            return
        table = self.query_one("#ps-table", DataTable)
        table.add_columns("学习模块", "版本", "状态", "测验", "纸质测验")
        table.focus()

    def on_screen_resume(self) -> None:
        if not self.denied:
            self.reload()

    def reload(self) -> None:
        core, pid = self.core, self.person_id

        def read() -> PersonStudies:
            person = core.roster.require(pid)
            return PersonStudies(person, core.org.name_of(person.unit), core.study.statuses(person))

        self.load(read, self._show)

    def _show(self, data: PersonStudies) -> None:
        self.data = data
        p = data.person
        state = "" if p.active else "（已停用）"
        self.query_one("#ps-head", Static).update(
            f"{p.name}（{p.id}）{state}　{data.unit}　{p.position}　的学习与测验"
        )
        table = self.query_one("#ps-table", DataTable)
        row = table.cursor_row
        table.clear()
        # The other columns take about 46 cells (状态 up to 已完成（纸质测验）, cell padding).
        title_width = max(16, min(60, self.app.size.width - 46))
        for st in data.statuses:
            m = st.module
            paper = st.paper
            table.add_row(
                clip(m.title, title_width),
                m.version,
                status_text(st),
                f"{st.attempts_used}/{m.attempts}",
                f"{paper.correct}/{paper.total}" if paper else "—",
                key=m.id,
            )
        if data.statuses:
            table.move_cursor(row=max(0, min(row, len(data.statuses) - 1)))
        self._detail()

    @on(DataTable.RowHighlighted, "#ps-table")
    def _detail(self) -> None:
        st = self._current()
        if st is None:
            return
        m = st.module
        text = Text(st.label)
        if st.done:
            text.append("，无需重置或登记。")
        else:
            text.append(f"。还可测验 {st.attempts_left} 次，及格线 {m.pass_mark}/{m.paper_size}。")
        text.append("\nEnter 逐题查看测验记录 · r 重置测验次数 · p 登记纸质测验成绩")
        self.query_one("#ps-detail", Static).update(text)

    def _current(self) -> StudyStatus | None:
        table = self.query_one("#ps-table", DataTable)
        if self.data is None or not 0 <= table.cursor_row < len(self.data.statuses):
            return None
        return self.data.statuses[table.cursor_row]

    @on(DataTable.RowSelected, "#ps-table")
    def action_attempts(self) -> None:
        st = self._current()
        if st is not None:
            self.xapp.go("attempts", self.person_id, st.module.id)

    # -- the office's actions ---------------------------------------------------

    def action_reset(self) -> None:
        st, data = self._current(), self.data
        if st is None or data is None:
            return
        if st.done:
            self.say("已完成本模块，无需重置。")
            return
        core, user, pid, mid = self.core, self.user, self.person_id, st.module.id

        def reason_given(reason: str | None) -> None:
            if reason is None:
                return
            self.app.push_screen(
                PinConfirmScreen(
                    "确认重置测验次数",
                    f"重置{data.person.name}“{clip(st.module.title, 30)}”未通过的测验；原因：{reason}",
                    lambda pin: core.study_office.reset(user, pid, mid, reason, pin),
                ),
                self._reset_done,
            )

        self.app.push_screen(AttemptResetDialog(data.person, st), reason_given)

    def _reset_done(self, result: Signed | None) -> None:
        if not result:
            return
        reset, entry = result
        self.say(
            f"已重置 {len(reset.attempts)} 次测验（台账第 {entry['seq']} 条，{short(entry['hash'])}）。",
            error=False,
        )
        self.reload()

    def action_paper(self) -> None:
        st, data = self._current(), self.data
        if st is None or data is None:
            return
        if st.done:
            self.say("已完成本模块，无需登记纸质测验。")
            return
        core, user, pid, mid = self.core, self.user, self.person_id, st.module.id

        def entered(e: PaperEntry | None) -> None:
            if e is None:
                return
            self.app.push_screen(
                PinConfirmScreen(
                    "确认登记纸质测验",
                    f"{data.person.name}　{clip(st.module.title, 30)}\n抽题号 {e.seed}，{e.summary}。\n"
                    "登记后记入台账；通过即记为完成学习（纸质测验）。",
                    lambda pin: core.study_office.record_paper(
                        user, pid, mid, e.seed, correct=e.correct, answers=e.answers, pin=pin
                    ),
                ),
                self._paper_done,
            )

        self.app.push_screen(PaperResultDialog(data.person, st.module), entered)

    def _paper_done(self, result: PaperResult | None) -> None:
        if not result:
            return
        a, entry = result.attempt, result.entry
        done: tuple[Completion, dict] | None = result.completion
        verdict = "通过，已记为完成（纸质测验）" if done else "未通过"
        self.say(
            f"已登记：答对 {a.correct}/{a.total}，{verdict}（台账第 {entry['seq']} 条）。",
            error=False,
        )
        self.reload()
