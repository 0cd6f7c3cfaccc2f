"""Quiz attempts as signed records: each keeps exactly the paper shown and the
answers, is signed in the ledger, and verify sees an edited one; the office's
resets are signed entries with a reason; a paper result counts as 纸质测验."""

from __future__ import annotations

import json

import pytest
from conftest import ACTOR, ADMIN_PIN, PIN, person

from xiaoneng.errors import OperationError, PermissionDenied, UserError
from xiaoneng.model.paper import Paper, draw_paper
from xiaoneng.services.auth import LoginFailed
from xiaoneng.services.core import open_core
from xiaoneng.services.study_office import parse_marks
from xiaoneng.store.repos.units import unit_part

MODULE = "work-safety-law-2021"  # bundled, draw = 20


def wrong(paper: Paper) -> list[set[int]]:
    return [{(min(q.answer) + 1) % len(q.choices)} for q in paper.questions]


def right(paper: Paper) -> list[set[int]]:
    return [set(q.answer) for q in paper.questions]


def unit_file(core, p) -> dict:
    return json.loads((core.root / unit_part(2026, p.unit)).read_text("utf-8"))


def test_an_attempt_is_signed_and_reproduces_the_paper_shown(org):
    me = person(org, "S1")
    module = org.study.module(MODULE)
    paper = draw_paper(module, 4242)
    answers = right(paper)
    answers[3] = wrong(paper)[3]
    attempt = org.study.submit_quiz(me, MODULE, answers, paper)
    stored = unit_file(org, me)["attempts"][attempt.id]
    entry = org.ledger.entry(stored["seq"])
    assert entry["action"] == "study.attempt" and entry["actor"] == "S1"
    assert entry["ref"]["key"] == attempt.id
    # From the stored record alone: the same paper, graded the same.
    again = Paper.from_dict(stored["paper"])
    assert again == paper and again.seed == 4242
    assert again.grade([set(a) for a in stored["answers"]]) == paper.grade(answers)
    assert stored["correct"] == module.paper_size - 1
    history = org.study_office.history(me, me.id, MODULE)
    assert [v.state for v in history.attempts] == ["有效"]
    assert org.verifier.run().ok


def test_a_quiz_over_the_whole_bank_keeps_the_bank_as_shown(core, tmp_path):
    from conftest import TESTS

    from xiaoneng.services.roster import new_person

    fixtures = TESTS / "fixtures" / "checklists"
    c = open_core(core.root, clock=core.clock, checklist_dirs=[fixtures])
    module = next(m for m in c.study.modules() if m.draw is None and m.questions)
    c.roster.add(ACTOR, new_person("S9", "职工九", "测试机关"))
    me = c.roster.require("S9")
    attempt = c.study.submit_quiz(me, module.id, [set(q.answer) for q in module.questions])
    paper = Paper.from_dict(attempt.paper)
    assert paper.seed is None and [q.text for q in paper.questions] == [
        q.text for q in module.questions
    ]
    assert attempt.signed and attempt.passed


def test_verify_catches_an_edited_attempt(org):
    me = person(org, "S2")
    module = org.study.module(MODULE)
    paper = draw_paper(module, 7)
    attempt = org.study.submit_quiz(me, MODULE, wrong(paper), paper)
    assert org.verifier.run().ok
    path = org.root / unit_part(2026, me.unit)
    data = json.loads(path.read_text("utf-8"))
    data["attempts"][attempt.id]["answers"] = [sorted(a) for a in right(paper)]
    data["attempts"][attempt.id]["correct"] = len(paper.questions)
    data["attempts"][attempt.id]["passed"] = True
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    report = open_core(org.root, clock=org.clock).verifier.run()
    assert not report.ok
    assert "已被修改" in report.problems[0] and attempt.id in report.problems[0]


