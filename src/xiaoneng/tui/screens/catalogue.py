"""清单: the checklists loaded (bundled and the data folder's) and every
problem found in them, so the office sees at once a file that did not load."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Static

from xiaoneng.errors import XiaonengError
from xiaoneng.model.checklist import Checklist
from xiaoneng.tui.base import BaseScreen
from xiaoneng.tui.screens.checklist_detail import KIND_LABELS, ChecklistDetailScreen
from xiaoneng.tui.widgets.access import Refusal, refusal
from xiaoneng.tui.widgets.cell_text import cell, clip

COUNT_LABELS = {
    "sections": "节",
    "questions": "题",
    "groups": "组",
    "items": "项",
    "clauses": "条",
}


def counts_text(c: Checklist) -> str:
    counts = c.counts()
    return " ".join(f"{n}{COUNT_LABELS.get(k, k)}" for k, n in counts.items())


class CatalogueScreen(BaseScreen[None]):
    CSS_PATH = "../css/catalogue.tcss"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "返回"),
        Binding("enter", "details", "详情", show=True),
    ]

    @dataclass
    class Loaded(Message):
        """The catalogue, loaded (files read and checked) in a worker."""

        catalogue: object

    @dataclass
    class LoadFailed(Message):
        message: str

    def __init__(self) -> None:
        super().__init__()
        self.denied: str | None = None
        self.catalogue = None

    def compose(self) -> ComposeResult:
        self.denied = refusal(self.user, "admin", doing="查看清单")
        yield Header()
        if self.denied:
            yield Refusal(self.denied)
            yield Footer()
            return
        yield Static("清单（正在读取...）", id="cat-title", classes="title")
        yield DataTable(id="cat-table", cursor_type="row", zebra_stripes=True)
        yield Static("校验问题", id="cat-problems-title", classes="section-title")
        with VerticalScroll(id="cat-problems"):
            yield Static("", id="cat-problem-list")
        yield Footer()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        return not self.denied or action == "app.pop_screen"

    def on_mount(self) -> None:
        if self.denied:
            return
        table = self.query_one("#cat-table", DataTable)
        # The id and file come last: at 80 columns they are reached by scrolling.
        table.add_columns("类型", "标题", "版本", "依据修订", "内容", "编号", "文件")
        table.focus()
        self.load()

    @work(thread=True, exclusive=True, group="catalogue")
    def load(self) -> None:
        try:
            catalogue = self.core.catalogue
        except XiaonengError as err:
            self.post_message(self.LoadFailed(str(err)))
            return
        self.post_message(self.Loaded(catalogue))

    @on(LoadFailed)
    def _failed(self, msg: LoadFailed) -> None:
        self.query_one("#cat-title", Static).update(Text(msg.message, style="bold red"))

    @on(Loaded)
    def _show(self, msg: Loaded) -> None:
        cat = self.catalogue = msg.catalogue
        table = self.query_one("#cat-table", DataTable)
        table.clear()
        title_w = 44 if self.app.size.width >= 110 else 30
        for c in cat.items.values():
            table.add_row(
                KIND_LABELS.get(c.kind, c.kind),
                clip(c.title, title_w),
                c.version,
                cell(c.source.revision or c.source.revised),
                counts_text(c),
                c.id,
                Path(c.file).name,
                key=f"id:{c.id}",
            )
        # Files left out because of their problems get a row too, in red.
        loaded = {str(c.file) for c in cat.items.values()}
        for path in cat.files:
            if str(path) in loaded:
                continue
            mine = self._problems_of(path)
            if not mine:
                continue
            table.add_row(
                Text("未载入", style="bold red"),
                Text(f"{Path(path).name}：{len(mine)} 个问题", style="bold red"),
                "",
                "",
                "",
                "",
                Text(Path(path).name, style="red"),
                key=f"file:{path}",
            )
        n, bad = len(cat.items), len(cat.problems)
        title = Text(f"清单（已载入 {n} 份")
        title.append(
            f"，{bad} 个问题" if bad else "，全部校验通过", style="bold red" if bad else "green"
        )
        title.append("）")
        title.append("　Enter 查看详情", style="dim")
        self.query_one("#cat-title", Static).update(title)
        lines = Text()
        for i, p in enumerate(cat.problems):
            if i:
                lines.append("\n")
            lines.append(cell(str(p)), style="bold red")
        if not cat.problems:
            lines.append("未发现问题。", style="green")
        self.query_one("#cat-problems-title", Static).update(
            f"校验问题（{bad} 个）" if bad else "校验问题"
        )
        self.query_one("#cat-problem-list", Static).update(lines)

    def _problems_of(self, path) -> list:
        return [p for p in self.catalogue.problems if p.file == str(path)]

    @on(DataTable.RowSelected, "#cat-table")
    def action_details(self) -> None:
        table = self.query_one("#cat-table", DataTable)
        if self.catalogue is None or not table.row_count:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        kind, _, ref = key.partition(":")
        if kind == "id":
            self.app.push_screen(ChecklistDetailScreen(self.catalogue.items[ref]))
        else:
            self.app.push_screen(
                ChecklistDetailScreen(None, file=ref, problems=self._problems_of(ref))
            )
