"""Pilot: the office resets a person's attempts and records a paper test from
the roster (reason, the office's PIN, a ledger entry each); staff and the
office read past attempts on the paper as shown, with the answers and the key."""

from __future__ import annotations

from conftest import ADMIN_PIN, person
from helpers.keys import burst
from helpers.settle import settle
from textual.widgets import DataTable, Input, Static

from xiaoneng.model.paper import draw_paper
from xiaoneng.tui.dialogs.attempt_reset import AttemptResetDialog
from xiaoneng.tui.dialogs.paper_result import PaperResultDialog
from xiaoneng.tui.dialogs.pin_confirm import PinConfirmScreen
from xiaoneng.tui.factory import build_app
from xiaoneng.tui.screens.attempts import AttemptsScreen
from xiaoneng.tui.screens.home import HomeScreen
from xiaoneng.tui.screens.person_study import PersonStudyScreen
from xiaoneng.tui.screens.roster import RosterScreen
from xiaoneng.tui.screens.study import StudyScreen
from xiaoneng.tui.widgets.fit_table import FitTable

MODULE = "work-safety-law-2021"


def _text(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def _wrong(paper):
    return [{(min(q.answer) + 1) % len(q.choices)} for q in paper.questions]


async def _person_studies(app, pilot, org, pid: str) -> PersonStudyScreen:
    """As the office: the roster, the person's row, then s."""
    app.user = person(org, "A001")
    app.go("roster")
    await settle(pilot)
    roster = app.screen
    assert isinstance(roster, RosterScreen)
    table = roster.query_one("#roster-table", DataTable)
    await settle(pilot, until=lambda: table.row_count > 0)
    table.move_cursor(row=table.get_row_index(pid))
    await pilot.press("s")
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, PersonStudyScreen)
    ps = screen.query_one("#ps-table", DataTable)
    await settle(pilot, until=lambda: ps.row_count > 0)
    ps.move_cursor(row=ps.get_row_index(MODULE))
    return screen


async def test_the_office_resets_attempts_from_the_roster_with_a_reason_and_pin(org):
    me = person(org, "S2")
    module = org.study.module(MODULE)
    paper = draw_paper(module, 5)
    for _ in range(module.attempts):
        org.study.submit_quiz(me, MODULE, _wrong(paper), paper)
    app = build_app(org)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _person_studies(app, pilot, org, "S2")
        row = screen.query_one("#ps-table", DataTable).get_row(MODULE)
        assert str(row[2]) == "测验次数已用完" and row[3] == f"{module.attempts}/{module.attempts}"
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, AttemptResetDialog)
        await pilot.press("enter")  # no reason
        assert "请写明重置的原因" in _text(app, "#ar-message")
        await pilot.press(*"已补学", "enter")
        await settle(pilot)
        assert isinstance(app.screen, PinConfirmScreen)
        await pilot.press(*"000000", "enter")
        await settle(pilot)
        assert isinstance(app.screen, PinConfirmScreen)  # a wrong PIN: asked again
        await pilot.press(*ADMIN_PIN, "enter")
        await settle(pilot, until=lambda: app.screen is screen)
        await settle(pilot, until=lambda: "已重置" in _text(app, "#ps-message"))
        assert f"已重置 {module.attempts} 次测验" in _text(app, "#ps-message")
        row = screen.query_one("#ps-table", DataTable).get_row(MODULE)
        assert str(row[2]) == "未完成" and row[3] == f"0/{module.attempts}"
    status = org.study.status(me, module)
    assert status.attempts_left == module.attempts
    history = org.study_office.history(me, me.id, MODULE)
    assert history.resets[0].reason == "已补学" and history.resets[0].by == "A001"
    assert org.verifier.run().ok


async def test_the_office_records_a_paper_result_that_counts_as_a_completion(org):
    module = org.study.module(MODULE)
    seed = 31415
    paper = draw_paper(module, seed)
    app = build_app(org)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _person_studies(app, pilot, org, "S3")
        await pilot.press("p")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, PaperResultDialog)
        await pilot.press(*str(seed))
        assert paper.questions[0].text[:10] in _text(app, "#pr-preview")
        await pilot.press("enter")  # to the score
        assert dialog.query_one("#pr-score", Input).has_focus
        await pilot.press("enter")  # neither score nor answers
        assert "二者选一" in _text(app, "#pr-message")
        await pilot.press(*str(module.pass_mark + 1), "enter")
        await settle(pilot)
        assert isinstance(app.screen, PinConfirmScreen)
        assert f"抽题号 {seed}" in str(app.screen.detail)
        await pilot.press(*ADMIN_PIN, "enter")
        await settle(pilot, until=lambda: app.screen is screen)
        await settle(pilot, until=lambda: "已登记" in _text(app, "#ps-message"))
        assert "完成（纸质测验）" in _text(app, "#ps-message")
        row = screen.query_one("#ps-table", DataTable).get_row(MODULE)
        assert str(row[2]) == "已完成（纸质测验）"
        assert row[4] == f"{module.pass_mark + 1}/{module.paper_size}"
        # The office reads it back: the paper by its seed, score only.
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AttemptsScreen)
        await settle(pilot, until=lambda: "纸质测验" in _text(app, "#attempt-title"))
        assert f"抽题号 {seed}" in _text(app, "#attempt-title")
        assert "由管理员甲登记" in _text(app, "#attempt-title")
        assert "只登记了得分" in _text(app, "#attempt-paper")
    done = org.study.completion_of(person(org, "S3"), MODULE)
    assert done is not None and done[0].kind == "paper" and done[1]["actor"] == "A001"