def test_an_attempt_written_into_the_file_by_hand_does_not_count(org):
    """Old attempts (before they were signed) and forged ones: history, not a pass."""
    me = person(org, "S1")
    module = org.study.module(MODULE)
    paper = draw_paper(module, 9)
    signed = org.study.submit_quiz(me, MODULE, wrong(paper), paper)
    path = org.root / unit_part(2026, me.unit)
    data = json.loads(path.read_text("utf-8"))
    forged = {**data["attempts"][signed.id], "number": 2, "passed": True, "correct": 20}
    forged["id"] = signed.id[:-1] + "2"
    del forged["seq"]
    data["attempts"][forged["id"]] = forged
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    c = open_core(org.root, clock=org.clock)
    status = c.study.status(me, module)
    assert status.passed_attempt is None and status.attempts_used == 1
    assert [v.state for v in c.study_office.history(me, me.id, MODULE).attempts] == [
        "有效",
        "未签署（不计次数）",
    ]
    with pytest.raises(OperationError, match="还没有通过"):
        c.study.complete(me, MODULE, PIN)
    # The next attempt takes the next number: the forged key is never overwritten.
    assert c.study.submit_quiz(me, MODULE, wrong(paper), paper).number == 3


def test_the_office_resets_attempts_with_a_signed_reason(org):
    me = person(org, "S2")
    admin = person(org, "A001")
    module = org.study.module(MODULE)
    paper = draw_paper(module, 11)
    for _ in range(module.attempts):
        org.study.submit_quiz(me, MODULE, wrong(paper), paper)
    assert org.study.status(me, module).attempts_left == 0
    with pytest.raises(PermissionDenied):
        org.study_office.reset(me, me.id, MODULE, "自己重置", PIN)
    with pytest.raises(UserError, match="PIN"):
        org.study_office.reset(admin, me.id, MODULE, "重新学习后再测")
    with pytest.raises(LoginFailed):
        org.study_office.reset(admin, me.id, MODULE, "重新学习后再测", "000000")
    reset, entry = org.study_office.reset(admin, me.id, MODULE, "重新学习后再测", ADMIN_PIN)
    assert entry["action"] == "study.reset" and entry["actor"] == "A001"
    stored = unit_file(org, me)["attempt_resets"][str(entry["seq"])]
    assert stored["reason"] == "重新学习后再测" and len(stored["attempts"]) == module.attempts
    status = org.study.status(me, module)
    assert status.attempts_used == 0 and status.attempts_left == module.attempts
    states = [v.state for v in org.study_office.history(admin, me.id, MODULE).attempts]
    assert states == ["已重置"] * module.attempts
    with pytest.raises(OperationError, match="没有可重置"):
        org.study_office.reset(admin, me.id, MODULE, "再来一次", ADMIN_PIN)
    again = org.study.submit_quiz(me, MODULE, right(paper), paper)
    assert again.number == module.attempts + 1 and again.passed
    assert org.verifier.run().ok  # the voided attempts are untouched, still as signed


def test_a_reset_keeps_a_passed_attempt(org):
    me = person(org, "S1")
    module = org.study.module(MODULE)
    paper = draw_paper(module, 12)
    org.study.submit_quiz(me, MODULE, wrong(paper), paper)
    org.study.submit_quiz(me, MODULE, right(paper), paper)
    reset, _ = org.study_office.reset(ACTOR, me.id, MODULE, "")
    assert len(reset.attempts) == 1
    assert org.study.status(me, module).passed_attempt is not None


