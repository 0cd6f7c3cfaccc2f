"""One study session's sign-in.

Admins get a kiosk: attendees type their 工号 and PIN one after another, and
the list of who has and has not signed in updates as they do (and every few
seconds, for sign-ins from other terminals). Admins also record late or proxy
sign-ins, leave and absence. Anyone else sees their own state and signs in
with their PIN; leaders see the whole list, unit heads their unit's part.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Header, Input, Label, Static

from xiaoneng.errors import XiaonengError
from xiaoneng.model.people import Person
from xiaoneng.model.records import SIGNIN_KINDS, SignIn, StudySession
from xiaoneng.services.ledger import short
from xiaoneng.tui.dialogs.pin_confirm import PinConfirmScreen
from xiaoneng.tui.format import when
from xiaoneng.tui.keyboard import FieldKeys
from xiaoneng.tui.screens.session_kiosk import KioskScreen
from xiaoneng.tui.screens.session_signin_data import AttendanceRow, SigninData, read_signin
from xiaoneng.tui.widgets.cell_text import clip
from xiaoneng.tui.widgets.footer import Footer

FILTERS = ["all", "missing", "done"]
FILTER_LABELS = {"all": "全部", "missing": "未签到", "done": "已登记"}
REFRESH_SECONDS = 10
KIOSK_HINT = "签到：输入工号按 Enter，再输入 PIN 按 Enter。（办公室：Shift+Tab 到名单，b 登记补签/请假，f 筛选）"


class SessionSigninScreen(KioskScreen):
    CSS_PATH = "../css/session_signin.tcss"
    BINDINGS = [
        Binding("escape", "leave", "返回"),
        Binding("ctrl+o", "sign_out", "退出登录", show=False),
        Binding("s", "attend", "签到"),
        Binding("b", "record", "补签/请假登记"),
        Binding("f", "filter", "筛选"),
        Binding("f5", "reload", "刷新"),
    ]

    MESSAGE = "#session-message"

    def __init__(self, session_id: str):
        super().__init__()
        self.session_id = session_id
        self.session: StudySession | None = None
        self.rows: list[AttendanceRow] = []
        self.mine: SignIn | None = None
        self.block: str | None = None
        self.filter = "all"

    @property
    def sees_list(self) -> bool:
        user = self.user
        return user.sees_all or user.has("unit_head")

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("正在读取…", id="session-info", classes="whoami")
        if self.kiosk:
            with Horizontal(id="kiosk"):
                with Vertical(classes="kiosk-field"):
                    yield Label("工号")
                    yield Input(id="kiosk-id", max_length=32, placeholder="输入工号后按 Enter")
                with Vertical(classes="kiosk-field"):
                    yield Label("PIN")
                    yield Input(
                        id="kiosk-pin", password=True, max_length=12, placeholder="输入 PIN 签到"
                    )
            yield Static(KIOSK_HINT, id="kiosk-message")
        else:
            yield Static("", id="mine")
        if self.sees_list:
            yield Static("", id="att-summary", classes="section-title")
            yield DataTable(id="attendance", cursor_type="row", zebra_stripes=True)
        yield Static("", id="session-message", classes="message")
        yield Footer()

    def on_mount(self) -> None:
        if self.sees_list:
            table = self.query_one("#attendance", DataTable)
            table.add_columns("姓名", "工号", "单位", "状态", "时间", "登记人", "原因")
        if self.kiosk:
            # Typing at the kiosk goes in arrival order (tui/keyboard.py): the
            # next person's 工号 and PIN may come in one burst.
            self.typing = FieldKeys(self, ["#kiosk-id", "#kiosk-pin"], self._kiosk_enter)
            self.typing.start()
            self.set_interval(REFRESH_SECONDS, self._tick)
            # The kiosk stands open at the session under the admin's login:
            # attendees must not reach the rest of the app from it.
            self.app.use_command_palette = False

    def on_unmount(self) -> None:
        self.app.use_command_palette = True

    def action_leave(self) -> None:
        if not self.guard_exit("离开签到台", self.app.pop_screen):
            self.app.pop_screen()

    def action_sign_out(self) -> None:
        if not self.guard_exit("退出登录", self.xapp.action_sign_out):
            self.xapp.action_sign_out()

    def on_screen_resume(self) -> None:
        # Also runs when the screen is first shown, and after each dialog closes.
        self.reload()

    # -- loading ---------------------------------------------------------------

    def reload(self) -> None:
        core, user, session_id, sees_list = self.core, self.user, self.session_id, self.sees_list
        self.load(
            lambda: read_signin(core, user, session_id, sees_list=sees_list),
            self._loaded,
            failed=self._failed,
        )

    def _failed(self, err: XiaonengError) -> None:
        self.query_one("#session-info", Static).update("无法打开学习活动")
        self.say(err)

    def _loaded(self, msg: SigninData) -> None:
        self.session, self.rows, self.mine, self.block = msg.session, msg.rows, msg.mine, msg.block
        s = msg.session
        info = Text()
        info.append(s.title, style="bold")
        info.append(f"　{when(s.start)}　{s.place}\n")
        info.append(f"学习内容：{msg.module_title}　主持：{s.host}　记录：{s.recorder}")
        self.query_one("#session-info", Static).update(info)
        if not self.kiosk:
            self._show_mine()
        if self.sees_list:
            self._show_table()
        self.refresh_bindings()

    def _show_mine(self) -> None:
        user, s = self.user, self.session
        if s is None:
            return
        text = Text("我的签到：", style="bold")
        if user.id not in s.attendees:
            text.append("你不在本次活动的参加人员名单中。", style="bold red")
        elif self.mine is not None:
            m = self.mine
            text.append(f"{SIGNIN_KINDS[m.kind]}（{when(m.time)}）", style="bold green")
            if m.reason:
                text.append(f"　原因：{m.reason}")
        elif self.block:
            text.append("未签到。", style="bold red")
            text.append(self.block)
        else:
            text.append("未签到。", style="bold red")
            text.append("按 s 输入 PIN 签到。")
        self.query_one("#mine", Static).update(text)

    def _show_table(self) -> None:
        table = self.query_one("#attendance", DataTable)
        row = table.cursor_row
        table.clear()
        signed = [(r, r[0].signin) for r in self.rows if r[0].signin is not None]
        done = [r for r, _si in sorted(signed, key=lambda t: t[1].time, reverse=True)]
        missing = [r for r in self.rows if r[0].signin is None]
        present = sum(si.present for _r, si in signed)
        shown = {"all": missing + done}
        shown["missing"] = missing
        shown["done"] = shown["all"][len(missing) :]
        for att, unit_name in shown[self.filter]:
            p, si = att.person, att.signin
            if si is None:
                state = Text("未签到", style="bold red")
                cells = ("", "", "")
            else:
                state = Text(att.label, style="green" if si.present else "yellow")
                by = "本人" if si.entered_by == p.id else si.entered_by
                cells = (when(si.time, year=False), by, clip(si.reason, 20))
            table.add_row(p.name, p.id, clip(unit_name, 12), state, *cells, key=p.id)
        if table.row_count:
            table.move_cursor(row=min(max(row, 0), table.row_count - 1))
        self.query_one("#att-summary", Static).update(
            f"应到 {len(self.rows)} 人　已签到 {present} 人　"
            f"请假或缺席 {len(done) - present} 人　未签到 {len(missing)} 人"
            f"　（显示：{FILTER_LABELS[self.filter]}，f 切换）"
        )

    def action_reload(self) -> None:
        self.reload()

    def _tick(self) -> None:
        # Sign-ins from other terminals; only while this screen is showing.
        if self.is_current:
            self.reload()

    def action_filter(self) -> None:
        self.filter = FILTERS[(FILTERS.index(self.filter) + 1) % len(FILTERS)]
        self._show_table()

    # -- which keys work -----------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "attend":
            return (
                not self.kiosk
                and self.session is not None
                and self.mine is None
                and self.block is None
            )
        if action == "record":
            return self.kiosk and self.session is not None
        if action == "filter":
            return self.sees_list
        return True

    # -- signing in from one's own account -------------------------------------------

    def action_attend(self) -> None:
        core, user, s = self.core, self.user, self.session
        if s is None:
            return
        self.app.push_screen(
            PinConfirmScreen(
                "集中学习签到",
                f"{s.title}\n{when(s.start)}　{s.place}",
                lambda pin: core.sessions.attend(user, s.id, pin),
            ),
            self._signed,
        )

    def _signed(self, result: tuple[SignIn, dict[str, Any]] | None) -> None:
        if not result:
            return
        signin, entry = result
        self.app.notify(f"签到成功（{when(signin.time)}），台账哈希 {short(entry['hash'])}。")

    # -- the office's records ------------------------------------------------------

    def action_record(self) -> None:
        from xiaoneng.tui.dialogs.session_record import SessionRecordScreen

        table = self.query_one("#attendance", DataTable)
        if not table.row_count or self.session is None:
            return
        pid = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        att = next(a for a, _ in self.rows if a.person.id == pid)
        if att.signin is not None:
            self.say(f"{att.person.name}已有签到记录（{att.label}），不能重复登记。")
            return
        label = f"{att.person.name}（{att.person.id}）"
        self.app.push_screen(
            SessionRecordScreen(self.session.title, label),
            lambda result: self._record_chosen(att.person, result),
        )

    def _record_chosen(self, person: Person, result: tuple[str, str] | None) -> None:
        if not result:
            return
        kind, reason = result
        core, user, sid = self.core, self.user, self.session_id

        def record(pin: str) -> tuple[SignIn, dict[str, Any]]:
            # The kiosk may be left open at the session: an entry made in the
            # admin's name needs the admin's PIN.
            core.auth.confirm(user, pin)
            return core.sessions.record(user, sid, person.id, kind, reason)

        self.app.push_screen(
            PinConfirmScreen(
                f"登记{SIGNIN_KINDS[kind]}",
                f"{person.name}（{person.id}）：{SIGNIN_KINDS[kind]}\n原因：{reason}",
                record,
            ),
            self._recorded,
        )

    def _recorded(self, result: tuple[SignIn, dict[str, Any]] | None) -> None:
        if not result:
            return
        signin, entry = result
        self.app.notify(f"已登记{SIGNIN_KINDS[signin.kind]}，台账哈希 {short(entry['hash'])}。")
        self.say("")
