"""`xiaoneng study reset` and `xiaoneng study paper-result` through the real process."""

from __future__ import annotations

import json

from conftest import ACTOR, PIN, run_cli

from xiaoneng.model.paper import draw_paper
from xiaoneng.services.core import open_core
from xiaoneng.services.roster import new_person

MODULE = "work-safety-law-2021"


def failed_three_times(core):
    core.roster.add(ACTOR, new_person("S1", "教师甲", "测试机关"), pin=PIN)
    me = core.roster.require("S1")
    module = core.study.module(MODULE)
    paper = draw_paper(module, 1)
    wrong = [{(min(q.answer) + 1) % len(q.choices)} for q in paper.questions]
    for _ in range(module.attempts):
        core.study.submit_quiz(me, MODULE, wrong, paper)
    return me, module


def test_study_reset_signs_a_reset_with_its_reason(core):
    me, module = failed_three_times(core)
    out = run_cli(
        "study",
        "reset",
        "--id",
        "S1",
        "--module",
        MODULE,
        "--reason",
        "补学后重测",
        "--json",
        data=core.root,
    )
    assert out.returncode == 0, out.stderr
    got = json.loads(out.stdout)
    assert got["attempts_left"] == module.attempts and len(got["reset"]) == module.attempts
    assert got["reason"] == "补学后重测"
    fresh = open_core(core.root, clock=core.clock)
    entry = fresh.ledger.entry(got["seq"])
    assert entry["action"] == "study.reset" and entry["actor"].startswith("cli:")
    assert fresh.study.status(me, module).attempts_left == module.attempts
    again = run_cli("study", "reset", "--id", "S1", "--module", MODULE, data=core.root)
    assert again.returncode == 1 and "没有可重置的测验" in again.stderr
    assert "Traceback" not in again.stderr
    text = run_cli("verify", data=core.root)
    assert text.returncode == 0, text.stdout + text.stderr


def test_study_reset_mistakes_exit_2_in_chinese(core):
    for args, says in (
        (["--id", "nobody", "--module", MODULE], "工号 nobody 不存在"),
        (["--id", "A001", "--module", "no-such"], "学习模块 no-such 不存在"),
        (["--id", "A001"], "--module"),
    ):
        out = run_cli("study", "reset", *args, data=core.root)
        assert out.returncode == 2 and says in out.stderr, out.stderr
        assert "Traceback" not in out.stderr


def test_study_paper_result_from_the_answers_ticked(core):
    core.roster.add(ACTOR, new_person("S2", "教师乙", "测试机关"), pin=PIN)
    paper = draw_paper(core.study.module(MODULE), 2468)
    ticked = " ".join(q.answer_letters() for q in paper.questions)
    out = run_cli(
        "study",
        "paper-result",
        "--id",
        "S2",
        "--module",
        MODULE,
        "--seed",
        "2468",
        "--answers",
        ticked,
        data=core.root,
    )
    assert out.returncode == 0, out.stderr
    assert "答对 20/20" in out.stdout and "完成学习（纸质测验）" in out.stdout
    fresh = open_core(core.root, clock=core.clock)
    status = fresh.study.status(fresh.roster.require("S2"), fresh.study.module(MODULE))
    assert status.label == "已完成（纸质测验）"
    bad = run_cli(
        "study",
        "paper-result",
        "--id",
        "S2",
        "--module",
        MODULE,
        "--seed",
        "1",
        "--answers",
        "A B",
        data=core.root,
    )
    assert bad.returncode == 2 and "答案应有 20 题" in bad.stderr
