"""What the study screen says about a module: the hint under the reader and
the result of a quiz (plain functions of the records, no widgets)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text

from xiaoneng.model.checklist import Question, StudyModule
from xiaoneng.model.paper import LETTERS, Paper, PaperQuestion
from xiaoneng.model.records import Completion, QuizAttempt
from xiaoneng.services.ledger import short
from xiaoneng.services.study import StudyStatus
from xiaoneng.tui.format import when


def state_label(
    st: StudyStatus, completion: tuple[Completion, dict[str, Any] | None] | None
) -> str:
    """Where the person stands, for the head of the screen."""
    if st.done and completion:
        done, entry = completion
        stamp = f"，台账 {short(entry['hash'])}" if entry else ""
        return f"已完成（{when(done.time)}，答对 {done.correct}/{done.total}{stamp}）"
    if st.passed_attempt:
        a = st.passed_attempt
        return f"已通过测验待确认（答对 {a.correct}/{a.total}，按 c 确认完成）"
    return st.label


def quiz_hint(m: StudyModule, st: StudyStatus) -> str:
    """What the reader says about the quiz at the end of the last section."""
    if st.done:
        return "本年度已完成本模块，可以继续阅读。"
    if st.passed_attempt:
        return "已通过测验：按 c 输入 PIN 确认完成。"
    if not m.questions:
        return "本模块没有测验。"
    if not st.attempts_left:
        return "测验次数已用完，请联系办公室重置后再测验。"
    return (
        f"按 t 开始测验：{m.quiz_size_label()}，答对 {m.pass_mark} 题通过，"
        f"还可测验 {st.attempts_left} 次。"
    )


def answer_hint(q: PaperQuestion) -> str:
    """How to answer the question on screen, and how to leave without it counting."""
    last = LETTERS[len(q.choices) - 1]
    n = len(q.choices)
    if q.type == "multiple":
        hint = f"多选：按 A-{last} 或 1-{n} 勾选（也可用上下方向键和空格），再按 Enter 作答。"
    else:
        hint = f"单选：按 A-{last} 或 1-{n} 直接作答，或用上下方向键选择后按 Enter。"
    return hint + "\nEsc 退出测验（本次作答不提交，不计次数）"


def result_text(
    a: QuizAttempt,
    m: StudyModule,
    st: StudyStatus | None,
    completion: tuple[Completion, dict[str, Any] | None] | None,
) -> Text:
    """A quiz's result: the marks, the questions got wrong, and what to do next."""
    text = Text()
    text.append("本次测验成绩\n", style="bold")
    text.append(f"答对 {a.correct}/{a.total} 题，及格线 {m.pass_mark} 题：")
    text.append("通过" if a.passed else "未通过", style="bold green" if a.passed else "bold red")
    shown: Sequence[Question | PaperQuestion] = (
        Paper.from_dict(a.paper).questions if a.paper else m.questions
    )
    wrong = [
        str(i)
        for i, (q, ans) in enumerate(zip(shown, a.answers, strict=False), 1)
        if not q.is_correct(set(ans))
    ]
    if wrong:
        text.append(f"\n答错的题：第 {'、'.join(wrong)} 题（按 h 逐题查看试卷和答案）。")
    left = st.attempts_left if st is not None else max(m.attempts - a.number, 0)
    text.append(f"\n这是第 {a.number} 次测验，还可测验 {left} 次。\n\n")
    if st is not None and st.done and completion:
        done, entry = completion
        stamp = f"台账哈希 {short(entry['hash'])}" if entry else ""
        text.append(f"已确认完成：{when(done.time)}　{stamp}", style="bold green")
    elif a.passed:
        text.append("按 c 输入 PIN 确认完成，签署学习记录。", style="bold")
    elif left:
        text.append(f"按 r 重新测验（还可 {left} 次），或按 Esc 返回重新阅读。")
    else:
        text.append("测验次数已用完，请联系办公室重置后再测验。", style="bold red")
    return text
