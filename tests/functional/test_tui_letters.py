"""Pilot: commitment letters: reading, signing with the PIN, refusal for
staff, the overview by unit, and a new template version needing a new signature."""

from __future__ import annotations

import shutil

from conftest import PIN, bump_version, person
from helpers.settle import settle
from textual.widgets import DataTable, Select, Static

from xiaoneng.checklists.numerals import to_chinese
from xiaoneng.paths import bundled_checklists_dir
from xiaoneng.services.core import Core
from xiaoneng.tui.dialogs.pin_confirm import PinConfirmScreen
from xiaoneng.tui.factory import build_app
from xiaoneng.tui.screens.letter import LetterScreen
from xiaoneng.tui.screens.letters import LettersScreen

SAFETY = "letter-work-safety"
EFFICIENCY = "letter-efficiency"


def _text(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def _letter_text(app) -> str:
    # The body is a rich Group: render it through the console to plain text.
    static = app.screen.query_one("#letter-text", Static)
    with app.console.capture() as cap:
        app.console.print(static.content)
    return cap.get().replace("\n", "").replace(" ", "")


async def _letters(app, pilot, core, pid: str) -> LettersScreen:
    app.user = person(core, pid)
    app.go("letters")
    # the screen loads on its first resume: under load that can come after a quiet round
    await settle(
        pilot,
        lambda: (
            isinstance(app.screen, LettersScreen)
            and app.screen.query_one("#my-letters", DataTable).row_count
        ),
        what="my letters listed",
    )
    return app.screen


async def _open_mine(app, pilot, template_id: str) -> LetterScreen:
    table = app.screen.query_one("#my-letters", DataTable)
    table.focus()
    table.move_cursor(row=table.get_row_index(template_id))
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(app.screen, LetterScreen)
    return app.screen


async def test_head_reads_and_signs_the_unit_letter(org):
    app = build_app(org)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _letters(app, pilot, org, "H1")
        mine = screen.query_one("#my-letters", DataTable)
        assert {str(mine.get_row(t)[2]) for t in (SAFETY, EFFICIENCY)} == {"未签署"}
        letter = await _open_mine(app, pilot, SAFETY)
        body = _letter_text(app)
        assert "2026年度安全生产目标责任承诺书" in body
        assert "本人园长甲作为测试幼儿园园长" in body and "一、严格遵守" in body
        clauses = org.letters.template(SAFETY).clauses
        last = to_chinese(len(clauses))
        assert f"{last}、本承诺书的履行情况纳入测试机关年度安全生产目标责任考核" in body
        assert "承诺人（签字）：园长甲" in body and "承诺期限：2026年1月1日" in body
        assert "未签署" in _text(app, "#letter-status")

        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, PinConfirmScreen)
        await pilot.press(*"000001", "enter")
        await settle(pilot)
        assert "还可尝试 4 次" in _text(app, "#confirm-message")
        await pilot.press(*PIN, "enter")
        await settle(pilot)
        assert app.screen is letter, _text(app, "#confirm-message")

        signed, entry = org.letters.signature(person(org, "H1"), SAFETY)
        assert signed.signer == "H1" and org.verifier.run().ok
        status = _text(app, "#letter-status")
        assert (
            "已签署" in status and entry["hash"][:12] in status and "2026年3月16日 09:30" in status
        )
        assert "2026年3月16日" in _letter_text(app)
        await pilot.press("s")  # nothing more to sign
        await pilot.pause()
        assert app.screen is letter

        await pilot.press("escape")
        await settle(pilot)
        assert str(screen.query_one("#my-letters", DataTable).get_row(SAFETY)[2]) == "已签署"
        assert "已签 1" in _text(app, "#due-title")


async def test_staff_read_the_unit_letter_but_may_not_sign_it(org):
    app = build_app(org)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _letters(app, pilot, org, "S1")
        assert not screen.query("#due")  # no overview for staff
        mine = screen.query_one("#my-letters", DataTable)
        assert mine.get_row(SAFETY)[4] == "由本单位主要负责人签署"
        assert str(mine.get_row(EFFICIENCY)[2]) == "未签署"
        letter = await _open_mine(app, pilot, SAFETY)
        assert "本人园长甲作为测试幼儿园园长" in _letter_text(app)  # read as the head signs it
        assert "教师甲无权签署" in _text(app, "#letter-status")
        assert not letter.check_action("sign", ())
        await pilot.press("s")
        await pilot.pause()
        assert app.screen is letter
        assert org.letters.signature(person(org, "S1"), SAFETY) is None
        assert org.letters.signature(person(org, "H1"), SAFETY) is None

        # The person-scope letter is theirs to sign.
        await pilot.press("escape")
        await settle(pilot)
        await _open_mine(app, pilot, EFFICIENCY)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, PinConfirmScreen)
        await pilot.press(*PIN, "enter")
        await settle(pilot)
        assert "已签署" in _text(app, "#letter-status")
        assert org.letters.signature(person(org, "S1"), EFFICIENCY) is not None


async def test_admin_overview_filters_by_unit_and_state(org):
    org.letters.sign_letter(person(org, "S1"), EFFICIENCY, PIN)
    app = build_app(org)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _letters(app, pilot, org, "A001")
        due = screen.query_one("#due", DataTable)
        assert due.row_count == 7
        assert "应签 7，已签 1，未签 6" in _text(app, "#due-title")
        kindergarten = person(org, "S1").unit
        screen.query_one("#unit-filter", Select).value = kindergarten
        await settle(pilot)
        assert due.row_count == 4
        assert "测试幼儿园" in _text(app, "#due-title")
        assert {str(due.get_row_at(i)[0]) for i in range(due.row_count)} == {"测试幼儿园"}
        due.focus()
        await pilot.press("f")  # unsigned only
        assert due.row_count == 3 and "显示：未签署" in _text(app, "#due-title")
        await pilot.press("f", "f")  # signed only
        assert due.row_count == 1 and str(due.get_row_at(0)[2]) == "教师甲（S1）"


async def test_new_template_version_shows_needs_signing_again(org, tmp_path):
    org.letters.sign_letter(person(org, "H1"), SAFETY, PIN)
    folder = tmp_path / "lists"
    shutil.copytree(bundled_checklists_dir(), folder, ignore=shutil.ignore_patterns("*.md"))
    path = folder / f"{SAFETY}.toml"
    path.write_text(bump_version(path.read_text("utf-8")), encoding="utf-8")
    newer = Core(org.store, clock=org.clock, checklist_dirs=[folder])
    app = build_app(newer)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _letters(app, pilot, newer, "H1")
        row = screen.query_one("#my-letters", DataTable).get_row(SAFETY)
        old, new = org.letters.template(SAFETY).version, newer.letters.template(SAFETY).version
        assert str(row[2]) == "需重新签署" and row[4] == f"已签第 {old} 版，现为第 {new} 版"
        assert "需重签 1" in _text(app, "#due-title")
        letter = await _open_mine(app, pilot, SAFETY)
        assert "需重新签署" in _text(app, "#letter-status")
        assert f"第 {new} 版" in _text(app, "#letter-head")
        await pilot.press("s")
        await pilot.pause()
        await pilot.press(*PIN, "enter")
        await settle(pilot)
        assert app.screen is letter and "已签署" in _text(app, "#letter-status")
        signed, _ = newer.letters.signature(person(newer, "H1"), SAFETY)
        assert signed.template["version"] == new
        assert newer.verifier.run().ok
