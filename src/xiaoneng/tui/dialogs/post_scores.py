"""The office types in a post's score sheet as returned on paper: the post's
self-assessment or the assessors' scores, item by item (blank: not scored),
with who scored it. The sheet is checked against the template and signed."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Input, Label, Static

from xiaoneng.errors import XiaonengError
from xiaoneng.model.assessment import ROLES, ScoreSheet, fmt_points, parse_points
from xiaoneng.model.checklist import CheckTemplate
from xiaoneng.model.posts import Post
from xiaoneng.tui.dialogs.base import BaseDialog
from xiaoneng.tui.keyboard import FieldKeys
from xiaoneng.tui.widgets.cell_text import clip


class PostScoresDialog(BaseDialog[ScoreSheet]):
    """Dismisses with the signed sheet, or None when cancelled."""

    CSS_PATH = "../css/jinguo_dialogs.tcss"
    MESSAGE = "#sc-message"
    typing: FieldKeys
    BINDINGS = [
        Binding("escape", "cancel", "取消"),
        Binding("ctrl+s", "save", "保存", priority=True),
    ]

    def __init__(self, post: Post, role: str, template: CheckTemplate, current: ScoreSheet | None):
        super().__init__()
        self.post = post
        self.role = role
        self.template = template
        self.current = current
        # Points typed fast (a number, Enter, the next number) land in order.
        fields = ["#sc-scorer"] + [f"#sc-{i.id}" for g in template.groups for i in g.items]
        self.typing = FieldKeys(self, fields, self._next)

    def compose(self) -> ComposeResult:
        t, have = self.template, self.current
        scores = have.scores if have else {}
        with Vertical(id="post-scores", classes="dialog"):
            yield Static(f"录入{ROLES[self.role]}：{self.post.name}", classes="title")
            with Horizontal(classes="sc-row"):
                yield Label("评分人", classes="sc-label")
                yield Input(
                    have.scorer if have else "",
                    id="sc-scorer",
                    max_length=60,
                    placeholder="岗位负责人或考核组成员",
                )
            with VerticalScroll(id="sc-items"):
                for g in t.groups:
                    yield Static(g.title, classes="sc-group")
                    for item in g.items:
                        with Horizontal(classes="sc-row"):
                            most = fmt_points(item.points or 0)
                            yield Label(
                                f"{item.id} {clip(item.text, 40)}（{most}分）", classes="sc-text"
                            )
                            value = scores.get(item.id)
                            yield Input(
                                "" if value is None else fmt_points(value),
                                id=f"sc-{item.id}",
                                classes="sc-points",
                                max_length=6,
                                placeholder="未评",
                            )
            yield Static("", id="sc-message", classes="message")
            yield Static(
                f"满分 {fmt_points(t.total or 0)}；空白为未评分 · Enter 下一项 · Ctrl+S 保存 · Esc 取消",
                classes="muted",
            )

    def on_mount(self) -> None:
        # Enter walks the inputs; the scrolling list itself is not a stop.
        self.query_one("#sc-items", VerticalScroll).can_focus = False
        self.typing.start()

    def _next(self, box: Input) -> None:
        fields = self.typing.fields()
        after = fields[(fields.index(box) + 1) % len(fields)]
        after.select_all()  # a number typed there replaces the score already entered
        self.typing.focus(after)

    def read_scores(self) -> dict[str, float] | None:
        """The typed points, or None (with the first problem said) when one is wrong."""
        scores: dict[str, float] = {}
        for g in self.template.groups:
            for item in g.items:
                box = self.query_one(f"#sc-{item.id}", Input)
                if not box.value.strip():
                    continue
                try:
                    scores[item.id] = parse_points(box.value, item)
                except ValueError as err:
                    self.say(str(err))
                    box.focus()
                    return None
        return scores

    def action_save(self) -> None:
        scores = self.read_scores()
        if scores is None:
            return
        scorer = self.query_one("#sc-scorer", Input).value
        core, user, post, role = self.core, self.user, self.post, self.role

        def save() -> ScoreSheet:
            sheet, _entry = core.post_review.enter_scores(user, post, role, scores, scorer=scorer)
            return sheet

        self.say("正在保存…", error=False)
        self.load(save, self.dismiss, failed=self._failed, group="save")

    def _failed(self, err: XiaonengError) -> None:
        self.say(err)
