"""清单: the checklists loaded (bundled and the data folder's) and every
problem found in them, so the office sees at once a file that did not load."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Header, Static

from xiaoneng.checklists.catalogue import Catalogue
from xiaoneng.checklists.problems import Problem
from xiaoneng.checklists.quality import QualityWarning, quality_warnings
from xiaoneng.errors import XiaonengError
from xiaoneng.model.checklist import KIND_LABELS, Checklist
from xiaoneng.tui.base import BaseScreen
from xiaoneng.tui.dialogs.checklist_detail import ChecklistDetailScreen
from xiaoneng.tui.widgets.cell_text import cell, clip
from xiaoneng.tui.widgets.footer import Footer

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


@dataclass(frozen=True)
class CatalogueData:
    """The checklists and the quiz quality warnings on their study modules, read in a worker."""

    catalogue: Catalogue
    warnings: list[QualityWarning]


class CatalogueScreen(BaseScreen[None]):
    CSS_PATH = "../css/catalogue.tcss"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "返回"),
        Binding("enter", "details", "详情", show=True),
    ]

    ROLES = ("admin",)
    DOING = "查看清单"

    def __init__(self) -> None:
        super().__init__()
        self.catalogue: Catalogue | None = None
        self.warnings: list[QualityWarning] = []

    def compose_body(self) -> ComposeResult:
        yield Header()
        yield Static("清单（正在读取...）", id="cat-title", classes="title")
        yield DataTable(id="cat-table", cursor_type="row", zebra_stripes=True)
        yield Static("校验问题", id="cat-problems-title", classes="section-title")
        with VerticalScroll(id="cat-problems"):
            yield Static("", id="cat-problem-list")
        yield Footer()

    def on_mount(self) -> None:
        if self.denied:
            return
        table = self.query_one("#cat-table", DataTable)
        # The id and file come last: at 80 columns they are reached by scrolling.
        table.add_columns("类型", "标题", "版本", "依据修订", "内容", "编号", "文件")
        table.focus()
        core = self.core  # the catalogue is read (files parsed and checked) in the worker

        def read() -> CatalogueData:
            return CatalogueData(core.catalogue, quality_warnings(core.catalogue.studies()))

        self.load(read, self._show, failed=self._failed)

    def _failed(self, err: XiaonengError) -> None:
        self.query_one("#cat-title", Static).update(Text(str(err), style="bold red"))

    def _show(self, data: CatalogueData) -> None:
        cat = self.catalogue = data.catalogue
        warnings = self.warnings = data.warnings
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
        if warnings:
            title.append(f"，{len(warnings)} 条测验质量警告", style="yellow")
        title.append("）")
        title.append("　Enter 查看详情", style="dim")
        self.query_one("#cat-title", Static).update(title)
        lines = Text()
        for i, p in enumerate(cat.problems):
            if i:
                lines.append("\n")
            lines.append(cell(str(p)), style="bold red")
        for w in warnings:
            if lines:
                lines.append("\n")
            lines.append(cell(str(w)), style="yellow")
        if not cat.problems and not warnings:
            lines.append("未发现问题。", style="green")
        heading = f"校验问题（{bad} 个）" if bad else "校验问题"
        if warnings:
            heading += f"与测验质量警告（{len(warnings)} 条，不影响使用）"
        self.query_one("#cat-problems-title", Static).update(heading)
        self.query_one("#cat-problem-list", Static).update(lines)

    def _problems_of(self, path: object) -> list[Problem]:
        if self.catalogue is None:
            return []
        return [p for p in self.catalogue.problems if p.file == str(path)]

    @on(DataTable.RowSelected, "#cat-table")
    def action_details(self) -> None:
        table = self.query_one("#cat-table", DataTable)
        if self.catalogue is None or not table.row_count:
            return
        key = str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
        kind, _, ref = key.partition(":")
        if kind == "id":
            checklist = self.catalogue.items[ref]
            mine: list[Problem] = [w for w in self.warnings if w.file == checklist.file]
            self.app.push_screen(ChecklistDetailScreen(checklist, problems=mine))
        else:
            self.app.push_screen(
                ChecklistDetailScreen(None, file=ref, problems=self._problems_of(ref))
            )
