"""Pilot: text laid out for people to read: Chinese line breaking in every
wrapped text, and table columns that follow the terminal's width."""

from __future__ import annotations

from conftest import person
from helpers.settle import settle
from textual.geometry import Region
from textual.widgets import Static

from xiaoneng.tui.dialogs.pin_reveal import PinRevealScreen
from xiaoneng.tui.factory import build_app
from xiaoneng.tui.linebreak import NO_END, NO_START


def lines_of(widget) -> list[str]:
    """What the widget shows, line by line, as the terminal gets it."""
    region = Region(0, 0, widget.size.width, widget.size.height)
    return [strip.text.strip() for strip in widget.render_lines(region)]


def assert_breaks_well(lines: list[str]) -> None:
    shown = [line for line in lines if line]
    for i, line in enumerate(shown):
        if i:
            assert line[0] not in NO_START, shown
        if i < len(shown) - 1:
            assert line[-1] not in NO_END, shown


async def test_the_initial_pin_dialog_breaks_lines_the_chinese_way(org):
    app = build_app(org)
    async with app.run_test(size=(80, 24)) as pilot:
        app.user = person(org, "A001")
        app.show_home()
        await settle(pilot)
        app.push_screen(PinRevealScreen(person(org, "S1"), "123456", reason="新增人员"))
        await settle(pilot)
        for static in app.screen.query(Static):
            assert_breaks_well(lines_of(static))


async def test_every_role_of_the_person_form_is_in_sight_at_80_columns(org):
    from textual.widgets import Checkbox

    from xiaoneng.model.people import ROLES
    from xiaoneng.tui.dialogs.person_form import PersonFormScreen

    app = build_app(org, signed_in=person(org, "A001"), route=("roster",))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot, lambda: isinstance(app.screen, PersonFormScreen))
        row = app.screen.query_one("#pf-role-staff", Checkbox).parent
        boxes = list(row.query(Checkbox))
        assert len(boxes) == len(ROLES)
        for box in boxes:  # whole, inside its row
            assert row.content_region.contains_region(box.region), box.label
