"""三查: my check tasks (self, peer, lead), and for the office this year's
activities, starting one and editing its peer pairs."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Header, Static

from xiaoneng.model.checklist import MODE_LABELS
from xiaoneng.model.records import Activity
from xiaoneng.services.check_tasks import CheckTask
from xiaoneng.tui.base import BaseScreen
from xiaoneng.tui.format import day, due_text
from xiaoneng.tui.widgets.cell_text import plain
from xiaoneng.tui.widgets.footer import Footer


@dataclass(frozen=True)
class ChecksData:
    """What the screen shows, read in a worker."""

    tasks: list[CheckTask]
    activities: list[Activity] | None  # None: not the office
    template_titles: dict[str, str]


class ChecksScreen(BaseScreen[None]):
    CSS_PATH = "../css/checks.tcss"
    BINDINGS = [
        Binding("escape", "back", "返回"),
        Binding("a", "new_activity", "发起活动"),
        Binding("p", "peer_pairs", "互查安排"),
        Binding("r", "app.go('register')", "整改台账"),
        Binding("f5", "reload", "刷新"),
    ]

    MESSAGE = "#checks-message"

    def __init__(self) -> None:
        super().__init__()
        self._tasks: list[CheckTask] = []
        self._activities: list[Activity] = []

    def compose(self) -> ComposeResult:
        user = self.user
        yield Header()
        yield Static(
            Text(f"三查 · {user.name}（{user.id}）　查履职、查精神、查成效"),
            classes="whoami",
        )
        with Vertical(id="checks-body"):
            with Vertical(id="tasks-pane"):
                yield Static("我的检查任务", id="tasks-title", classes="section-title")
                yield DataTable(id="tasks", cursor_type="row", zebra_stripes=True)
                yield Static("正在读取…", id="tasks-empty", classes="muted")
            if user.is_admin:
                with Vertical(id="activities-pane"):
                    yield Static("本年度检查活动", id="activities-title", classes="section-title")
                    yield DataTable(id="activities", cursor_type="row", zebra_stripes=True)
                    yield Static("a 发起检查活动 · p 调整选中活动的互查安排", classes="muted")
        yield Static("", id="checks-message", classes="message")
        yield Footer()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("new_activity", "peer_pairs"):
            return self.user.is_admin
        return True

    def on_mount(self) -> None:
        tasks = self.query_one("#tasks", DataTable)
        tasks.add_columns("方式", "对象", "活动", "截止", "状态")
        if self.user.is_admin:
            acts = self.query_one("#activities", DataTable)
            acts.add_columns("编号", "活动名称", "检查表", "方式", "单位", "截止")
        tasks.focus()

    def on_screen_resume(self) -> None:
        # Also sent when the screen is first shown: the one place that loads.
        self.action_reload()

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_reload(self) -> None:
        core, user = self.core, self.user

        def read() -> ChecksData:
            tasks = core.tasks.for_person(user)
            if not user.is_admin:
                return ChecksData(tasks, None, {})
            titles = {t.id: t.title for t in core.activities.templates()}
            return ChecksData(tasks, core.activities.of_year(), titles)

        self.load(read, self._show)

    def _show(self, msg: ChecksData) -> None:
        today = self.core.today()
        # Open tasks first, the most urgent on top.
        self._tasks = sorted(
            msg.tasks, key=lambda t: (t.done, t.due or today.max, t.activity.id, t.mode)
        )
        table = self.query_one("#tasks", DataTable)
        table.clear()
        for i, t in enumerate(self._tasks):
            late = not t.done and t.due is not None and t.due < today
            table.add_row(
                Text(MODE_LABELS[t.mode], style="bold red" if late else "bold"),
                Text(plain(t.target_name, 16)),
                Text(plain(t.activity.title, 24)),
                due_text(t.due, today, done=t.done),
                Text("已提交", style="green") if t.done else Text("未完成", style="yellow"),
                key=str(i),
            )
        open_count = sum(not t.done for t in self._tasks)
        self.query_one("#tasks-title", Static).update(
            f"我的检查任务（共 {len(self._tasks)} 项，未完成 {open_count} 项）"
        )
        empty = self.query_one("#tasks-empty", Static)
        empty.update("" if self._tasks else "暂无检查任务。办公室发起检查活动后会出现在这里。")
        empty.display = not self._tasks
        if msg.activities is not None:
            self._activities = msg.activities
            acts = self.query_one("#activities", DataTable)
            acts.clear()
            for a in msg.activities:
                dues = " ".join(
                    f"{MODE_LABELS[m]}{day(a.deadline(m), year=False)}" for m in a.modes
                )
                acts.add_row(
                    a.id,
                    Text(plain(a.title, 24)),
                    Text(plain(msg.template_titles.get(a.template, a.template), 16)),
                    "、".join(MODE_LABELS[m] for m in a.modes),
                    str(len(a.units)),
                    dues,
                    key=a.id,
                )
            self.query_one("#activities-title", Static).update(
                f"本年度检查活动（{len(msg.activities)} 个）"
            )

    @on(DataTable.RowSelected, "#tasks")
    def _open_task(self, event: DataTable.RowSelected) -> None:
        t = self._tasks[int(str(event.row_key.value))]
        self.xapp.go("check", t.activity.id, t.mode, t.target)

    @on(DataTable.RowSelected, "#activities")
    def _open_activity(self, event: DataTable.RowSelected) -> None:
        self.action_peer_pairs()

    def action_new_activity(self) -> None:
        from xiaoneng.tui.dialogs.activity_form import ActivityFormScreen

        self.app.push_screen(ActivityFormScreen(), self._created)

    def _created(self, activity) -> None:
        if activity is not None:
            self.notify(f"已发起检查活动：{activity.title}（{activity.id}）。")
            self.action_reload()

    def action_peer_pairs(self) -> None:
        if not self._activities:
            self.say("还没有检查活动：按 a 发起。")
            return
        acts = self.query_one("#activities", DataTable)
        row = min(acts.cursor_row, len(self._activities) - 1)
        activity = self._activities[max(row, 0)]
        if "peer" not in activity.modes:
            self.say(f"活动“{plain(activity.title)}”没有同事互查，无需安排。")
            return
        from xiaoneng.tui.dialogs.peer_pairs import PeerPairsScreen

        self.app.push_screen(PeerPairsScreen(activity.id))