async def test_a_failed_paper_result_shows_on_the_persons_home(org):
    org.study_office.record_paper(person(org, "A001"), "S1", MODULE, 8, correct=3, pin=ADMIN_PIN)
    app = build_app(org, signed_in=person(org, "S1"), route=("home",))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        table = app.screen.query_one("#todo", FitTable)
        await settle(pilot, until=lambda: table.row_count > 0)
        # At 80 columns the note may be cut; FitTable shows it in full for the focused row.
        notes = [str(table.full_row(str(row.key.value))[3]) for row in table.ordered_rows]
        assert "纸质测验未通过（答对 3/20）" in notes


async def test_staff_review_a_past_attempt_on_its_paper_with_answers_and_key(org):
    me = person(org, "S1")
    module = org.study.module(MODULE)
    paper = draw_paper(module, 2718)
    answers = [set(q.answer) for q in paper.questions]
    answers[0] = _wrong(paper)[0]
    org.study.submit_quiz(me, MODULE, answers, paper)
    app = build_app(org, signed_in=me, route=("study", MODULE))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, StudyScreen)
        await pilot.press("h")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AttemptsScreen)
        await settle(pilot, until=lambda: "抽题号 2718" in _text(app, "#attempt-title"))
        assert f"答对 {len(paper.questions) - 1}/{len(paper.questions)}" in _text(
            app, "#attempt-title"
        )
        review = _text(app, "#attempt-paper")
        q = paper.questions[0]
        assert q.text[:12] in review and "【所选】" in review and "【答案】" in review
        assert f"答错：所选 {'ABCDEF'[min(answers[0])]}，答案 {q.answer_letters()}" in review
        assert paper.questions[1].text[:12] in review
        await pilot.press("enter")  # into the paper to scroll it
        assert screen.query_one("#attempt-review").has_focus
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, StudyScreen)
        # Someone else's attempts are not for staff.
        app.go("attempts", "S2", MODULE)
        await settle(pilot)
        assert "无权查看" in _text(app, "#attempts-message")


async def test_the_checklists_screen_shows_quiz_quality_warnings(core, tmp_path):
    from pathlib import Path

    from xiaoneng.checklists.quality import quality_warnings
    from xiaoneng.paths import bundled_checklists_dir
    from xiaoneng.services.core import open_core
    from xiaoneng.tui.dialogs.checklist_detail import ChecklistDetailScreen
    from xiaoneng.tui.screens.catalogue import CatalogueScreen

    fixture = Path(__file__).parents[1] / "fixtures" / "checklists" / "study.toml"
    folder = tmp_path / "office-checklists"
    folder.mkdir()
    text = fixture.read_text("utf-8")
    (folder / "study.toml").write_text(text, encoding="utf-8")
    (folder / "copy.toml").write_text(
        text.replace('id = "test-study"', 'id = "test-copy"'), encoding="utf-8"
    )
    c = open_core(core.root, clock=core.clock, checklist_dirs=[bundled_checklists_dir(), folder])
    app = build_app(c, signed_in=c.roster.require("A001"), route=("catalogue",))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CatalogueScreen)
        await settle(pilot, until=lambda: "警告" in _text(app, "#cat-title"))
        n = len(quality_warnings(c.catalogue.studies()))
        assert n >= 2 and f"{n} 条测验质量警告" in _text(app, "#cat-title")
        listed = _text(app, "#cat-problem-list")
        assert listed.count("警告：") == n and "copy.toml" in listed and "几乎相同" in listed
        assert "未发现问题" not in listed
        table = screen.query_one("#cat-table", DataTable)
        ids = [table.get_row_at(i)[5] for i in range(table.row_count)]
        table.move_cursor(row=ids.index("test-copy"))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ChecklistDetailScreen)
        body = _text(app, "#detail-body")
        mine = [w for w in quality_warnings(c.catalogue.studies()) if w.file.endswith("copy.toml")]
        assert f"测验质量警告（{len(mine)} 条" in body and "几乎相同" in body


async def test_a_fast_typist_records_a_paper_result_and_a_reset_in_one_burst(org):
    """`31415<Enter>17<Enter>` and `已补学<Enter>` typed at once land in their fields."""
    module = org.study.module(MODULE)
    seed, score = 31415, module.pass_mark - 1
    online = draw_paper(module, 7)
    org.study.submit_quiz(person(org, "S3"), MODULE, _wrong(online), online)  # one to reset
    app = build_app(org)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _person_studies(app, pilot, org, "S3")
        await pilot.press("p")
        burst(pilot, f"{seed}\r{score}\r")
        await settle(pilot, until=lambda: isinstance(app.screen, PinConfirmScreen))
        assert f"抽题号 {seed}" in str(app.screen.detail)
        assert f"答对 {score}/{module.paper_size}" in str(app.screen.detail)
        burst(pilot, f"{ADMIN_PIN}\r")
        await settle(pilot, until=lambda: app.screen is screen)
        await settle(pilot, until=lambda: "已登记" in _text(app, "#ps-message"))
        await pilot.press("r")
        burst(pilot, "已补学\r")
        await settle(pilot, until=lambda: isinstance(app.screen, PinConfirmScreen))
        burst(pilot, f"{ADMIN_PIN}\r")
        await settle(pilot, until=lambda: app.screen is screen)
        await settle(pilot, until=lambda: "已重置" in _text(app, "#ps-message"))
    history = org.study_office.history(person(org, "A001"), "S3", MODULE)
    assert history.resets[0].reason == "已补学"
    papers = [v.attempt for v in history.attempts if v.attempt.recorded_by]
    assert [(a.correct, a.paper and a.paper["seed"]) for a in papers] == [(score, seed)]
