"""Pilot: the study list, the section reader, the quiz and the PIN-confirmed completion."""

from __future__ import annotations

from pathlib import Path

from conftest import PIN, person
from helpers.settle import settle
from helpers.started import shown, started
from textual.widgets import DataTable, Static

from xiaoneng.model.paper import Paper
from xiaoneng.services.core import Core
from xiaoneng.tui.dialogs.pin_confirm import PinConfirmScreen
from xiaoneng.tui.factory import build_app
from xiaoneng.tui.screens.studies import StudiesScreen
from xiaoneng.tui.screens.study import StudyScreen
from xiaoneng.tui.widgets.choice_picker import ChoicePicker

MODULE = "work-safety-law-2021"
SMALL = "test-study"  # tests/fixtures/checklists/study.toml: 2 questions, both needed to pass
FIXTURES = Path(__file__).parents[1] / "fixtures" / "checklists"


def small_core(org) -> Core:
    """The same data with the small fixture module, so quiz runs stay short."""
    return Core(org.store, clock=org.clock, checklist_dirs=[FIXTURES])


def _text(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def _wrong(q) -> set[int]:
    """A wrong answer (a multiple-choice question may have every choice right)."""
    others = [i for i in range(len(q.choices)) if i not in q.answer]
    return {others[0]} if others else {min(q.answer)}


async def _answer(pilot, q, chosen) -> None:
    keys = [chr(ord("a") + i) for i in sorted(chosen)]
    await pilot.press(*keys)
    if q.type == "multiple":
        await pilot.press("enter")


async def _open_study(app, pilot, core, pid: str, module_id: str = MODULE) -> StudyScreen:
    app.user = person(core, pid)
    app.go("study", module_id)
    await settle(pilot)
    assert isinstance(app.screen, StudyScreen)
    return app.screen


async def test_list_reader_quiz_pass_and_pin_confirm_records_completion(org):
    module = org.study.module(MODULE)
    n = len(module.sections)
    app = build_app(org, signed_in=person(org, "S1"), route=("studies",))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, StudiesScreen)
        table = app.screen.query_one("#studies", DataTable)
        assert table.row_count == len(org.study.modules())
        row = table.get_row(MODULE)
        assert str(row[2]) == "未完成" and row[1] == module.version
        assert row[4] == module.source.label()  # no unsafe punctuation in this label
        table.move_cursor(row=table.get_row_index(MODULE))
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StudyScreen)

        # Reading: every way of turning pages, clamped at both ends.
        assert _text(app, "#section-progress").startswith(f"第 1/{n} 节")
        assert module.sections[0].points[0][:10] in _text(app, "#section-points")
        for key, expected in [
            ("right", 2),
            ("pagedown", 3),
            ("n", 4),
            ("left", 3),
            ("p", 2),
            ("pageup", 1),
            ("left", 1),
        ]:
            await pilot.press(key)
            assert _text(app, "#section-progress").startswith(f"第 {expected}/{n} 节"), key
        for _ in range(n + 2):
            await pilot.press("n")
        assert _text(app, "#section-progress").startswith(f"第 {n}/{n} 节")
        assert "按 t 开始测验" in _text(app, "#reader-hint")

        # The quiz: one question at a time, feedback after each, one deliberate mistake.
        await pilot.press("t")
        assert screen.mode == "quiz"
        # The module draws: the quiz is a drawn paper, choices shuffled, answers as shown.
        paper = screen.paper
        assert paper is not None and len(paper.questions) == module.paper_size < len(
            module.questions
        )
        picker = screen.query_one(ChoicePicker)
        multi = next(i for i, q in enumerate(paper.questions) if q.type == "multiple")
        single = next(i for i, q in enumerate(paper.questions) if q.type == "single")
        for i, q in enumerate(paper.questions):
            assert _text(app, "#quiz-progress").startswith(f"第 {i + 1}/{len(paper.questions)} 题")
            if i == multi:
                await pilot.press("enter")  # nothing ticked yet
                assert "请至少勾选一项" in _text(app, "#quiz-feedback")
                assert not picker.locked
            chosen = _wrong(q) if i == single else q.answer
            await _answer(pilot, q, chosen)
            assert picker.locked
            feedback = _text(app, "#quiz-feedback")
            if i == single:
                assert f"回答错误，正确答案是 {q.answer_letters()}" in feedback
            else:
                assert feedback.startswith("回答正确")
            assert q.ref in feedback
            await pilot.press("enter")
        await settle(pilot)
        assert screen.mode == "result"
        result = _text(app, "#result-text")
        total = len(paper.questions)
        assert f"答对 {total - 1}/{total} 题，及格线 {module.pass_mark} 题：通过" in result
        assert Paper.from_dict(screen.attempt.paper) == paper  # the record keeps what was shown
        assert f"答错的题：第 {single + 1} 题" in result
        assert "还可测验 2 次" in result
        assert not org.study.status(person(org, "S1"), module).done  # not until the PIN

        # Confirming: a wrong PIN is refused in the dialog, the right one signs.
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, PinConfirmScreen)
        await pilot.press(*"000001", "enter")
        await settle(pilot)
        assert "还可尝试 4 次" in _text(app, "#confirm-message")
        await pilot.press(*PIN, "enter")
        await settle(pilot)
        assert app.screen is screen
        status = org.study.status(person(org, "S1"), module)
        assert status.done
        done, entry = org.study.completion_of(person(org, "S1"), MODULE)
        assert done.correct == total - 1
        assert org.verifier.run().ok
        assert "已完成" in _text(app, "#study-head")
        assert entry["hash"][:12] in _text(app, "#study-head")
        assert "已确认完成" in _text(app, "#result-text")

        # Back in the list the module shows as done; reopened, it reads but offers no quiz.
        await pilot.press("escape")  # result -> reader
        await pilot.press("escape")  # reader -> list
        await settle(pilot)
        assert isinstance(app.screen, StudiesScreen)
        assert str(app.screen.query_one(DataTable).get_row(MODULE)[2]) == "已完成"
        await pilot.press("enter")
        await settle(pilot)
        again = app.screen
        assert isinstance(again, StudyScreen) and "已完成" in _text(app, "#study-head")
        await pilot.press("t")
        assert again.mode == "read"
        await pilot.press("n")
        assert _text(app, "#section-progress").startswith(f"第 2/{n} 节")


