"""Validation and building of `kind = "study"` files: sections, questions, quiz."""

from __future__ import annotations

import difflib
import re
from dataclasses import replace
from typing import Any

from xiaoneng.checklists.citations import own_names, section_of
from xiaoneng.checklists.problems import Fields
from xiaoneng.model.checklist import Question, Section, StudyModule

KEYS = ("quiz", "sections", "questions")
QUESTION_TYPES = ("single", "multiple")
_LETTERS = re.compile(r"[A-Z]+")


def build_study(f: Fields, data: dict[str, Any], common: dict[str, Any]) -> StudyModule | None:
    pass_mark, attempts, draw = _quiz(f, data)
    sections = [
        _section(f, table, f"sections[{n}]")
        for n, table in enumerate(f.tables(data, "", "sections"))
    ]
    tables = f.tables(data, "", "questions", required=False)
    questions = [_question(f, table, f"questions[{n}]") for n, table in enumerate(tables)]
    titles = [s.title for s in sections if s is not None]
    chosen = [_chosen_section(f, t, f"questions[{n}]", titles) for n, t in enumerate(tables)]
    # Count what the file declares, even if some questions are broken, so the
    # pass-mark problem is reported alongside theirs.
    declared = data.get("questions")
    count = len(declared) if isinstance(declared, list) else 0
    if draw is not None and draw > count:
        f.add("quiz.draw", f"每次抽 {draw} 题，但题库只有 {count} 道题；应不大于题目数")
    if pass_mark is not None:
        if draw is not None and pass_mark > draw:
            f.add("quiz.pass_mark", f"及格题数为 {pass_mark}，但每次只抽 {draw} 题；应不大于 draw")
        elif pass_mark > count:
            f.add(
                "quiz.pass_mark",
                f"及格题数为 {pass_mark}，但只有 {count} 道题；应不大于题目数",
            )
        elif pass_mark == 0 and count > 0:
            f.add("quiz.pass_mark", f"有 {count} 道题时应至少为 1（0 只用于没有题目的骨架）")
    if f.problems:
        return None
    built = tuple(s for s in sections if s is not None)
    own = own_names(common["source"].name)
    bank = tuple(
        replace(q, section=section_of(q.ref, built, own) if pick is None else pick)
        for q, pick in zip(questions, chosen, strict=True)
        if q is not None
    )
    tested = len({q.section for q in bank} - {None})
    if draw is not None and draw < tested:
        f.add(
            "quiz.draw",
            f"每次抽 {draw} 题，少于有题目的 {tested} 节；每节至少抽一题，应不小于 {tested}",
        )
        return None
    return StudyModule(
        **common,
        sections=built,
        questions=bank,
        pass_mark=pass_mark or 0,
        attempts=attempts or 3,
        draw=draw,
    )


def _quiz(f: Fields, data: dict[str, Any]) -> tuple[int | None, int | None, int | None]:
    quiz = f.table(data, "", "quiz")
    if quiz is None:
        return None, None, None
    f.unknown_keys(quiz, "quiz", ("pass_mark", "attempts", "draw"))
    pass_mark = f.integer(quiz, "quiz", "pass_mark", minimum=0)
    attempts = f.integer(quiz, "quiz", "attempts", minimum=1, default=3)
    draw = f.integer(quiz, "quiz", "draw", minimum=1) if "draw" in quiz else None
    return pass_mark, attempts, draw


def _section(f: Fields, table: dict[str, Any], path: str) -> Section | None:
    f.unknown_keys(table, path, ("title", "points", "refs"))
    title = f.text(table, path, "title")
    points = f.texts(table, path, "points")
    refs = f.texts(table, path, "refs", required=False) if table.get("refs") != [] else []
    if title is None or points is None:
        return None
    return Section(title=title, points=tuple(points), refs=tuple(refs or ()))


def _chosen_section(f: Fields, table: dict[str, Any], path: str, titles: list[str]) -> int | None:
    """An explicit `section` (a section's title); without it the ref decides."""
    title = f.text(table, path, "section", required=False)
    if title is None:
        return None
    if title.strip() in [t.strip() for t in titles]:
        return [t.strip() for t in titles].index(title.strip())
    close = difflib.get_close_matches(title, titles, n=1)
    hint = f"，是否应为 “{close[0]}”？" if close else ""
    f.add(f"{path}.section", f"“{title}” 不是本文件任何一节的 title{hint}")
    return None


def _question(f: Fields, table: dict[str, Any], path: str) -> Question | None:
    f.unknown_keys(
        table, path, ("type", "text", "choices", "answer", "explanation", "ref", "section")
    )
    qtype = f.choice(table, path, "type", QUESTION_TYPES)
    text = f.text(table, path, "text")
    choices = _choices(f, table, path)
    answer = _answer(f, table, path, qtype, choices)
    explanation = f.text(table, path, "explanation")
    ref = f.text(table, path, "ref")
    if (
        qtype is None
        or text is None
        or choices is None
        or answer is None
        or explanation is None
        or ref is None
    ):
        return None
    return Question(qtype, text, tuple(choices), answer, explanation, ref)


def _choices(f: Fields, table: dict[str, Any], path: str) -> list[str] | None:
    choices = f.texts(table, path, "choices")
    if choices is None:
        return None
    if len(choices) < 2:
        f.add(f"{path}.choices", f"至少要有 2 个选项，实际只有 {len(choices)} 个")
        return None
    if len(choices) > 26:
        f.add(f"{path}.choices", f"最多 26 个选项（A–Z），实际有 {len(choices)} 个")
        return None
    seen: dict[str, int] = {}
    for n, choice in enumerate(choices):
        key = choice.strip()
        if key in seen:
            f.add(f"{path}.choices[{n}]", f"与选项 {chr(65 + seen[key])} 重复")
            return None
        seen[key] = n
    return choices


def _answer(
    f: Fields, table: dict[str, Any], path: str, qtype: str | None, choices: list[str] | None
) -> frozenset[int] | None:
    answer = f.text(table, path, "answer")
    if answer is None:
        return None
    where = f"{path}.answer"
    letters = answer.strip()
    if not _LETTERS.fullmatch(letters):
        f.add(where, f'应为大写的选项字母，如 "B" 或 "ACD"，实际为 “{answer}”')
        return None
    if len(set(letters)) != len(letters):
        f.add(where, f"选项字母重复：“{letters}”")
        return None
    if qtype == "single" and len(letters) > 1:
        f.add(
            where,
            f'单选题只能有一个答案，实际为 “{letters}”；多个答案请把 type 改为 "multiple"',
        )
        return None
    if choices is not None:
        last = chr(64 + len(choices))
        missing = [c for c in letters if ord(c) - 65 >= len(choices)]
        if missing:
            f.add(
                where,
                f"答案 “{''.join(missing)}” 没有对应的选项（共 {len(choices)} 个选项：A–{last}）",
            )
            return None
    return frozenset(ord(c) - 65 for c in letters)
