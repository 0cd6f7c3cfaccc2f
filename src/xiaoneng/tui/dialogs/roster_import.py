"""Import a roster spreadsheet from the roster screen: preview first, then import.

The same reading and plan as `xiaoneng roster import --check` (services/
roster_import.py): new, changed, unchanged and bad rows, and units that do not
exist yet. Importing is possible only once the preview allows it: bad rows
need 跳过有问题的行, unknown units need 新建不存在的单位. Just before writing
the file is read again; if it or the roster changed since the preview, the
new preview is shown instead of importing something else than was seen.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Checkbox, Input, Label, Static

from xiaoneng.errors import XiaonengError
from xiaoneng.services import roster_batches, roster_journal
from xiaoneng.services.roster_import import RosterPlan, describe, pins_file, read_roster
from xiaoneng.tui.dialogs.base import BaseDialog

if TYPE_CHECKING:
    from xiaoneng.services.core import Core

SHOWN = 200  # rows listed per section; the counts are always complete


@dataclass(frozen=True)
class ImportDone:
    added: int
    changed: int
    unchanged: int
    skipped: int
    pins: Path | None


@dataclass(frozen=True)
class Preview:
    plan: RosterPlan
    unfinished: roster_journal.Unfinished | None  # an import cut off part way
    resumes: bool  # this file is that import: importing it goes on from where it stopped


def preview(core: Core, path: Path) -> Preview:
    job = roster_batches.prepare(core, read_roster(path), check=True)
    return Preview(job.plan, roster_journal.unfinished(core), job.resumed is not None)


def preview_text(plan: RosterPlan, cut: roster_journal.Unfinished | None = None) -> Text:
    """The preview as plain text (file content is never markup)."""
    c = plan.counts()
    out = Text()
    if cut is not None:
        out.append(cut.notice() + "\n\n", style="bold yellow")
    out.append(
        f"{plan.file.path.name}：表头在第 {plan.file.header_row} 行。\n"
        f"新增 {c['new']} 人，修改 {c['changed']} 人，不变 {c['unchanged']} 人，"
        f"有问题 {c['bad']} 行。\n",
        style="bold",
    )

    def section(title: str, lines: list[str], style: str = "") -> None:
        if not lines:
            return
        out.append(f"\n{title}\n", style="bold " + style)
        for line in lines[:SHOWN]:
            out.append(f"  {line}\n", style=style)
        if len(lines) > SHOWN:
            out.append(f"  ……另有 {len(lines) - SHOWN} 行\n", style=style)

    section(
        "有问题的行（不会导入）：",
        [f"第 {p.row} 行“{p.column}”：{p.message}" for p in plan.bad],
        "red",
    )
    section("尚不存在的单位：", plan.unknown_units, "yellow")
    section(
        "新增：",
        [
            f"第 {r.row} 行 {r.person.id} {r.person.name} {r.person.unit} {r.person.position}"
            for r in plan.new
        ],
    )
    section(
        "修改：",
        [f"第 {r.row} 行 {r.person.id} {r.person.name}：{describe(ch)}" for r, ch in plan.changed],
    )
    return out


class RosterImportDialog(BaseDialog[ImportDone]):
    CSS_PATH = "../css/roster_import.tcss"
    MESSAGE = "#ri-message"
    BINDINGS = [Binding("ctrl+s", "do_import", "导入")]

    def __init__(self) -> None:
        super().__init__()
        self.plan: RosterPlan | None = None
        self.resumes = False  # the previewed file is the import cut off part way
        self._busy = False

    def compose(self) -> ComposeResult:
        with Vertical(id="roster-import", classes="dialog wide"):
            yield Static("导入人员名册（.xlsx 或 .csv）", classes="title", id="ri-title")
            with Horizontal(classes="form-row"):
                yield Label("文件", classes="form-label")
                yield Input(
                    placeholder="名册文件的完整路径，按 Enter 预览", id="ri-path", compact=True
                )
            with Horizontal(classes="form-row options"):
                yield Checkbox("新建不存在的单位", id="ri-create", compact=True)
                yield Checkbox("跳过有问题的行", id="ri-skip", compact=True)
                yield Checkbox("生成初始PIN", value=True, id="ri-pins", compact=True)
            with VerticalScroll(id="ri-preview"):
                yield Static(
                    "表头可在前 10 行；列为 工号、姓名、单位，可有 职务、角色"
                    "（也认 编号、部门、岗位、权限 等写法）。先预览，确认后再导入。",
                    id="ri-preview-text",
                    classes="muted",
                )
            yield Static("", id="ri-message", classes="message")
            with Horizontal(classes="buttons"):
                yield Button("预览", id="ri-check", compact=True)
                yield Button("导入", id="ri-import", variant="primary", disabled=True, compact=True)
                yield Button("取消", id="ri-cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#ri-path", Input).focus()

    def _path(self) -> Path | None:
        text = self.query_one("#ri-path", Input).value.strip().strip("\"'")
        if not text:
            self.say("请输入名册文件的路径。")
            return None
        return Path(text).expanduser()

    # -- preview -----------------------------------------------------------------

    @on(Input.Submitted, "#ri-path")
    @on(Button.Pressed, "#ri-check")
    def action_preview(self) -> None:
        path = self._path()
        if path is None:
            return
        core = self.core
        self.plan = None
        self._update_button()
        self.say("正在读取...", error=False)
        self.load(lambda: preview(core, path), self._planned, failed=self._refused)

    def _planned(self, seen: Preview) -> None:
        self.plan = seen.plan
        self.resumes = seen.resumes
        self.query_one("#ri-preview-text", Static).update(preview_text(seen.plan, seen.unfinished))
        self.query_one("#ri-preview-text", Static).remove_class("muted")
        self._update_button()

    def _refused(self, err: XiaonengError) -> None:
        self.plan = None
        self._update_button()
        self.query_one("#ri-preview-text", Static).update(Text(str(err), style="red"))
        self.say(err)

    @on(Checkbox.Changed)
    def _option_changed(self) -> None:
        self._update_button()

    def _blocked(self) -> str | None:
        """Why the previewed plan cannot be imported as the options stand."""
        plan = self.plan
        if plan is None:
            return "请先预览。"
        if plan.bad and not self.query_one("#ri-skip", Checkbox).value:
            return f"有 {len(plan.bad)} 行有问题：改正文件后重新预览，或勾选“跳过有问题的行”。"
        if plan.unknown_units and not self.query_one("#ri-create", Checkbox).value:
            return "有尚不存在的单位：确认无误请勾选“新建不存在的单位”，或在文件中改为已有单位。"
        if not plan.new and not plan.changed and not self.resumes:
            return "没有要新增或修改的人员。"
        return None

    def _update_button(self) -> None:
        why = self._blocked()
        self.query_one("#ri-import", Button).disabled = why is not None or self._busy
        if self.plan is not None:
            self.say(why or "预览无误，按“导入”（Ctrl+S）写入名册。", error=why is not None)

    # -- import ------------------------------------------------------------------

    @on(Button.Pressed, "#ri-import")
    def action_do_import(self) -> None:
        why = self._blocked()
        if why is not None or self._busy or self.plan is None:
            if why:
                self.say(why)
            return
        seen, core, user = self.plan, self.core, self.user
        create = self.query_one("#ri-create", Checkbox).value
        skip = self.query_one("#ri-skip", Checkbox).value
        with_pins = self.query_one("#ri-pins", Checkbox).value

        resumes = self.resumes

        def run() -> ImportDone | Preview:
            job = roster_batches.prepare(
                core,
                read_roster(seen.file.path),
                create_units=create,
                skip_bad=skip,
                # A resumed import writes its PINs where it began to.
                pins_out=pins_file(core) if with_pins and not resumes else None,
            )
            if job.plan.to_dict() != seen.to_dict() or (job.resumed is not None) != resumes:
                # The file or the roster changed: show it again.
                return Preview(job.plan, roster_journal.unfinished(core), job.resumed is not None)
            done = roster_batches.run(core, user, job)
            plan = job.plan
            return ImportDone(
                done.added, done.changed, len(plan.unchanged), len(plan.bad), done.pins_out
            )

        self._busy = True
        self._update_button()
        self.say("正在导入...", error=False)
        self.load(run, self._imported, failed=self._import_failed, group="write")

    def _imported(self, result: ImportDone | Preview) -> None:
        self._busy = False
        if isinstance(result, Preview):
            self._planned(result)
            self.say("文件或名册在预览后有变化：请核对新的预览后再导入。")
            return
        self.dismiss(result)

    def _import_failed(self, err: XiaonengError) -> None:
        self._busy = False
        self._update_button()
        self.say(err)

    @on(Button.Pressed, "#ri-cancel")
    def _cancel(self) -> None:
        self.dismiss(None)
