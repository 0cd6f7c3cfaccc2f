"""One finding of the rectification register: the six fixes, its progress and reviews, and
what the signed-in person may do now. The responsible person records
progress and marks the work done; the reviewer (never the responsible
person) closes it with the PIN or sends it back with a reason."""

from __future__ import annotations

from dataclasses import dataclass

from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from xiaoneng.errors import XiaonengError
from xiaoneng.model.checklist import MODE_LABELS
from xiaoneng.model.dates import parse_date
from xiaoneng.tui.format import day, due_text, when

STATE_STYLES = {"open": "yellow", "in_progress": "cyan", "review": "magenta", "closed": "green"}


class FindingScreen(Screen):
    CSS_PATH = "../css/finding.tcss"
    BINDINGS = [
        Binding("escape", "back", "返回"),
        Binding("p", "progress(False)", "登记进度"),
        Binding("d", "progress(True)", "整改完成"),
        Binding("c", "review(True)", "复查销号"),
        Binding("b", "review(False)", "退回整改"),
        Binding("f5", "reload", "刷新", show=False),
    ]

    @dataclass
    class Loaded(Message):
        finding: object = None
        names: dict | None = None
        unit: str = ""
        allowed: object = None
        error: str = ""

    @dataclass
    class Progressed(Message):
        error: str = ""
        done: bool = False

    def __init__(self, finding_id: str):
        super().__init__()
        self.finding_id = finding_id
        self.finding = None
        self.allowed = None
        self.names: dict = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(f"问题 {self.finding_id} · 正在读取…", id="finding-title", classes="whoami")
        with VerticalScroll(id="finding-body"):
            yield Static("", id="finding-fields")
            yield Static("整改进度与复查记录", classes="section-title")
            yield Static("", id="finding-history")
        yield Static("", id="finding-actions", classes="muted")
        yield Static("", id="finding-message", classes="message")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#finding-body").focus()
        self.load()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "progress":
            return bool(self.allowed and self.allowed.progress)
        if action == "review":
            return bool(self.allowed and self.allowed.review)
        return True

    def action_reload(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="finding")
    def load(self) -> None:
        core, user = self.app.core, self.app.user
        try:
            f = core.findings.get_for(user, self.finding_id)
            allowed = core.findings.allowed(user, f)
            ids = {f.responsible, f.reviewer, f.found_by} | {s["by"] for s in f.progress}
            names = {}
            for pid in ids:
                p = core.roster.get(pid)
                names[pid] = p.name if p else pid
            unit = core.org.name_of(f.unit)
        except XiaonengError as err:
            self.post_message(self.Loaded(error=str(err)))
            return
        self.post_message(self.Loaded(f, names, unit, allowed))

    def _who(self, pid: str) -> str:
        return f"{self.names.get(pid, pid)}（{pid}）" if pid else "—"

    @on(Loaded)
    def _show(self, msg: Loaded) -> None:
        if msg.error:
            self.query_one("#finding-title", Static).update(f"问题 {self.finding_id}")
            self._say(msg.error)
            self.allowed = None
            self.refresh_bindings()
            return
        f = self.finding = msg.finding
        self.allowed, self.names = msg.allowed, msg.names
        today = self.app.core.today()
        title = Text(f"问题 {f.id} · ")
        title.append(f.state_label, style=f"bold {STATE_STYLES.get(f.state, '')}")
        if f.overdue(today):
            title.append(f" · 逾期 {(today - parse_date(f.deadline)).days} 天", style="bold red")
        self.query_one("#finding-title", Static).update(title)

        grid = Table.grid(padding=(0, 2), expand=True)
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column(ratio=1, overflow="fold")
        rows = [
            ("单位", msg.unit),
            ("发现方式", MODE_LABELS.get(f.source, f.source)),
            ("发现人", self._who(f.found_by)),
            ("发现时间", when(f.found_at)),
            ("检查项", f.item_text),
            ("问题描述", f.problem),
            ("等级", Text(f.category, style="bold red" if f.category == "重大" else "")),
            ("整改措施", f.measure or "—"),
            ("整改资金", f.money or "—"),
            ("责任人", self._who(f.responsible)),
            ("整改期限", due_text(parse_date(f.deadline), today, done=f.state == "closed")),
            ("复查人", self._who(f.reviewer)),
            ("临时措施", f.temp_measure or "—"),
            ("复查日期", day(f.reviewed_at) if f.reviewed_at else "—"),
            ("销号日期", day(f.closed_at) if f.closed_at else "—"),
        ]
        for label, value in rows:
            grid.add_row(label, Text(value) if isinstance(value, str) else value)
        self.query_one("#finding-fields", Static).update(grid)

        history = Table.grid(padding=(0, 2), expand=True)
        history.add_column(no_wrap=True)
        history.add_column(no_wrap=True)
        history.add_column(no_wrap=True)
        history.add_column(ratio=1, overflow="fold")
        for step in f.progress:
            if "review" in step:
                kind = Text("复查通过" if step["review"] else "退回整改", style="bold")
            else:
                kind = Text("整改完成" if step.get("done") else "整改进度")
            history.add_row(
                when(step["time"]),
                Text(self.names.get(step["by"], step["by"])),
                kind,
                Text(step["text"]),
            )
        self.query_one("#finding-history", Static).update(
            history if f.progress else Text("还没有整改进度。", style="dim")
        )
        self.query_one("#finding-actions", Static).update(self._hint(f))
        self.refresh_bindings()

    def _hint(self, f) -> str:
        user = self.app.user
        if self.allowed.progress:
            return "你可以：p 登记整改进度 · d 整改完成，提交复查"
        if self.allowed.review:
            return "你可以：c 复查通过并销号（需 PIN） · b 退回整改（写明原因）"
        if f.state == "closed":
            return "此问题已销号。"
        if user.id == f.responsible and f.state == "review":
            return "已提交复查，等待复查人复查销号（责任人不能自己销号）。"
        if user.id == f.reviewer:
            return "责任人标记整改完成后，由你复查销号。"
        return "当前没有需要你处理的操作。"

    # -- the responsible person ---------------------------------------------------------

    def action_progress(self, done: bool) -> None:
        if not (self.allowed and self.allowed.progress):
            return
        from xiaoneng.tui.screens.progress_form import ProgressFormScreen

        self.app.push_screen(ProgressFormScreen(self.finding.problem, done), self._progress_typed)

    def _progress_typed(self, result) -> None:
        if result is None:
            return
        text, done = result
        self._say("正在保存…", error=False)
        self.save_progress(text, done)

    @work(thread=True, exclusive=True, group="finding-progress")
    def save_progress(self, text: str, done: bool) -> None:
        try:
            self.app.core.findings.add_progress(self.app.user, self.finding_id, text, done=done)
        except XiaonengError as err:
            self.post_message(self.Progressed(str(err)))
            return
        self.post_message(self.Progressed(done=done))

    @on(Progressed)
    def _progressed(self, msg: Progressed) -> None:
        if msg.error:
            self._say(msg.error)
            return
        self._say(
            "已标记整改完成，等待复查人复查。" if msg.done else "已登记整改进度。", error=False
        )
        self.load()

    # -- the reviewer ---------------------------------------------------------------------

    def action_review(self, passed: bool) -> None:
        if not (self.allowed and self.allowed.review):
            return
        from xiaoneng.tui.screens.review_form import ReviewFormScreen

        self.app.push_screen(
            ReviewFormScreen(self.finding.problem, passed),
            lambda note: self._review_typed(passed, note),
        )

    def _review_typed(self, passed: bool, note: str | None) -> None:
        if note is None:
            return
        from xiaoneng.tui.screens.pin_confirm import PinConfirmScreen

        core, user, fid = self.app.core, self.app.user, self.finding_id
        title = "复查通过，销号" if passed else "复查未通过，退回整改"
        # Text, not str: the problem and the note are never read as markup.
        detail = Text(f"问题 {fid}：{self.finding.problem}")
        if note:
            detail.append(f"\n复查意见：{note}")
        self.app.push_screen(
            PinConfirmScreen(
                title,
                detail,
                lambda pin: core.findings.review(user, fid, pin, passed=passed, note=note),
            ),
            lambda result: self._reviewed(passed, result),
        )

    def _reviewed(self, passed: bool, result) -> None:
        if result is None:
            return
        self._say("已复查销号。" if passed else "已退回整改，责任人会在待办中看到。", error=False)
        self.load()

    def action_back(self) -> None:
        self.app.pop_screen()

    def _say(self, text: str, *, error: bool = True) -> None:
        msg = self.query_one("#finding-message", Static)
        msg.update(Text(text))  # service messages may quote user text: never markup
        msg.set_class(error, "error")
