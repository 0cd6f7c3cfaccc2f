"""One check form (自查表 / 互查表 / 巡查表): the template's items for the
mode, a result per item from the number keys, notes, the six fixes of every
finding, a draft saved as you go, and the signed submission.

A submitted check opens read-only; Enter on one of its findings opens it in
the register.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass
from functools import partial

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Header, Input, Label, OptionList, Static

from xiaoneng.errors import XiaonengError
from xiaoneng.model.checklist import MODE_LABELS, UNCHECKED
from xiaoneng.model.records import FindingDraft, ItemResult
from xiaoneng.services.checks import PreparedCheck, score
from xiaoneng.tui.base import BaseScreen
from xiaoneng.tui.format import clock, due_text, when
from xiaoneng.tui.screens.check_form_data import FormData, read_form, summary
from xiaoneng.tui.widgets.check_items import CheckItemList
from xiaoneng.tui.widgets.footer import Footer

FINDING_DAYS = 30  # suggested rectification deadline


class CheckFormScreen(BaseScreen[None]):
    CSS_PATH = "../css/check_form.tcss"
    MESSAGE = "#form-message"
    BINDINGS = [
        Binding("escape", "back", "返回"),
        *[Binding(str(n), f"result({n})", f"结果{n}", show=False) for n in range(1, 10)],
        Binding("0,backspace", "result(0)", "未检查", show=False),
        Binding("n", "note", "备注"),
        Binding("f", "finding", "六定"),
        Binding("ctrl+s", "submit", "提交"),
    ]

    @dataclass
    class DraftSaved(Message):
        version: int
        saved_at: str = ""
        error: str = ""

    def __init__(self, activity_id: str, mode: str, target: str):
        super().__init__()
        self.activity_id = activity_id
        self.mode = mode
        self.target = target
        self.data: FormData | None = None
        self.results: dict[str, ItemResult] = {}
        self.findings: dict[str, FindingDraft] = {}
        self._version = 0
        self._saved_version = 0
        self._save_lock = threading.Lock()

    # -- layout --------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(
            f"{MODE_LABELS.get(self.mode, self.mode)} · 正在读取…", id="form-who", classes="whoami"
        )
        with Vertical(id="form-body"):
            yield Static("", id="form-legend", classes="muted")
            yield Static("", id="form-progress")
            yield Static("", id="form-refused", classes="message error")
        with Horizontal(id="note-row"):
            yield Label("备注", id="note-label")
            yield Input(
                placeholder="本项备注，Enter 保存，Esc 取消", id="note-input", max_length=500
            )
        yield Static("", id="form-message", classes="message")
        yield Footer()

    @property
    def read_only(self) -> bool:
        return self.data is None or self.form.record is not None

    @property
    def form(self) -> FormData:
        """What was loaded (the keys that use it are off until then)."""
        if self.data is None:
            raise RuntimeError("the check form is not loaded")
        return self.data

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("result", "note", "submit"):
            return not self.read_only
        if action == "finding":
            return self.data is not None
        return True

    def on_mount(self) -> None:
        self.query_one("#note-row").display = False
        self.query_one("#form-refused").display = False
        self.reload()

    # -- loading -------------------------------------------------------------------

    def reload(self) -> None:
        core, user = self.core, self.user
        where = (self.activity_id, self.mode, self.target)
        self.load(lambda: read_form(core, user, *where), self._loaded, failed=self._refused)

    def _refused(self, err: XiaonengError) -> None:
        refused = self.query_one("#form-refused", Static)
        refused.update(Text(f"{err}\n\n按 Esc 返回。"))
        refused.display = True
        self.query_one("#form-who", Static).update(
            f"{MODE_LABELS.get(self.mode, self.mode)} · 无法打开"
        )
        self.refresh_bindings()

    async def _loaded(self, data: FormData) -> None:
        self.data = data
        self.results, self.findings = dict(data.results), dict(data.findings)
        task, user = data.task, self.user
        whom = "被检查单位" if task.target == task.unit else "被检查人"
        target = (
            task.target_name if task.target == task.unit else f"{task.target_name}（{task.target}）"
        )
        today = self.core.today()
        who = Text(f"{MODE_LABELS[task.mode]} · {task.activity.title} · ")
        who.append(f"检查人 {user.name}（{user.id}） · {whom} {target} · 截止 ")
        who.append_text(due_text(task.due, today, done=task.done))
        self.query_one("#form-who", Static).update(who)
        legend = "按键：" + "  ".join(
            f"{i} {r.label}" for i, r in enumerate(data.template.results, 1)
        )
        if self.read_only:
            legend = "已提交的检查只能查看 · Enter 打开选中项登记的问题 · Esc 返回"
        else:
            legend += "  0 未检查"
        self.query_one("#form-legend", Static).update(Text(legend))
        items = CheckItemList(data.template, task.mode, id="items")
        await self.query_one("#form-body").mount(items)
        items.fill(self.results, self.findings, data.names)
        items.focus()
        self._progress()
        if data.saved and not self.read_only:
            self.say(f"已恢复 {when(data.saved)} 保存的草稿。", error=False)
        self.refresh_bindings()

    @property
    def items(self) -> CheckItemList:
        return self.query_one("#items", CheckItemList)

    def _progress(self) -> None:
        data = self.form
        entries = data.template.items_for(data.task.mode)
        checked = sum(self.items.code(i.id) != UNCHECKED for _g, i in entries)
        opened = sum(self.items.opens_finding(i.id) for _g, i in entries)
        value = score(data.template, self.results, data.task.mode)
        text = Text(f"已检查 {checked}/{len(entries)} · 不符合 {opened} 项 · 得分 ")
        text.append("—" if value is None else f"{value:.1%}", style="bold")
        if data.record is not None:
            text.append(f" · 已于 {when(data.record.submitted)} 签署提交", style="green")
        elif checked < len(entries):
            text.append("（未检查的项按不符合计分）", style="dim")
        self.query_one("#form-progress", Static).update(text)

    # -- entering results ------------------------------------------------------------

    def action_result(self, n: int) -> None:
        if self.read_only:
            return
        item_id = self.items.item_id
        if item_id is None:
            return
        results = self.form.template.results
        if n == 0:
            code = UNCHECKED
        elif n <= len(results):
            code = results[n - 1].code
        else:
            return
        old = self.results.get(item_id)
        self.results[item_id] = ItemResult(item_id, code, old.note if old else "")
        self._changed(item_id)
        option = self.form.template.result(code)
        if option is not None and option.finding:
            self._edit_finding(item_id)
        elif code != UNCHECKED:
            self.items.action_cursor_down()

    def action_note(self) -> None:
        if self.read_only or self.items.item_id is None:
            return
        r = self.results.get(self.items.item_id)
        box = self.query_one("#note-input", Input)
        box.value = r.note if r else ""
        self.query_one("#note-label", Label).update(
            f"第 {self.items.number[self.items.item_id]} 项备注"
        )
        self.query_one("#note-row").display = True
        box.focus()

    @on(Input.Submitted, "#note-input")
    def _note_entered(self, event: Input.Submitted) -> None:
        item_id = self.items.item_id
        if item_id is not None:
            old = self.results.get(item_id)
            self.results[item_id] = ItemResult(
                item_id, old.result if old else UNCHECKED, event.value.strip()
            )
            self._changed(item_id)
        self._close_note()

    def _close_note(self) -> None:
        self.query_one("#note-row").display = False
        self.items.focus()

    def action_finding(self) -> None:
        item_id = self.items.item_id if self.data else None
        if item_id is None:
            return
        if self.read_only:
            fid = self.form.finding_ids.get(item_id)
            if fid:
                self.xapp.go("finding", fid)
            else:
                self.say("这一项没有登记问题。", error=False)
            return
        if not self.items.opens_finding(item_id):
            labels = "、".join(r.label for r in self.form.template.results if r.finding)
            self.say(f"只有结果为“{labels}”的项需要填写六定。", error=False)
            return
        self._edit_finding(item_id)

    @on(OptionList.OptionSelected, "#items")
    def _enter(self) -> None:
        item_id = self.items.item_id
        if item_id is not None and (self.read_only or self.items.opens_finding(item_id)):
            self.action_finding()

    def _edit_finding(self, item_id: str) -> None:
        from xiaoneng.tui.dialogs.finding_form import FindingFormScreen

        data = self.form
        today = self.core.today()
        responsible, reviewer = data.defaults
        draft = self.findings.get(item_id) or FindingDraft(
            item=item_id,
            problem="",
            responsible=responsible,
            reviewer=reviewer,
            deadline=(today + dt.timedelta(days=FINDING_DAYS)).isoformat(),
        )
        screen = FindingFormScreen(
            self.items.items[item_id].text,
            draft,
            people=data.people,
            reviewers=data.reviewers,
            checker=data.task.checker,
            alt_reviewer=data.alt_reviewer,
            today=today,
        )
        self.app.push_screen(screen, partial(self._finding_done, item_id))

    def _finding_done(self, item_id: str, draft: FindingDraft | None) -> None:
        if draft is None:
            if item_id not in self.findings:
                self.say("这一项还没有填写六定：提交前请按 f 补填。")
            return
        self.findings[item_id] = draft
        self._changed(item_id)
        self.items.action_cursor_down()

    # -- the draft -------------------------------------------------------------------

    def _changed(self, item_id: str) -> None:
        self.items.refresh_item(item_id)
        self._progress()
        self._version += 1
        save = partial(
            self._write_draft,
            self._version,
            self.core,
            self.user,
            dict(self.results),
            dict(self.findings),
        )
        # An app worker: the last change is saved even when the form is closed at once.
        self.app.run_worker(save, thread=True, group="check-draft")

    def _write_draft(self, version, core, user, results, findings) -> None:
        with self._save_lock:  # one at a time, and never an older one after a newer one
            if version <= self._saved_version:
                return
            try:
                core.checks.save_draft(
                    user, self.activity_id, self.mode, self.target, results, findings
                )
            except XiaonengError as err:
                self.post_message(self.DraftSaved(version, error=str(err)))
                return
            self._saved_version = version
        self.post_message(self.DraftSaved(version, core.now_iso()))

    @on(DraftSaved)
    def _draft_saved(self, msg: DraftSaved) -> None:
        if msg.error:
            self.say(f"草稿未保存：{msg.error}")
        elif msg.version == self._version:
            self.say(f"草稿已保存（{clock(msg.saved_at)}）。", error=False)

    # -- submitting ------------------------------------------------------------------

    def action_submit(self) -> None:
        if self.read_only:
            return
        data = self.form
        for _g, item in data.template.items_for(data.task.mode):
            if self.items.opens_finding(item.id) and not (
                item.id in self.findings and self.findings[item.id].problem.strip()
            ):
                self.items.select_item(item.id)
                self.say(f"第 {self.items.number[item.id]} 项为不符合，请按 f 填写六定后再提交。")
                return
        self.say("正在检查表单…", error=False)
        checks, task = self.core.checks, self.form.task
        results, findings = dict(self.results), dict(self.findings)
        # The service's validation before the PIN, so the summary shows a complete form.
        self.load(lambda: checks.prepare(task, results, findings), self._checked, group="validate")

    def _checked(self, _prepared: PreparedCheck) -> None:
        self.say("")
        from xiaoneng.tui.dialogs.check_summary import CheckSummaryScreen

        task = self.form.task
        codes = {i.id: self.items.code(i.id) for _g, i in self.form.template.items_for(task.mode)}
        lines, warning = summary(self.form, codes, self.results, self.findings, self.user.name)
        self.app.push_screen(
            CheckSummaryScreen(f"提交{MODE_LABELS[task.mode]}", lines, warning), self._confirmed
        )

    def _confirmed(self, go: bool | None) -> None:
        if not go:
            return
        from xiaoneng.tui.dialogs.pin_confirm import PinConfirmScreen

        core, user, task = self.core, self.user, self.form.task
        results, findings = dict(self.results), dict(self.findings)
        # Text, not str: the title and names are never read as markup.
        detail = Text(
            f"{MODE_LABELS[task.mode]} · {task.activity.title} · 对象：{task.target_name}"
        )
        self.app.push_screen(
            PinConfirmScreen(
                f"签署提交{MODE_LABELS[task.mode]}",
                detail,
                lambda pin: core.checks.submit(
                    user, self.activity_id, self.mode, self.target, pin, results, findings
                ),
            ),
            self._submitted,
        )

    async def _submitted(self, result) -> None:
        if result is None:
            return
        record, entry = result
        n = len(record.findings)
        found = f"，发现问题 {n} 条，已登记到问题整改台账" if n else ""
        self.notify(f"已签署提交{MODE_LABELS[record.mode]}{found}。记录哈希 {entry['hash'][:12]}")
        with self._save_lock:  # a draft write still queued is now stale
            self._saved_version = self._version
        # Awaited: the form read again mounts a list of the same id, and
        # a removal still queued when it arrives made two.
        await self.query_one("#items").remove()
        self.data = None
        self.refresh_bindings()
        self.reload()

    # -- leaving ---------------------------------------------------------------------

    def action_back(self) -> None:
        if self.query_one("#note-row").display:
            self._close_note()
            return
        self.app.pop_screen()
