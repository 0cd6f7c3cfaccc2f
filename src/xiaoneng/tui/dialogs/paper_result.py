"""The office records a paper test's result: the seed printed on the paper
(抽题号), then the score or the letters ticked on each question. The paper
drawn by the seed is shown so the office can see it is the one in hand; the
caller then asks for the office's PIN and records it."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from xiaoneng.errors import UserError
from xiaoneng.model.checklist import StudyModule
from xiaoneng.model.paper import SEED_LIMIT, Paper, draw_paper
from xiaoneng.model.people import Person
from xiaoneng.services.study_office import parse_marks
from xiaoneng.tui.dialogs.base import BaseDialog
from xiaoneng.tui.keyboard import FieldKeys
from xiaoneng.tui.widgets.cell_text import clip


@dataclass(frozen=True)
class PaperEntry:
    """What the office entered: the seed and the score or the marks."""

    seed: int
    correct: int | None
    answers: list[set[int]] | None
    summary: str  # 答对 18/20（通过） for the PIN dialog


class PaperResultDialog(BaseDialog[PaperEntry]):
    """Dismisses with a PaperEntry, or None when cancelled."""

    CSS_PATH = "../css/paper_result.tcss"
    MESSAGE = "#pr-message"
    typing: FieldKeys

    def __init__(self, person: Person, module: StudyModule):
        super().__init__()
        self.person, self.module = person, module
        self.paper: Paper | None = None
        # `42<Enter>17<Enter>` typed in one burst lands in the fields it is meant for.
        self.typing = FieldKeys(self, ["#pr-seed", "#pr-score", "#pr-answers"], self._enter)

    def compose(self) -> ComposeResult:
        m = self.module
        with Vertical(id="paper-result", classes="dialog wide"):
            yield Static("登记纸质测验成绩", classes="title")
            yield Static(
                f"{self.person.name}（{self.person.id}）　{clip(m.title, 36)} 第 {m.version} 版"
                f"\n共 {m.paper_size} 题，答对 {m.pass_mark} 题通过",
                classes="detail",
            )
            yield Label("抽题号（印在试卷首页右上方）")
            yield Input(id="pr-seed", max_length=6, restrict=r"[0-9]*", compact=True)
            yield Static("", id="pr-preview", classes="muted")
            yield Label("答对题数")
            yield Input(id="pr-score", max_length=3, restrict=r"[0-9]*", compact=True)
            yield Label("或逐题所选字母（按题号顺序，空格分开，如 B D AC A）")
            yield Input(id="pr-answers", max_length=400, compact=True)
            yield Static("", id="pr-message", classes="message")
            yield Static(
                "Tab 下一项 · Enter 下一步（输入你的 PIN）· Esc 取消", classes="muted hint"
            )

    def on_mount(self) -> None:
        self.typing.start()

    def _paper(self, value: str) -> Paper | None:
        """The paper the seed typed draws (kept: drawing a paper is not free)."""
        if not value or int(value) >= SEED_LIMIT:
            return None
        if self.paper is None or self.paper.seed != int(value):
            self.paper = draw_paper(self.module, int(value))
        return self.paper

    @on(Input.Changed, "#pr-seed")
    def _seed_typed(self, event: Input.Changed) -> None:
        paper = self._paper(event.value)
        text = f"核对第1题：{clip(paper.questions[0].text, 56)}" if paper else ""
        self.query_one("#pr-preview", Static).update(Text(text))

    def _enter(self, box: Input) -> None:
        if box.id == "pr-seed" and box.value:
            self.typing.focus(self.query_one("#pr-score", Input))
            return
        try:
            entry = self._entry()
        except UserError as err:
            self.say(err)
            return
        self.dismiss(entry)

    def _entry(self) -> PaperEntry:
        # From the field, not from the preview: a burst may reach Enter first.
        paper = self._paper(self.query_one("#pr-seed", Input).value)
        if paper is None:
            raise UserError("请填写试卷上的抽题号。")
        score = self.query_one("#pr-score", Input).value.strip()
        marks_text = self.query_one("#pr-answers", Input).value.strip()
        total, needed = len(paper.questions), self.module.pass_mark
        if bool(score) == bool(marks_text):
            raise UserError("请填写答对题数或逐题答案，二者选一。")
        answers = parse_marks(marks_text, paper) if marks_text else None
        correct = sum(paper.grade(answers)) if answers is not None else int(score)
        if correct > total:
            raise UserError(f"答对题数不能超过 {total}。")
        verdict = "通过" if correct >= needed else "未通过"
        summary = f"答对 {correct}/{total}（{verdict}）"
        assert paper.seed is not None  # drawn by the seed typed
        return PaperEntry(paper.seed, None if answers else correct, answers, summary)
