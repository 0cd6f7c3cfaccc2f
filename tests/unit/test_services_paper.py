"""A quiz on a module with `draw`: answered on a drawn paper, graded on it, kept with it."""

from __future__ import annotations

import dataclasses

import pytest
from conftest import person

from xiaoneng.errors import UserError
from xiaoneng.model.paper import Paper, draw_paper

MODULE = "work-safety-law-2021"  # bundled with draw = 20


def test_paper_attempt_is_graded_on_the_paper_and_keeps_it(org):
    module = org.study.module(MODULE)
    paper = draw_paper(module, 7)
    right = [set(q.answer) for q in paper.questions]
    wrong_two = [{(min(q.answer) + 1) % len(q.choices)} for q in paper.questions[:2]]
    attempt = org.study.submit_quiz(person(org, "S1"), MODULE, wrong_two + right[2:], paper)
    assert (attempt.correct, attempt.total) == (module.paper_size - 2, module.paper_size)
    assert attempt.passed == (module.paper_size - 2 >= module.pass_mark)
    assert Paper.from_dict(attempt.paper) == paper
    assert list(attempt.answers) == [sorted(a) for a in wrong_two + right[2:]]


def test_a_paper_of_another_version_or_size_is_refused(org):
    module = org.study.module(MODULE)
    paper = draw_paper(module, 7)
    old = dataclasses.replace(paper, version="0")
    with pytest.raises(UserError, match="重新开始测验"):
        org.study.submit_quiz(person(org, "S1"), MODULE, [q.answer for q in paper.questions], old)
    with pytest.raises(UserError, match="答案数量"):
        org.study.submit_quiz(person(org, "S1"), MODULE, [{0}], paper)


def test_without_a_paper_the_whole_bank_needs_the_same_share(org):
    module = org.study.module(MODULE)
    bank = len(module.questions)
    needed = -(-module.pass_mark * bank // module.paper_size)  # the pass share of the bank
    answers = [set(q.answer) for q in module.questions]
    for i in range(bank - needed + 1):
        q = module.questions[i]
        answers[i] = {(min(q.answer) + 1) % len(q.choices)}
    short = org.study.submit_quiz(person(org, "S1"), MODULE, answers)
    assert short.correct == needed - 1 and not short.passed
    assert short.paper is not None and Paper.from_dict(short.paper).seed is None  # the bank
    q = module.questions[0]
    answers[0] = set(q.answer)
    assert org.study.submit_quiz(person(org, "S1"), MODULE, answers).passed
