"""A past attempt as the review shows it: the paper as it was shown, what the
person chose and the key, question by question (plain functions, no widgets)."""

from __future__ import annotations

from rich.text import Text

from xiaoneng.checklists.numerals import to_chinese
from xiaoneng.model.paper import LETTERS, Paper, PaperQuestion, letters
from xiaoneng.model.records import ATTEMPT_KINDS, AttemptReset, QuizAttempt
from xiaoneng.tui.format import when

TYPE_HEADINGS = {"single": "单选题", "multiple": "多选题"}


def attempt_head(a: QuizAttempt, state: str, recorder: str = "") -> Text:
    """Which attempt, when, how, on which paper, the score and whether it counts."""
    text = Text()
    kind = ATTEMPT_KINDS.get(a.kind, a.kind)
    text.append(f"第 {a.number} 次　{when(a.time)}　{kind}", style="bold")
    if a.paper:
        text.append(f"　第 {a.paper.get('version', '')} 版　")
        seed = a.paper.get("seed")
        text.append(f"抽题号 {seed}" if seed is not None else "全部题目")
    text.append(f"\n答对 {a.correct}/{a.total} 题：")
    text.append("通过" if a.passed else "未通过", style="bold green" if a.passed else "bold red")
    text.append(f"　（{state}）", style="green" if state == "有效" else "yellow")
    if a.kind == "paper" and recorder:
        text.append(f"　由{recorder}登记")
    return text


def _question(n: int, q: PaperQuestion, chosen: set[int] | None) -> Text:
    text = Text()
    text.append(f"{n}.", style="bold")
    text.append(q.text + "\n")
    for k, choice in enumerate(q.choices):
        right, picked = k in q.answer, chosen is not None and k in chosen
        style = "green" if right else "red" if picked else ""
        text.append(f"  {LETTERS[k]}.{choice}", style=style)
        if picked:
            text.append("【所选】", style="bold " + ("green" if right else "red"))
        if right:
            text.append("【答案】", style="bold green")
        text.append("\n")
    if chosen is None:
        text.append(f"  答案 {q.answer_letters()}", style="bold")
    elif q.is_correct(chosen):
        text.append("  答对", style="bold green")
    else:
        mine = letters(chosen) or "未选"
        text.append(f"  答错：所选 {mine}，答案 {q.answer_letters()}", style="bold red")
    if q.ref:
        text.append(f"　依据：{q.ref}", style="italic")
    text.append("\n")
    return text


def review_text(a: QuizAttempt) -> Text:
    """The whole paper of one attempt, with the person's answers and the key."""
    if not a.paper:
        return Text(
            "这次测验是旧记录，没有保存当时的试卷，无法逐题查看（只有上面的得分）。",
            style="yellow",
        )
    paper = Paper.from_dict(a.paper)
    marked = a.marked and len(a.answers) == len(paper.questions)
    text = Text()
    if not marked:
        text.append(
            "纸质测验只登记了得分，没有逐题登记答案：下面是这份试卷和答案。\n\n", style="yellow"
        )
    heading, current = 0, ""
    for n, q in enumerate(paper.questions, 1):
        if q.type != current:
            current, heading = q.type, heading + 1
            text.append(
                f"{to_chinese(heading)}、{TYPE_HEADINGS.get(q.type, q.type)}\n", style="bold"
            )
        text.append_text(_question(n, q, set(a.answers[n - 1]) if marked else None))
    return text


def resets_text(resets: list[AttemptReset], name_of: dict[str, str]) -> Text:
    """The office's resets of these attempts, one line each."""
    text = Text()
    for r in resets:
        if text:
            text.append("\n")
        who = name_of.get(r.by, r.by)
        reason = r.reason or "未写原因"
        text.append(f"{when(r.time)} {who}重置了 {len(r.attempts)} 次测验：{reason}", style="dim")
    return text
