"""One step of a 巾帼文明岗 post's life (受理, 初审通过, 命名, 未通过, 年度复核),
with the reason where the step needs one; the service signs it."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, RadioButton, RadioSet, Select, Static

from xiaoneng.errors import XiaonengError
from xiaoneng.model.post_states import OUTCOMES, Action, allowed_actions, state_label
from xiaoneng.model.posts import Post
from xiaoneng.tui.dialogs.base import BaseDialog
from xiaoneng.tui.widgets.choice_keys import ChoiceKeys


class PostStateDialog(BaseDialog[Post]):
    """Dismisses with the post after the step, or None when cancelled."""

    CSS_PATH = "../css/jinguo_dialogs.tcss"
    MESSAGE = "#ps-message"
    typing: ChoiceKeys

    def __init__(self, post: Post):
        super().__init__()
        self.post = post
        self.steps: list[Action] = allowed_actions(post)
        self.typing = ChoiceKeys(self, "#ps-step", ["#ps-year", "#ps-reason"], self._enter)

    def compose(self) -> ComposeResult:
        p = self.post
        with Vertical(id="post-state", classes="dialog"):
            yield Static("办理申报", classes="title")
            yield Static(f"{p.name}（{p.organisation}）\n当前状态：{state_label(p.state)}")
            with RadioSet(id="ps-step"):
                for i, step in enumerate(self.steps):
                    yield RadioButton(f"{i + 1} {step.label}", value=i == 0)
            with Vertical(id="ps-review"):
                yield Label("复核结果")
                yield Select([(v, k) for k, v in OUTCOMES.items()], value="keep", id="ps-outcome")
                yield Label("复核年度")
                yield Input(str(self.core.today().year), id="ps-year", max_length=4)
            yield Label("原因或说明（未通过、限期整改、撤销必填）")
            yield Input(id="ps-reason", max_length=300)
            yield Static("", id="ps-message", classes="message")
            yield Static("↑↓ 或数字选择 · Tab 到原因 · Enter 办理 · Esc 取消", classes="muted hint")

    def on_mount(self) -> None:
        if not self.steps:
            self.say(f"“{self.post.name}”已{state_label(self.post.state)}，没有可办理的步骤。")
        self._show_review()
        self.typing.start()

    @property
    def step(self) -> Action | None:
        index = self.typing.index
        return self.steps[index] if 0 <= index < len(self.steps) else None

    @on(RadioSet.Changed, "#ps-step")
    def _chosen(self, event: RadioSet.Changed) -> None:
        self.typing.index = event.index  # a click
        self._show_review()

    def _show_review(self) -> None:
        step = self.step
        self.query_one("#ps-review").display = step is not None and step.code == "review"

    def _enter(self, box: Input) -> None:
        if box.id == "ps-year":
            self.typing.focus(self.query_one("#ps-reason", Input))
        else:
            self._submit()

    def _submit(self) -> None:
        step = self.step
        if step is None:
            return
        outcome, year = "", None
        if step.code == "review":
            chosen = self.query_one("#ps-outcome", Select).value
            outcome = chosen if isinstance(chosen, str) else ""
            text = self.query_one("#ps-year", Input).value.strip()
            if not text.isdigit():
                self.say(f"复核年度应为四位年份，实际为“{text[:10]}”。")
                return
            year = int(text)
        reason = self.query_one("#ps-reason", Input).value
        core, user, post_id = self.core, self.user, self.post.id

        def change() -> Post:
            after, _entry = core.posts.change_state(
                user, post_id, step.code, reason=reason, outcome=outcome, year=year
            )
            return after

        self.say("正在办理…", error=False)
        self.load(change, self.dismiss, failed=self._failed, group="save")

    def _failed(self, err: XiaonengError) -> None:
        self.say(err)
