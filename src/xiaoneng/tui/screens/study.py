"""One study module: read it section by section, take the quiz one question
at a time, and confirm a pass with the PIN (the signed completion)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import ContentSwitcher, Header, Static

from xiaoneng.errors import XiaonengError
from xiaoneng.model.checklist import StudyModule
from xiaoneng.model.paper import Paper, PaperQuestion, quiz_paper
from xiaoneng.model.records import Completion, QuizAttempt
from xiaoneng.services.ledger import short
from xiaoneng.services.study import StudyStatus
from xiaoneng.tui.base import BaseScreen
from xiaoneng.tui.dialogs.pin_confirm import PinConfirmScreen
from xiaoneng.tui.format import when
from xiaoneng.tui.screens.study_text import answer_hint, quiz_hint, result_text, state_label
from xiaoneng.tui.widgets.choice_picker import ChoicePicker
from xiaoneng.tui.widgets.footer import Footer

TYPE_LABELS = {"single": "单选题", "multiple": "多选题"}


Done = tuple[Completion, dict[str, Any] | None]  # the signed completion and its ledger entry


@dataclass(frozen=True)
class StudyData:
    """The module and where the person stands, read in a worker."""

    module: StudyModule
    status: StudyStatus
    completion: Done | None  # when done


@dataclass(frozen=True)
class Submitted:
    """A quiz handed in: the attempt and the status after it (or why it was refused)."""

    attempt: QuizAttempt | None
    status: StudyStatus | None
    error: str = ""


class StudyScreen(BaseScreen[None]):
    CSS_PATH = "../css/study.tcss"
    BINDINGS = [
        Binding("escape", "back", "返回"),
        # key_display: the footer would show arrows, which some CJK terminals draw two wide.
        Binding("left,pageup,p", "section(-1)", "上一节", priority=True, key_display="p"),
        Binding("right,pagedown,n", "section(1)", "下一节", priority=True, key_display="n"),
        Binding("t", "start_quiz", "开始测验"),
        Binding("enter", "next_question", "下一题"),
        Binding("c", "confirm", "确认完成"),
        Binding("r", "retry", "重新测验"),
        Binding("h", "attempts", "测验记录"),
    ]

    MESSAGE = "#study-message"

    def __init__(self, module_id: str):
        super().__init__()
        self.module_id = module_id
        self.module: StudyModule | None = None
        self.status: StudyStatus | None = None
        self.completion: Done | None = None
        self.mode = "loading"  # loading | read | quiz | result
        self.section = 0
        self.question = 0
        self.answers: list[set[int]] = []
        self.attempt: QuizAttempt | None = None  # the attempt just submitted
        self.paper: Paper | None = None  # this attempt's paper (drawn, or the whole bank)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("正在读取…", id="study-head", classes="whoami")
        with ContentSwitcher(initial="reader", id="study-body"):
            with VerticalScroll(id="reader"):
                yield Static("", id="section-progress", classes="section-title")
                yield Static("", id="section-points")
                yield Static("", id="section-refs", classes="muted")
                yield Static("", id="reader-hint", classes="muted hint")
            with VerticalScroll(id="quiz"):
                yield Static("", id="quiz-progress", classes="section-title")
                yield Static("", id="quiz-question")
                yield ChoicePicker(id="quiz-choices")
                yield Static("", id="quiz-feedback")
                yield Static("", id="quiz-hint", classes="muted hint")
            with VerticalScroll(id="result"):
                yield Static("", id="result-text")
        yield Static("", id="study-message", classes="message")
        yield Footer()

    def on_mount(self) -> None:
        self.reload()

    # -- loading ---------------------------------------------------------------

    def reload(self) -> None:
        core, user, module_id = self.core, self.user, self.module_id

        def read() -> StudyData:
            module = core.study.module(module_id)
            status = core.study.status(user, module)
            completion = core.study.completion_of(user, module.id) if status.done else None
            return StudyData(module, status, completion)

        self.load(read, self._loaded, failed=self._failed)

    def _failed(self, err: XiaonengError) -> None:
        self.query_one("#study-head", Static).update("无法打开学习模块")
        self.say(err)
        self.mode = "error"
        self.refresh_bindings()

    def _loaded(self, msg: StudyData) -> None:
        first = self.module is None
        self.module, self.status, self.completion = msg.module, msg.status, msg.completion
        self._show_head()
        if first:
            self.mode = "read"
            self._show_section()
            self.query_one("#reader").focus()
        elif self.mode == "read":
            self._show_section()
        elif self.mode == "result":
            self._show_result()
        self.refresh_bindings()

    def _show_head(self) -> None:
        m, st = self.loaded
        head = Text()
        head.append(m.title, style="bold")
        head.append(f"　第 {m.version} 版\n依据{m.source.label()}\n")
        head.append("状态：")
        style = "green" if st.done else "yellow" if st.passed_attempt else "bold red"
        head.append(state_label(self.loaded[1], self.completion), style=style)
        head.append(f"　测验已用 {st.attempts_used}/{m.attempts} 次")
        self.query_one("#study-head", Static).update(head)

    # -- reading -----------------------------------------------------------------

    def _show_section(self) -> None:
        sections = self.loaded[0].sections
        if not sections:
            self.query_one("#section-progress", Static).update("本模块没有学习内容。")
            self.query_one("#reader-hint", Static).update(self._quiz_hint())
            return
        self.section = max(0, min(self.section, len(sections) - 1))
        sec = sections[self.section]
        self.query_one("#section-progress", Static).update(
            f"第 {self.section + 1}/{len(sections)} 节　{sec.title}"
        )
        points = Text()
        for i, point in enumerate(sec.points, 1):
            if i > 1:
                points.append("\n")
            # No space after the number: rich wraps at spaces and would push the
            # (space-free) Chinese text onto the next line.
            points.append(f"{i}.", style="bold")
            points.append(point)
        self.query_one("#section-points", Static).update(points)
        refs = "、".join(sec.refs)
        self.query_one("#section-refs", Static).update(f"条文依据：{refs}" if refs else "")
        hint = "翻节：左右方向键、PageUp/PageDown 或 p/n。"
        if self.section == len(sections) - 1:
            hint = "已读到最后一节。" + self._quiz_hint()
        self.query_one("#reader-hint", Static).update(hint)
        self.query_one("#reader", VerticalScroll).scroll_home(animate=False)

    def _quiz_hint(self) -> str:
        return quiz_hint(*self.loaded)

    def action_section(self, step: int) -> None:
        self.section += step
        self._show_section()

    # -- which keys work now -----------------------------------------------------

    def _can_quiz(self) -> bool:
        st = self.status
        return (
            st is not None
            and not st.done
            and st.passed_attempt is None
            and st.attempts_left > 0
            and bool(st.module.questions)
        )

    @property
    def loaded(self) -> tuple[StudyModule, StudyStatus]:
        """The module and the person's status (the keys that need them are off till then)."""
        if self.module is None or self.status is None:
            raise RuntimeError("the study module is not loaded")
        return self.module, self.status

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "section":
            return self.mode == "read"
        if action == "start_quiz":
            return self.mode == "read" and self._can_quiz()
        if action == "next_question":
            return self.mode == "quiz" and self.query_one(ChoicePicker).locked
        if action == "confirm":
            return (
                self.mode in ("read", "result")
                and self.status is not None
                and self.status.passed_attempt is not None
            )
        if action == "retry":
            return self.mode == "result" and self._can_quiz()
        if action == "attempts":
            return self.mode in ("read", "result") and self.module is not None
        return True

    def action_back(self) -> None:
        if self.mode == "quiz":
            # Nothing is recorded until the last answer: leaving costs no attempt.
            self.app.notify("已退出测验，本次作答未提交，不计次数。")
            self._to_reader()
        elif self.mode == "result":
            self._to_reader()
        else:
            self.app.pop_screen()

    def _to_reader(self) -> None:
        self.mode = "read"
        self.query_one(ContentSwitcher).current = "reader"
        self._show_section()
        self.query_one("#reader").focus()
        self.refresh_bindings()

    # -- the quiz ----------------------------------------------------------------

    def action_start_quiz(self) -> None:
        if not self._can_quiz():
            return
        self.mode = "quiz"
        self.question = 0
        self.answers = []
        self.paper = quiz_paper(self.loaded[0])
        self.say("")
        self.query_one(ContentSwitcher).current = "quiz"
        self._ask()
        self.refresh_bindings()

    def action_retry(self) -> None:
        self.action_start_quiz()

    def _questions(self) -> Sequence[PaperQuestion]:
        """This attempt's questions, as shown."""
        return self.paper.questions if self.paper is not None else ()

    def _ask(self) -> None:
        questions = self._questions()
        q = questions[self.question]
        n = len(questions)
        right = sum(qq.is_correct(a) for qq, a in zip(questions, self.answers, strict=False))
        self.query_one("#quiz-progress", Static).update(
            f"第 {self.question + 1}/{n} 题　{TYPE_LABELS.get(q.type, q.type)}　"
            f"已答对 {right} 题（需答对 {self.loaded[0].pass_mark} 题）"
        )
        self.query_one("#quiz-question", Static).update(q.text)
        picker = self.query_one(ChoicePicker)
        picker.ask(q.choices, multiple=q.type == "multiple")
        self.query_one("#quiz-feedback", Static).update("")
        self.query_one("#quiz-hint", Static).update(answer_hint(q))
        picker.focus()
        self.query_one("#quiz", VerticalScroll).scroll_home(animate=False)

    @on(ChoicePicker.Answered)
    def _answered(self, event: ChoicePicker.Answered) -> None:
        if self.mode != "quiz":
            return
        feedback = self.query_one("#quiz-feedback", Static)
        if not event.chosen:
            feedback.update(Text("请至少勾选一项，再按 Enter 作答。", style="bold red"))
            return
        q = self._questions()[self.question]
        self.answers.append(set(event.chosen))
        event.picker.reveal(q.answer)
        text = Text()
        if q.is_correct(event.chosen):
            text.append("回答正确。", style="bold green")
        else:
            text.append(f"回答错误，正确答案是 {q.answer_letters()}。", style="bold red")
        if q.explanation:
            text.append(f"\n{q.explanation}")
        if q.ref:
            text.append(f"\n依据：{q.ref}", style="italic")
        feedback.update(text)
        last = self.question == len(self._questions()) - 1
        self.query_one("#quiz-hint", Static).update(
            "按 Enter 提交并查看成绩。" if last else "按 Enter 下一题。"
        )
        self.refresh_bindings()
        self.call_after_refresh(feedback.scroll_visible, animate=False)

    def action_next_question(self) -> None:
        if self.question < len(self._questions()) - 1:
            self.question += 1
            self._ask()
            self.refresh_bindings()
            return
        self.mode = "submitting"
        self.refresh_bindings()
        self.say("正在提交…", error=False)
        core, user, module, answers = self.core, self.user, self.loaded[0], list(self.answers)
        paper = self.paper

        def submit() -> Submitted:
            attempt = core.study.submit_quiz(user, module.id, answers, paper)
            return Submitted(attempt, core.study.status(user, module))

        self.load(
            submit,
            self._submitted,
            failed=lambda err: self._submitted(Submitted(None, None, str(err))),
            group="submit",
        )

    def _submitted(self, msg: Submitted) -> None:
        self.attempt = msg.attempt
        if msg.status is not None:
            self.status = msg.status
            self._show_head()
        self.mode = "result"
        self.query_one(ContentSwitcher).current = "result"
        self.query_one("#result").focus()
        if msg.error:
            self.say(msg.error)
            self.query_one("#result-text", Static).update(
                Text("本次作答没有保存。按 Esc 返回阅读。", style="bold red")
            )
        else:
            self.say("")
            self._show_result()
        self.refresh_bindings()
        if msg.error:
            self.reload()  # the attempt was refused: the status may have changed elsewhere

    def _show_result(self) -> None:
        a, m = self.attempt, self.module
        if a is None or m is None:
            return
        text = result_text(a, m, self.status, self.completion)
        self.query_one("#result-text", Static).update(text)

    def action_attempts(self) -> None:
        """My attempts on this module, each on its paper with my answers and the key."""
        self.xapp.go("attempts", self.user.id, self.module_id)

    # -- confirming --------------------------------------------------------------

    def action_confirm(self) -> None:
        st = self.status
        if st is None or st.passed_attempt is None:
            return
        a, m = st.passed_attempt, st.module
        core, user, mid = self.core, self.user, self.module_id
        self.app.push_screen(
            PinConfirmScreen(
                "确认完成学习",
                f"{m.title}（第 {m.version} 版）：测验答对 {a.correct}/{a.total} 题"
                f"（第 {a.number} 次测验）。确认后记入学习台账。",
                lambda pin: core.study.complete(user, mid, pin),
            ),
            self._confirmed,
        )

    def _confirmed(self, result: tuple[Completion, dict[str, Any]] | None) -> None:
        if not result:
            return
        done, entry = result
        self.completion = (done, entry)
        self.app.notify(f"学习已完成，台账哈希 {short(entry['hash'])}。")
        self.say(f"已完成：{when(done.time)}，台账哈希 {short(entry['hash'])}。", error=False)
        self.reload()
