"""This year's study sessions (集中学习): when, where, who hosts, how many
have signed in. Admins create sessions here and open any session's sign-in."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Static

from xiaoneng.errors import XiaonengError
from xiaoneng.model.records import SIGNIN_KINDS, StudySession
from xiaoneng.services.sessions import AttendanceCount
from xiaoneng.tui.base import BaseScreen
from xiaoneng.tui.format import when
from xiaoneng.tui.widgets.cell_text import clip

# (session, attendance figures, module title, my state)
SessionRow = tuple[StudySession, AttendanceCount | None, str, str]


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
        yield DataTable(id="sessions", cursor_type="row", zebra_stripes=True)
        yield Static("正在读取…", id="sessions-detail", classes="muted")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#sessions", DataTable)
        table.add_columns("时间", "活动", "地点", "主持", "签到", "我")
        self._rows: list[SessionRow] = []
        table.focus()

    def on_screen_resume(self) -> None:
        # Also runs when the screen is first shown, and after each dialog closes.
        self.action_reload()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "create":
            return self.user.is_admin
        return True

    def action_reload(self) -> None:
        core, user = self.core, self.user

        def read() -> list[SessionRow]:
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
            return rows

        self.load(read, self._show, failed=lambda err: self._show([], str(err)))

    def _show(self, rows: list[SessionRow], error: str = "") -> None:
        table = self.query_one("#sessions", DataTable)
        row = table.cursor_row
        table.clear()
        self._rows = rows
        today = self.core.today()
        for s, count, _title, mine in rows:
            signed = f"{count.present}/{count.due}" if count else "-"
            mine_text = Text(mine or "-", style="bold red" if mine == "未签到" else "")
            start = Text(when(s.start), style="dim" if s.day < today else "")
            table.add_row(
                start,
                clip(s.title, 28),
                clip(s.place, 12),
                clip(s.host, 8),
                signed,
                mine_text,
                key=s.id,
            )
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

        self.app.push_screen(SessionFormScreen(), self._created)

    def _created(self, session: StudySession | None) -> None:
        if session is None:
            return
        self.app.notify(f"已创建学习活动《{session.title}》（{session.id}）。")