def test_a_passed_paper_result_is_a_completion_marked_paper(org):
    me = person(org, "S3")
    admin = person(org, "A001")
    module = org.study.module(MODULE)
    paper = org.study_office.paper(MODULE, 123456)
    assert paper == draw_paper(module, 123456)
    marks = right(paper)
    marks[0] = wrong(paper)[0]
    with pytest.raises(PermissionDenied):
        org.study_office.record_paper(me, me.id, MODULE, 123456, correct=20, pin=PIN)
    result = org.study_office.record_paper(
        admin, me.id, MODULE, 123456, answers=marks, pin=ADMIN_PIN
    )
    a = result.attempt
    assert (a.kind, a.correct, a.total, a.passed) == ("paper", 19, 20, True)
    assert a.recorded_by == "A001" and Paper.from_dict(a.paper) == paper
    assert result.entry["action"] == "study.paper"
    assert result.completion is not None
    done, entry = result.completion
    assert done.kind == "paper" and entry["action"] == "study.complete"
    status = org.study.status(me, module)
    assert status.done and status.label == "已完成（纸质测验）"
    assert status.attempts_used == 0  # the screen's attempts are untouched
    with pytest.raises(OperationError, match="已完成"):
        org.study_office.record_paper(admin, me.id, MODULE, 5, correct=20, pin=ADMIN_PIN)
    assert org.verifier.run().ok


def test_a_failed_paper_result_shows_and_is_not_recorded_twice(org):
    me = person(org, "S1")
    result = org.study_office.record_paper(ACTOR, me.id, MODULE, 77, correct=9)
    assert not result.attempt.passed and result.completion is None
    status = org.study.status(me, org.study.module(MODULE))
    assert status.label == "纸质测验未通过（答对 9/20）"
    assert any("纸质测验未通过" in i.note for i in org.todo.for_person(me))
    with pytest.raises(OperationError, match="已登记过"):
        org.study_office.record_paper(ACTOR, me.id, MODULE, 77, correct=18)
    with pytest.raises(UserError, match="0～20"):
        org.study_office.record_paper(ACTOR, me.id, MODULE, 78, correct=21)
    with pytest.raises(UserError, match="抽题号"):
        org.study_office.record_paper(ACTOR, me.id, MODULE, 10**6, correct=18)
    with pytest.raises(UserError, match="二者选一"):
        org.study_office.record_paper(ACTOR, me.id, MODULE, 78)


def test_marks_are_read_question_by_question(org):
    paper = org.study_office.paper(MODULE, 3)
    text = " ".join(q.answer_letters() for q in paper.questions)
    assert paper.grade(parse_marks(text.lower(), paper)) == [True] * len(paper.questions)
    with pytest.raises(UserError, match="应有 20 题"):
        parse_marks("A B", paper)
    first_single = next(k for k, q in enumerate(paper.questions) if q.type == "single")
    bad = text.split()
    bad[first_single] = "AB"
    with pytest.raises(UserError, match=f"第 {first_single + 1} 题是单选题"):
        parse_marks(" ".join(bad), paper)
    bad[first_single] = "Z"
    with pytest.raises(UserError, match="无效"):
        parse_marks(",".join(bad), paper)


def test_the_study_record_export_lists_attempts_with_score_and_paper(org, tmp_path):
    import docx

    from xiaoneng.services.exporting import ExportService

    module = org.study.module(MODULE)
    quiz = draw_paper(module, 555)
    org.study.submit_quiz(person(org, "S1"), MODULE, wrong(quiz), quiz)
    org.study_office.reset(ACTOR, "S1", MODULE, "补学")
    org.study_office.record_paper(ACTOR, "S2", MODULE, 9090, correct=18)
    [path] = [
        p
        for p in ExportService(org).run(ACTOR, "study", folder=tmp_path).files
        if "安全生产法" in p.name
    ]
    tables = [[[c.text for c in r.cells] for r in t.rows] for t in docx.Document(str(path)).tables]
    done, pending, tries = tables
    assert [r[1] for r in done[1:]] == ["教师乙"] and done[1][4:6] == ["18/20", "纸质"]
    rows = {r[1]: r[3:] for r in tries[1:]}
    assert rows["教师甲"] == ["终端测验", "0/20", "未通过", "抽题号 555", "已重置"]
    assert rows["教师乙"] == ["纸质测验", "18/20", "通过", "抽题号 9090", "有效"]
    assert {r[1]: r[-1] for r in pending[1:]}["教师甲"] == "未学习"  # the reset attempt is void
