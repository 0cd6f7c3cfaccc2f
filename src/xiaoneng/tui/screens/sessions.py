"""This year's study sessions (集中学习): when, where, who hosts, how many
have signed in. Admins create sessions here and open any session's sign-in."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Static

from xiaoneng.errors import XiaonengError
from xiaoneng.model.records import SIGNIN_KINDS, StudySession
from xiaoneng.services.sessions import AttendanceCount
from xiaoneng.tui.base import BaseScreen
from xiaoneng.tui.dialogs.session_form import Choices, read_choices
from xiaoneng.tui.format import when
from xiaoneng.tui.widgets.fit_table import Col, FitTable
from xiaoneng.tui.widgets.footer import Footer

# (session, attendance figures, module title, my state)
SessionRow = tuple[StudySession, AttendanceCount | None, str, str]
COLUMNS = (
    Col("时间", fixed=True),
    Col("活动", min=12),
    Col("地点", min=6, drop=2),
    Col("主持", min=6, drop=1),
    Col("签到", fixed=True),
    Col("我", fixed=True),
)


class SessionsScreen(BaseScreen[None]):
    CSS_PATH = "../css/sessions.tcss"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "返回"),
        Binding("a", "create", "新建活动"),
        Binding("f5", "reload", "刷新"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("集中学习", id="sessions-title", classes="section-title")
        yield FitTable(COLUMNS, id="sessions", zebra_stripes=True)
        yield Static("正在读取…", id="sessions-detail", classes="muted")
        yield Footer()

    def on_mount(self) -> None:
        self._rows: list[SessionRow] = []
        self._choices: Choices | None = None  # what the new-session form offers, read ahead
        self.query_one("#sessions", FitTable).focus()

    def on_screen_resume(self) -> None:
        # Also runs when the screen is first shown, and after each dialog closes.
        self.action_reload()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "create":
            return self.user.is_admin
        return True

    def action_reload(self) -> None:
        core, user = self.core, self.user

        def read() -> tuple[list[SessionRow], Choices | None]:
            sessions = core.sessions.sessions()
            counts = core.sessions.counts()
            rows: list[SessionRow] = []
            for s in sessions:
                try:
                    title = core.study.module(s.module).title
                except XiaonengError:
                    title = f"{s.module}（模块已不在清单中）"
                mine = ""
                if user.id in s.attendees:
                    signin = core.sessions.signin_of(s, user)
                    mine = SIGNIN_KINDS[signin.kind] if signin else "未签到"
                rows.append((s, counts.get(s.id), title, mine))
            # The office's form opens with its lists filled, not empty for a second.
            return rows, read_choices(core) if user.is_admin else None

        self.load(read, self._loaded, failed=lambda err: self._show([], str(err)))

    def _loaded(self, read: tuple[list[SessionRow], Choices | None]) -> None:
        rows, self._choices = read
        self._show(rows)

    def _show(self, rows: list[SessionRow], error: str = "") -> None:
        table = self.query_one("#sessions", FitTable)
        row = table.cursor_row
        self._rows = rows
        today = self.core.today()
        cells = []
        for s, count, _title, mine in rows:
            signed = f"{count.present}/{count.due}" if count else "-"
            mine_text = Text(mine or "-", style="bold red" if mine == "未签到" else "")
            start = Text(when(s.start), style="dim" if s.day < today else "")
            cells.append((s.id, (start, s.title, s.place, s.host, signed, mine_text)))
        table.set_rows(cells)
        year = today.year
        self.query_one("#sessions-title", Static).update(
            f"{year}年集中学习（共 {len(rows)} 次）　Enter 打开签到"
            + ("　a 新建" if self.user.is_admin else "")
        )
        detail = self.query_one("#sessions-detail", Static)
        if error:
            detail.update(Text(error, style="bold red"))
        elif not rows:
            detail.update(
                "今年还没有集中学习活动。" + ("按 a 新建。" if self.user.is_admin else "")
            )
        else:
            table.move_cursor(row=min(max(row, 0), len(rows) - 1))
            self._detail(table.cursor_row)

    @on(DataTable.RowHighlighted, "#sessions")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._detail(event.cursor_row)

    def _detail(self, row: int) -> None:
        if not 0 <= row < len(self._rows):
            return
        s, count, title, mine = self._rows[row]
        text = Text()
        text.append(f"{s.title}\n", style="bold")
        text.append(f"学习内容：{title}\n")
        text.append(f"时间：{when(s.start)}　地点：{s.place}　主持：{s.host}　记录：{s.recorder}\n")
        if count:
            text.append(
                f"应到 {count.due} 人，已签到 {count.present} 人，请假或缺席 {count.excused} 人，"
                f"未签到 {count.missing} 人"
            )
        if mine:
            text.append(f"　我：{mine}")
        self.query_one("#sessions-detail", Static).update(text)

    @on(DataTable.RowSelected, "#sessions")
    def _open(self, event: DataTable.RowSelected) -> None:
        self.xapp.go("session", str(event.row_key.value))

    def action_create(self) -> None:
        from xiaoneng.tui.dialogs.session_form import SessionFormScreen

        self.app.push_screen(SessionFormScreen(self._choices), self._created)

    def _created(self, session: StudySession | None) -> None:
        if session is None:
            return
        self.app.notify(f"已创建学习活动《{session.title}》（{session.id}）。")