async def test_quiz_failure_offers_retry_while_attempts_remain(org):
    core = small_core(org)
    module = core.study.module(SMALL)
    wrong = [_wrong(q) for q in module.questions]
    app = started(core, "S2", "study", SMALL)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await shown(pilot, StudyScreen)
        # Leaving the quiz half way costs no attempt.
        await pilot.press("t")
        await _answer(pilot, module.questions[0], wrong[0])
        await pilot.press("escape")
        assert screen.mode == "read"
        await settle(pilot)
        assert core.study.status(person(core, "S2"), module).attempts_used == 0

        await pilot.press("t")
        for q, chosen in zip(module.questions, wrong, strict=True):
            await _answer(pilot, q, chosen)
            await pilot.press("enter")
        await settle(pilot)
        result = _text(app, "#result-text")
        assert "未通过" in result and "这是第 1 次测验，还可测验 2 次" in result
        assert "按 r 重新测验" in result
        assert "测验已用 1/3 次" in _text(app, "#study-head")
        await pilot.press("c")  # nothing to confirm
        assert app.screen is screen
        await pilot.press("r")
        assert screen.mode == "quiz"
        assert _text(app, "#quiz-progress").startswith("第 1/")


async def test_last_attempt_failed_says_attempts_are_used_up(org):
    core = small_core(org)
    module = core.study.module(SMALL)
    wrong = [_wrong(q) for q in module.questions]
    me = person(core, "S2")
    for _ in range(module.attempts - 1):
        core.study.submit_quiz(me, SMALL, wrong)
    app = started(core, "S2", "study", SMALL)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await shown(pilot, StudyScreen)
        await pilot.press("t")
        for q, chosen in zip(module.questions, wrong, strict=True):
            await _answer(pilot, q, chosen)
            await pilot.press("enter")
        await settle(pilot)
        result = _text(app, "#result-text")
        assert "还可测验 0 次" in result and "测验次数已用完" in result
        await pilot.press("r")
        assert screen.mode == "result"
        await pilot.press("escape")
        await pilot.press("t")
        assert screen.mode == "read"
        assert "测验次数已用完" in _text(app, "#study-head")


async def test_unknown_module_shows_a_message(org):
    app = build_app(org, signed_in=person(org, "S1"), route=("study", "no-such-module"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "不存在" in _text(app, "#study-message")
        await pilot.press("t", "n", "escape")
        assert not isinstance(app.screen, StudyScreen)


async def test_a_refused_submission_shows_the_reason_and_keeps_the_screen(org):
    core = small_core(org)
    module = core.study.module(SMALL)
    wrong = [_wrong(q) for q in module.questions]
    me = person(core, "S2")
    for _ in range(module.attempts - 1):
        core.study.submit_quiz(me, SMALL, wrong)
    app = started(core, "S2", "study", SMALL)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await shown(pilot, StudyScreen)
        await pilot.press("t")
        core.study.submit_quiz(me, SMALL, wrong)  # the last attempt, from another terminal
        for q in module.questions:
            await _answer(pilot, q, q.answer)
            await pilot.press("enter")
        await settle(pilot)
        assert screen.mode == "result" and app.screen is screen
        assert "测验次数（3 次）已用完" in _text(app, "#study-message")
        assert "本次作答没有保存" in _text(app, "#result-text")
        assert "测验次数已用完" in _text(app, "#study-head")
        assert not core.study.status(me, module).passed_attempt
