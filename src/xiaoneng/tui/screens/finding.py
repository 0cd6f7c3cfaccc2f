"""One finding of the rectification register: the six fixes, its progress and reviews, and
what the signed-in person may do now. The responsible person records
progress and marks the work done; the reviewer (never the responsible
person) closes it with the PIN or sends it back with a reason."""

from __future__ import annotations

from dataclasses import dataclass

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Header, Static

from xiaoneng.errors import XiaonengError
from xiaoneng.model.checklist import MODE_LABELS
from xiaoneng.model.dates import parse_date
from xiaoneng.model.records import Finding
from xiaoneng.services.findings import FindingActions
from xiaoneng.tui.base import BaseScreen
from xiaoneng.tui.format import day, due_text, when
from xiaoneng.tui.widgets.footer import Footer

STATE_STYLES = {"open": "yellow", "in_progress": "cyan", "review": "magenta", "closed": "green"}


@dataclass(frozen=True)
class FindingData:
    """One finding and what the screen shows with it, read in a worker."""

    finding: Finding
    names: dict[str, str]  # person id -> name
    unit: str  # the unit's name
    allowed: FindingActions


class FindingScreen(BaseScreen[None]):
    CSS_PATH = "../css/finding.tcss"
    MESSAGE = "#finding-message"
    BINDINGS = [
        Binding("escape", "back", "返回"),
        Binding("p", "progress(False)", "登记进度"),
        Binding("d", "progress(True)", "整改完成"),
        Binding("c", "review(True)", "复查销号"),
        Binding("b", "review(False)", "退回整改"),
        Binding("f5", "reload", "刷新", show=False),
    ]

    def __init__(self, finding_id: str):
        super().__init__()
        self.finding_id = finding_id
        self.finding: Finding | None = None
        self.allowed: FindingActions | None = None
        self.names: dict[str, str] = {}

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
        self.action_reload()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "progress":
            return bool(self.allowed and self.allowed.progress)
        if action == "review":
            return bool(self.allowed and self.allowed.review)
        return True

    def action_reload(self) -> None:
        core, user, finding_id = self.core, self.user, self.finding_id

        def read() -> FindingData:
            f = core.findings.get_for(user, finding_id)
            ids = {f.responsible, f.reviewer, f.found_by} | {s["by"] for s in f.progress}
            names = {}
            for pid in ids:
                p = core.roster.get(pid)
                names[pid] = p.name if p else pid
            return FindingData(f, names, core.org.name_of(f.unit), core.findings.allowed(user, f))

        self.load(read, self._show, failed=self._failed)

    def _failed(self, err: XiaonengError) -> None:
        self.query_one("#finding-title", Static).update(f"问题 {self.finding_id}")
        self.say(err)
        self.allowed = None
        self.refresh_bindings()

    def _who(self, pid: str) -> str:
        return f"{self.names.get(pid, pid)}（{pid}）" if pid else "—"

    def _show(self, msg: FindingData) -> None:
        f = self.finding = msg.finding
        self.allowed, self.names = msg.allowed, msg.names
        today = self.core.today()
        title = Text(f"问题 {f.id} · ")
        title.append(f.state_label, style=f"bold {STATE_STYLES.get(f.state, '')}")
        due = parse_date(f.deadline)
        if f.overdue(today) and due is not None:
            title.append(f" · 逾期 {(today - due).days} 天", style="bold red")
        self.query_one("#finding-title", Static).update(title)

        grid = Table.grid(padding=(0, 2), expand=True)
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column(ratio=1, overflow="fold")
        rows: list[tuple[str, str | Text]] = [
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
            ("整改期限", due_text(due, today, done=f.state == "closed")),
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
        self.query_one("#finding-actions", Static).update(self._hint(f, msg.allowed))
        self.refresh_bindings()

    def _hint(self, f: Finding, allowed: FindingActions) -> str:
        user = self.user
        if allowed.progress:
            return "你可以：p 登记整改进度 · d 整改完成，提交复查"
        if allowed.review:
            return "你可以：c 复查通过并销号（需 PIN） · b 退回整改（写明原因）"
        if f.state == "closed":
            return "此问题已销号。"
        if user.id == f.responsible and f.state == "review":
            return "已提交复查，等待复查人复查销号（责任人不能自己销号）。"
        if f.state == "review" and allowed.why_not_review:
            return allowed.why_not_review  # recorded the completion: someone else reviews
        if user.id == f.reviewer:
            return "责任人标记整改完成后，由你复查销号。"
        return "当前没有需要你处理的操作。"

    # -- the responsible person ---------------------------------------------------------

    def action_progress(self, done: bool) -> None:
        if not (self.finding and self.allowed and self.allowed.progress):
            return
        from xiaoneng.tui.dialogs.progress_form import ProgressFormScreen

        self.app.push_screen(ProgressFormScreen(self.finding.problem, done), self._progress_typed)

    def _progress_typed(self, result: tuple[str, bool] | None) -> None:
        if result is None:
            return
        text, done = result
        self.say("正在保存…", error=False)
        core, user, fid = self.core, self.user, self.finding_id
        self.load(
            lambda: core.findings.add_progress(user, fid, text, done=done),
            lambda _: self._progressed(done),
            group="save",
        )

    def _progressed(self, done: bool) -> None:
        self.say("已标记整改完成，等待复查人复查。" if done else "已登记整改进度。", error=False)
        self.action_reload()

    # -- the reviewer ---------------------------------------------------------------------

    def action_review(self, passed: bool) -> None:
        if not (self.finding and self.allowed and self.allowed.review):
            return
        from xiaoneng.tui.dialogs.review_form import ReviewFormScreen

        self.app.push_screen(
            ReviewFormScreen(self.finding.problem, passed),
            lambda note: self._review_typed(passed, note),
        )

    def _review_typed(self, passed: bool, note: str | None) -> None:
        if note is None or self.finding is None:
            return
        from xiaoneng.tui.dialogs.pin_confirm import PinConfirmScreen

        core, user, fid = self.core, self.user, self.finding_id
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

    def _reviewed(self, passed: bool, result: object) -> None:
        if result is None:
            return
        self.say("已复查销号。" if passed else "已退回整改，责任人会在待办中看到。", error=False)
        self.action_reload()

    def action_back(self) -> None:
        self.app.pop_screen()
