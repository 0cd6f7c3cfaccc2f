"""台账校验: recompute the hash chain and every record it signs (office and
leaders), with a progress bar; and `warn_if_tampered`, the check the home
screen runs in the background when an admin signs in."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import weakref
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Header, ProgressBar, Static
from textual.worker import Worker

from xiaoneng.errors import XiaonengError
from xiaoneng.services.verify import Report
from xiaoneng.tui.base import BaseScreen, Progress
from xiaoneng.tui.format import when
from xiaoneng.tui.widgets.cell_text import cell
from xiaoneng.tui.widgets.footer import Footer

if TYPE_CHECKING:
    from xiaoneng.tui.app import XiaonengApp


class AuditScreen(BaseScreen[None]):
    CSS_PATH = "../css/audit.tcss"
    ROLES = ("admin", "leader")
    DOING = "校验台账"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "返回"),
        Binding("r", "run", "重新校验"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.running = False
        self.report: Report | None = None

    def compose_body(self) -> ComposeResult:
        yield Header()
        with Vertical(id="audit-body"):
            yield Static("台账校验", classes="title")
            yield Static(
                "逐条重算台账的哈希链，核对每条签署记录、台账头部和人员名册是否与签署时一致。",
                classes="muted",
            )
            yield Static("", id="audit-status")
            yield ProgressBar(id="audit-progress", show_eta=False)
            yield Static("", id="audit-result")
            with VerticalScroll(id="audit-problems"):
                yield Static("", id="audit-problem-list")
        yield Footer()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.denied:
            return action == "app.pop_screen"
        if action == "run" and self.running:
            return None  # shown greyed out while a check runs
        return True

    def on_mount(self) -> None:
        if not self.denied:
            self.action_run()

    def action_run(self) -> None:
        if self.running:
            return
        self.running = True
        self.refresh_bindings()
        self.query_one("#audit-status", Static).update("正在校验，请稍候...")
        self.query_one("#audit-result", Static).update("")
        self.query_one("#audit-problem-list", Static).update("")
        bar = self.query_one("#audit-progress", ProgressBar)
        bar.update(total=None, progress=0)  # indeterminate until the chain is read
        bar.display = True

        verifier = self.core.verifier
        self.load(
            lambda: verifier.run(progress=self.progress_from_thread),
            self._finished,
            failed=lambda err: self._finished(None, str(err)),
        )

    def on_progress(self, msg: Progress) -> None:
        self.query_one("#audit-progress", ProgressBar).update(total=msg.total, progress=msg.done)

    def _finished(self, report: Report | None, error: str = "") -> None:
        self.running = False
        self.refresh_bindings()
        self.report = report
        self.query_one("#audit-progress", ProgressBar).display = False
        status = self.query_one("#audit-status", Static)
        result = self.query_one("#audit-result", Static)
        problems = self.query_one("#audit-problem-list", Static)
        now = when(self.core.now().isoformat())
        status.update(Text(f"校验时间：{now}（按 r 重新校验）", style="dim"))
        if report is None:
            result.update(Text(f"无法校验：{error}", style="bold red"))
            return
        if report.ok:
            result.update(
                Text.assemble(
                    ("台账完整。", "bold green"),
                    f"\n台账条目：{report.entries} 条"
                    f"\n核对的签署记录：{report.records} 条"
                    f"\n最新一条：{f'第 {report.head_seq} 条，校验码 {report.head}' if report.head_seq else '（台账为空）'}",
                )
            )
            return
        result.update(
            Text(
                f"台账校验未通过：发现{len(report.problems)}个问题。"
                "数据可能被直接改动过，请从备份核对并报告。",
                style="bold red",
            )
        )
        problems.update(
            Text("\n".join(cell(f"{p.what}（{p.file}）") for p in report.problems), style="red")
        )


# The ledger heads found clean, per app and signed-in person: the home screen
# is shown again and again, and a full check holds the data lock for a while
# at scale, so the check reruns only when something was signed since.
_clean: weakref.WeakKeyDictionary[XiaonengApp, tuple[str, int, str]] = weakref.WeakKeyDictionary()


BACKGROUND_NICE = 10  # nice steps below the app: the check yields the CPU to its screens


def _verify_quietly(root: Path) -> str:
    """`xiaoneng verify --json` on the folder, its output.

    In a separate process: even going on from the last clean run's checkpoint
    (what `verify` does without --full) it hashes every file, and in a thread
    it would hold the GIL (the screen stalls) and keep its memory.
    At a low priority, so on a machine with few cores it runs in the time the
    screens leave over. --no-lock: a login never holds up everyone's writes.
    """
    proc = subprocess.Popen(
        [sys.executable, "-m", "xiaoneng", "--data", str(root), "verify", "--json", "--no-lock"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        encoding="utf-8",
    )
    with contextlib.suppress(OSError):  # not allowed here: it runs at the normal priority
        ours = os.getpriority(os.PRIO_PROCESS, 0)
        os.setpriority(os.PRIO_PROCESS, proc.pid, min(19, ours + BACKGROUND_NICE))
    try:
        out, _ = proc.communicate(timeout=600)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise
    return out


def warn_if_tampered(app: XiaonengApp, *, force: bool = False) -> Worker[None] | None:
    """For an admin: verify the ledger in the background and notify (error) if it fails.

    Returns the worker, or None when there is nothing to do (not an admin,
    or the ledger was found clean at this same head for this person).
    """
    user, core = app.user, app.core
    if user is None or core is None or not user.is_admin:
        return None
    try:
        head = core.verifier.recorded_head()
    except XiaonengError:
        head = (-1, "")  # the full check will say what is wrong
    key = (user.id, *head)
    if not force and _clean.get(app) == key:
        return None

    def check() -> None:
        try:
            report = json.loads(_verify_quietly(core.root))
        except (OSError, ValueError, subprocess.SubprocessError) as err:
            problem, more = f"无法运行台账校验：{err}", 0
        else:
            if report["ok"]:
                _clean[app] = key
                return
            first = report["problems"][0]
            problem, more = f"{first['what']}（{first['file']}）", len(report["problems"]) - 1
        _clean.pop(app, None)
        extra = f"（另有 {more} 个问题）" if more else ""
        message = f"{problem}{extra}\n请在 办公室 > 台账校验 中查看，并从备份核对。"
        with contextlib.suppress(RuntimeError):  # the app closed meanwhile: nobody to warn
            app.call_from_thread(
                app.notify, message, title="台账校验未通过", severity="error", timeout=30
            )

    # exit_on_error off: a background check must never take the app down.
    return app.run_worker(
        check,
        name="台账校验",
        group="audit-watch",
        thread=True,
        exclusive=True,
        exit_on_error=False,
    )
