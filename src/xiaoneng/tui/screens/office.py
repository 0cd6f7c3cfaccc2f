"""办公室: the office's hub (admins only): the roster, activities, checklists,
the ledger check and exports, with a few figures to see at a glance."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from xiaoneng.errors import XiaonengError
from xiaoneng.tui.base import BaseScreen
from xiaoneng.tui.keyboard import FieldKeys
from xiaoneng.tui.widgets.footer import Footer

# (key, route, title, footer label: short so all fit in 80 columns, what it is for)
ENTRIES = (
    ("r", "roster", "人员名册", "名册", "查找、新增、修改、停用人员，重置 PIN"),
    ("j", "sessions", "学习活动", "学习活动", "组织集中学习、签到和补签登记"),
    ("c", "checks", "检查活动", "检查活动", "发起自查、互查、领导巡查，查看进度"),
    ("k", "catalogue", "清单", "清单", "已载入的学习、检查表、承诺书清单及校验问题"),
    ("v", "audit", "台账校验", "校验", "重算哈希链，核对每一条签署记录"),
    ("e", "export", "导出", "导出", "把记录导出为公文格式的 Word 文档"),
)


@dataclass(frozen=True)
class Counts:
    """The figures, read in a worker."""

    people: int
    inactive: int
    units: int
    entries: int
    head: str
    checklists: int
    problems: int


class OfficeScreen(BaseScreen[None]):
    CSS_PATH = "../css/office.tcss"
    ROLES = ("admin",)
    DOING = "使用办公室功能"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "返回"),
        *(Binding(key, f"open('{route}')", short) for key, route, _, short, _ in ENTRIES),
    ]

    def compose_body(self) -> ComposeResult:
        yield Header()
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

    def __init__(self) -> None:
        super().__init__()
        # A key that opens a screen runs at once, so what is typed straight
        # after it (r, then / and a name) reaches the screen it opened.
        keys = {key: lambda r=route: self.action_open(r) for key, route, *_ in ENTRIES}
        self.typing = FieldKeys(self, [], lambda _box: None, shortcuts=keys)

    def on_mount(self) -> None:
        if self.denied:
            self.typing = None
        elif self.typing is not None:
            self.typing.start(self.query_one("#office-menu", OptionList))

    def on_screen_resume(self) -> None:
        # Also sent when first shown; again on coming back, as the figures change meanwhile.
        if not self.denied:
            self.count()

    def count(self) -> None:
        core = self.core

        def read() -> Counts:
            active, inactive = core.roster.counts()  # not everyone's file (50,000 people)
            entries, head = core.verifier.recorded_head()
            catalogue = core.catalogue
            return Counts(
                people=active + inactive,
                inactive=inactive,
                units=len(core.org.units()),
                entries=entries,
                head=head,
                checklists=len(catalogue.items),
                problems=len(catalogue.problems),
            )

        self.load(read, self._show, failed=self._count_failed)

    def _show(self, c: Counts) -> None:
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

    def _count_failed(self, err: XiaonengError) -> None:
        self.query_one("#office-counts", Static).update(Text(str(err), style="bold red"))

    @on(OptionList.OptionSelected, "#office-menu")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.action_open(str(event.option.id))

    def action_open(self, route: str) -> None:
        self.xapp.go(route)
