"""导出 Word: choose what, which unit and which period, then write the
documents in a worker with a progress bar and show where they went.

For admins and leaders only (the service would also let a unit head export
their own unit, e.g. from scripts; this screen stays with the office).
Files go to <data>/exports/<today>/ and never replace an existing file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import (
    Button,
    Checkbox,
    DataTable,
    Header,
    Input,
    ProgressBar,
    Select,
    SelectionList,
    Static,
)

from xiaoneng.errors import OperationError, XiaonengError
from xiaoneng.services.export_archive import LIST_UP_TO, by_kind
from xiaoneng.services.export_kinds import labels
from xiaoneng.services.exporting import ExportService
from xiaoneng.tui.base import BaseScreen, Progress
from xiaoneng.tui.widgets.footer import Footer

ALL_UNITS = "*"  # Select value for every unit (unit ids never start with it)


@dataclass(frozen=True)
class Exported:
    """Where the files went: each one by name when there are a few, else the
    files and pages of each kind (an export of a whole province has 100,000)."""

    folder: Path
    documents: int
    paths: list[Path]  # the documents when few, then the index files
    kinds: dict[str, tuple[int, int]]  # kind folder -> (files, pages) when many


class ExportScreen(BaseScreen[None]):
    CSS_PATH = "../css/export.tcss"
    # The service would also let a unit head export their own unit (scripts); this
    # screen stays with the office and the leaders.
    ROLES = ("admin", "leader")
    DOING = "导出 Word 文档"
    MESSAGE = "#export-message"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "返回"),
        Binding("ctrl+s", "export", "开始导出", priority=True),
        Binding("ctrl+a", "select_all", "全选内容"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.running = False

    def compose_body(self) -> ComposeResult:
        yield Header()
        core = self.core
        today = core.today()
        self.service = ExportService(core)
        with Vertical(id="export-body"):
            yield Static("导出 Word 文档（公文格式）", classes="title")
            with Horizontal(id="export-form"):
                with Vertical(id="export-what"):
                    yield Static("导出内容（空格勾选）", classes="section-title")
                    yield SelectionList[str](
                        *((label, kind, True) for kind, label in labels().items()),
                        id="export-kinds",
                    )
                with Vertical(id="export-options"):
                    yield Static("单位", classes="section-title")
                    units = [(Text(u.name), u.id) for u in core.org.units()]
                    yield Select(
                        [("全部单位", ALL_UNITS), *units],
                        value=ALL_UNITS,
                        allow_blank=False,
                        id="export-unit",
                    )
                    yield Static("期间（起止日期）", classes="section-title")
                    with Horizontal(id="export-period"):
                        yield Input(f"{today.year}-01-01", id="export-from", max_length=12)
                        yield Static("至", id="export-to-label")
                        yield Input(f"{today.year}-12-31", id="export-to", max_length=12)
                    yield Checkbox("同时导出未签署的空白承诺书", id="export-blank")
            with Horizontal(id="export-run", classes="buttons"):
                yield Button("开始导出（Ctrl+S）", id="export-start", variant="primary")
                yield ProgressBar(id="export-progress", show_eta=False)
            yield Static(
                Text(f"导出到：{self.service.default_folder()}"),
                id="export-message",
                classes="message",
            )
            yield DataTable(id="export-files", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        if self.denied:
            return
        self.query_one("#export-files", DataTable).display = False
        self.query_one("#export-kinds", SelectionList).focus()

    # -- running -------------------------------------------------------------------

    @on(Button.Pressed, "#export-start")
    def _start_pressed(self) -> None:
        self.action_export()

    def action_select_all(self) -> None:
        self.query_one("#export-kinds", SelectionList).select_all()

    def action_export(self) -> None:
        if self.denied or self.running:
            return
        kinds = list(self.query_one("#export-kinds", SelectionList).selected)
        if not kinds:
            self.say("请至少勾选一种导出内容。")
            return
        unit = self.query_one("#export-unit", Select).value
        self.running = True
        self.query_one("#export-start", Button).disabled = True
        self.query_one("#export-progress", ProgressBar).update(total=None, progress=0)
        self.say("正在导出...", error=False)
        user, svc = self.user, self.service
        chosen = None if unit == ALL_UNITS else str(unit)
        start = self.query_one("#export-from", Input).value
        end = self.query_one("#export-to", Input).value
        blank = self.query_one("#export-blank", Checkbox).value

        def run() -> Exported:
            plan = svc.prepare(user, kinds, unit=chosen, start=start, end=end, blank_letters=blank)
            folder = svc.default_folder()
            if not plan.batches:
                return Exported(folder, 0, [], {})
            try:
                written = svc.write(plan, folder, self.progress_from_thread)
            except OSError as err:
                raise OperationError(f"写入导出文件失败：{err.strerror or err}。") from err
            count = len(written.files)
            if count <= LIST_UP_TO:
                return Exported(folder, count, [*written.files, *written.index], {})
            return Exported(folder, count, list(written.index), by_kind(written.rows))

        self.load(run, self._done, failed=self._failed, group="export")

    def on_progress(self, msg: Progress) -> None:
        done, total = msg.done, msg.total
        self.query_one("#export-progress", ProgressBar).update(total=max(total, 1), progress=done)
        self.say(f"正在导出：{done}/{total}", error=False)

    def _done(self, msg: Exported) -> None:
        self._finish()
        files = self.query_one("#export-files", DataTable)
        files.clear(columns=True)
        if not msg.documents:
            self.query_one("#export-progress", ProgressBar).update(total=1, progress=1)
            self.say("没有符合条件的记录，未导出任何文件。", error=False)
            files.display = False
            return
        if msg.kinds:
            files.add_columns("类别", "已导出的文件")
            for kind, (count, pages) in msg.kinds.items():
                files.add_row(Text(kind), f"{count} 个文件，{pages} 页", key=kind)
            for path in msg.paths:  # the index
                files.add_row("归档目录", Text(path.name), key=str(path))
        else:
            files.add_columns("序号", "已导出的文件")
            for n, path in enumerate(msg.paths, start=1):
                rel = path.relative_to(msg.folder).as_posix()
                files.add_row(str(n), Text(rel), key=str(path))
        files.display = True
        self.say(
            f"已导出 {msg.documents} 个文件到 {msg.folder}（按类别分文件夹，附归档目录）",
            error=False,
        )

    def _failed(self, err: XiaonengError) -> None:
        self._finish()
        self.say(err)

    def _finish(self) -> None:
        self.running = False
        self.query_one("#export-start", Button).disabled = False
