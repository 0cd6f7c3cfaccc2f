"""The six fixes (六定) of a finding, typed on the check form: problem,
measure, money, responsible person, deadline, reviewer, plus the grade and
the temporary measure the ledger asks for."""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, Select, Static

from xiaoneng.errors import UserError
from xiaoneng.model.dates import parse_day
from xiaoneng.model.records import CATEGORIES, FindingDraft
from xiaoneng.tui.dialogs.base import BaseDialog


class FindingFormScreen(BaseDialog[FindingDraft]):
    CSS_PATH = "../css/finding_form.tcss"
    MESSAGE = "#finding-message"
    BINDINGS = [
        Binding("ctrl+s", "save", "确定"),
    ]

    def __init__(
        self,
        item_text: str,
        draft: FindingDraft,
        *,
        people: list[tuple[Text, str]],
        reviewers: list[tuple[Text, str]],
        checker: str,
        alt_reviewer: str,
        today: dt.date,
    ):
        """`people`: (label, id) of the unit checked; `alt_reviewer`: who reviews
        when the checker is the responsible person."""
        super().__init__()
        self.item_text = item_text
        self.draft = draft
        self.people = people
        self.reviewers = reviewers
        self.checker = checker
        self.alt_reviewer = alt_reviewer
        self.today = today

    def compose(self) -> ComposeResult:
        d = self.draft
        ids = {v for _l, v in self.people}
        reviewer_ids = {v for _l, v in self.reviewers}
        with Vertical(id="finding-form", classes="dialog wide"):
            yield Static("登记问题：整改六定", classes="title")
            yield Static(Text(f"检查项：{self.item_text}"), id="f-item", classes="muted")
            with VerticalScroll(id="finding-fields"):
                yield from self._row(
                    "问题",
                    Input(
                        d.problem, placeholder="发现的问题（必填）", id="f-problem", compact=True
                    ),
                )
                yield from self._row(
                    "措施", Input(d.measure, placeholder="整改措施", id="f-measure", compact=True)
                )
                yield from self._row(
                    "资金",
                    Input(
                        d.money, placeholder="如 2000元；不需要可不填", id="f-money", compact=True
                    ),
                )
                yield from self._row(
                    "责任人",
                    Select(
                        self.people,
                        id="f-responsible",
                        allow_blank=not self.people,  # a unit with nobody on the roster
                        value=d.responsible if d.responsible in ids else Select.NULL,
                        compact=True,
                    ),
                )
                yield from self._row(
                    "期限",
                    Input(
                        d.deadline,
                        placeholder="整改期限，如 2026-04-30",
                        id="f-deadline",
                        compact=True,
                    ),
                )
                yield from self._row(
                    "复查人",
                    Select(
                        self.reviewers,
                        id="f-reviewer",
                        allow_blank=False,
                        value=d.reviewer if d.reviewer in reviewer_ids else Select.NULL,
                        compact=True,
                    ),
                )
                yield from self._row(
                    "等级",
                    Select(
                        [(c, c) for c in CATEGORIES],
                        id="f-category",
                        allow_blank=False,
                        value=d.category if d.category in CATEGORIES else CATEGORIES[0],
                        compact=True,
                    ),
                )
                yield from self._row(
                    "临时措施",
                    Input(
                        d.temp_measure,
                        placeholder="整改完成前的防范措施",
                        id="f-temp",
                        compact=True,
                    ),
                )
            yield Static("", id="finding-message", classes="message")
            yield Static("Tab 下一栏 · Ctrl+S 确定 · Esc 取消", classes="muted")
            with Horizontal(classes="buttons"):
                yield Button("确定", id="f-save", variant="primary")
                yield Button("取消", id="f-cancel")

    @staticmethod
    def _row(label: str, widget) -> ComposeResult:
        with Horizontal(classes="f-row"):
            yield Label(label, classes="f-label")
            yield widget

    def on_mount(self) -> None:
        self.query_one("#f-problem", Input).focus()

    @on(Input.Submitted)
    def _next(self) -> None:
        self.focus_next()

    @on(Select.Changed, "#f-responsible")
    def _responsible_changed(self, event: Select.Changed) -> None:
        reviewer = self.query_one("#f-reviewer", Select)
        if event.value is not Select.NULL and reviewer.value == event.value:
            # Never the responsible person: the checker, or who the service names.
            other = self.checker if event.value != self.checker else self.alt_reviewer
            if any(v == other for _l, v in self.reviewers):
                reviewer.value = other
                self.say("复查人不能是责任人本人，已改为默认复查人。", error=False)

    def _value(self, selector: str) -> str:
        value = self.query_one(selector, Select).value
        return value if isinstance(value, str) else ""

    def _form(self) -> FindingDraft:
        problem = self.query_one("#f-problem", Input).value.strip()
        if not problem:
            self.query_one("#f-problem", Input).focus()
            raise UserError("请填写发现的问题。")
        try:
            deadline = parse_day(
                self.query_one("#f-deadline", Input).value, "整改期限", not_before=self.today
            )
        except UserError:
            self.query_one("#f-deadline", Input).focus()
            raise
        responsible, reviewer = self._value("#f-responsible"), self._value("#f-reviewer")
        if not responsible:
            raise UserError("请选择责任人。")
        if not reviewer:
            raise UserError("请选择复查人。")
        if reviewer == responsible:
            self.query_one("#f-reviewer", Select).focus()
            raise UserError("复查人不能是责任人本人。")
        return FindingDraft(
            item=self.draft.item,
            problem=problem,
            measure=self.query_one("#f-measure", Input).value.strip(),
            money=self.query_one("#f-money", Input).value.strip(),
            responsible=responsible,
            deadline=deadline.isoformat(),
            reviewer=reviewer,
            category=self._value("#f-category") or CATEGORIES[0],
            temp_measure=self.query_one("#f-temp", Input).value.strip(),
        )

    @on(Button.Pressed, "#f-save")
    def action_save(self) -> None:
        try:
            draft = self._form()
        except UserError as err:
            self.say(str(err))
            return
        self.dismiss(draft)

    @on(Button.Pressed, "#f-cancel")
    def _cancel(self) -> None:
        self.action_cancel()
