"""办公室: the office's hub (admins only): the roster, activities, checklists,
the ledger check and exports, with a few figures to see at a glance."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from xiaoneng.errors import XiaonengError
from xiaoneng.tui.base import BaseScreen
from xiaoneng.tui.widgets.access import Refusal, refusal

# (key, route, title, footer label: short so all fit in 80 columns, what it is for)
ENTRIES = (
    ("r", "roster", "人员名册", "名册", "查找、新增、修改、停用人员，重置 PIN"),
    ("j", "sessions", "学习活动", "学习活动", "组织集中学习、签到和补签登记"),
    ("c", "checks", "检查活动", "检查活动", "发起自查、互查、领导巡查，查看进度"),
    ("k", "catalogue", "清单", "清单", "已载入的学习、检查表、承诺书清单及校验问题"),
    ("v", "audit", "台账校验", "校验", "重算哈希链，核对每一条签署记录"),
    ("e", "export", "导出", "导出", "把记录导出为公文格式的 Word 文档"),
)


class OfficeScreen(BaseScreen[None]):
    CSS_PATH = "../css/office.tcss"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "返回"),
        *(Binding(key, f"open('{route}')", short) for key, route, _, short, _ in ENTRIES),
    ]

    @dataclass
    class Counted(Message):
        """The figures, read in a worker."""

        people: int
        inactive: int
        units: int
        entries: int
        head: str
        checklists: int
        problems: int

    @dataclass
    class CountFailed(Message):
        message: str

    def __init__(self) -> None:
        super().__init__()
        self.denied: str | None = None

    def compose(self) -> ComposeResult:
        self.denied = refusal(self.user, "admin", doing="使用办公室功能")
        yield Header()
        if self.denied:
            yield Refusal(self.denied)
            yield Footer()
            return
        with Vertical(id="office-body"):
            yield Static("办公室", classes="title")
            yield Static("正在统计...", id="office-counts")
            yield OptionList(
                *(
                    Option(f"{key}  {title:　<4}　{use}", id=route)
                    for key, route, title, _, use in ENTRIES
                ),
                id="office-menu",
            )
        yield Footer()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        return not self.denied or action == "app.pop_screen"

    def on_mount(self) -> None:
        if not self.denied:
            self.query_one("#office-menu", OptionList).focus()

    def on_screen_resume(self) -> None:
        # Also sent when first shown; again on coming back, as the figures change meanwhile.
        if not self.denied:
            self.count()

    @work(thread=True, exclusive=True, group="office-count")
    def count(self) -> None:
        core = self.core
        try:
            people = core.roster.people(include_inactive=True)
            units = core.org.units()
            entries, head = core.verifier.recorded_head()
            catalogue = core.catalogue
        except XiaonengError as err:
            self.post_message(self.CountFailed(str(err)))
            return
        self.post_message(
            self.Counted(
                people=len(people),
                inactive=sum(not p.active for p in people),
                units=len(units),
                entries=entries,
                head=head,
                checklists=len(catalogue.items),
                problems=len(catalogue.problems),
            )
        )

    @on(Counted)
    def _show(self, c: Counted) -> None:
        text = Text()
        text.append(f"人员 {c.people - c.inactive} 人")
        if c.inactive:
            text.append(f"（另有停用 {c.inactive} 人）", style="dim")
        text.append(f"　单位 {c.units} 个　台账 {c.entries} 条")
        if c.head:
            text.append(f"（末条 {c.head}）", style="dim")
        text.append(f"\n清单 {c.checklists} 份　")
        if c.problems:
            text.append(f"清单问题 {c.problems} 个（按 k 查看）", style="bold red")
        else:
            text.append("清单问题 0 个", style="green")
        self.query_one("#office-counts", Static).update(text)

    @on(CountFailed)
    def _count_failed(self, msg: CountFailed) -> None:
        self.query_one("#office-counts", Static).update(Text(msg.message, style="bold red"))

    @on(OptionList.OptionSelected, "#office-menu")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.action_open(event.option.id)

    def action_open(self, route: str) -> None:
        self.xapp.go(route)
