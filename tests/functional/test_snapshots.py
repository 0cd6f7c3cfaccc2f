"""Snapshots of the main screens at 80x24 and 120x40, with a fixed clock and
fixed data (the org fixture plus a check round with a finding).

Update after an intended change with `uv run pytest tests/functional/test_snapshots.py --snapshot-update`
and look at the SVGs in tests/functional/__snapshots__/ before committing them.
"""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import ACTOR, PIN, person
from helpers import headless
from helpers.settle import settle
from textual.widgets import Input

from xiaoneng.model.records import FindingDraft, ItemResult
from xiaoneng.tui.factory import build_app

SIZES = [(80, 24), (120, 40)]


@pytest.fixture(autouse=True)
def _paint_every_frame():
    """Pictures as a terminal paints them, frame by frame (helpers/headless.py)."""
    with headless.every_frame():
        yield


@pytest.fixture
def scene(org):
    """A check round where S1 submitted a self check with one finding."""
    d = dt.date(2026, 4, 30)
    activity = org.activities.create(
        ACTOR,
        title="2026年度三查活动",
        template="sancha-check",
        deadlines={"self": d, "peer": d, "lead": d},
    )
    tpl = org.activities.template("sancha-check")
    results = {i.id: ItemResult(i.id, "ok") for _g, i in tpl.items_for("self")}
    first = next(iter(results))
    results[first] = ItemResult(first, "fail", "来电登记不全")
    finding = FindingDraft(
        item=first,
        problem="来电登记本缺少三月记录",
        measure="补登并每日核对",
        deadline="2026-03-20",
    )
    org.checks.submit(person(org, "S1"), activity.id, "self", "S1", PIN, results, {first: finding})
    return org, activity


def _app(core, pid: str | None, route: str | None = None, *args):
    app = build_app(core)

    async def before(pilot):
        await settle(pilot)
        if pid is not None:
            pilot.app.user = core.roster.require(pid)
            pilot.app.show_home()
            if route:
                pilot.app.go(route, *args)
        await settle(pilot)
        await headless.paint(pilot, always=True)  # the layout the picture shows
        _steady_cursors(pilot.app)

    return app, before


def _steady_cursors(app) -> None:
    """A focused input's cursor blinks every 0.5 s; on a busy machine the picture
    was taken in either phase. Stop the blink with the cursor shown."""
    for box in app.screen.query(Input):
        box.cursor_blink = False
        box._cursor_visible = True  # Textual's own flag; the blink watcher hides it


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_login(snap_compare, scene, size):
    app, before = _app(scene[0], None)
    assert snap_compare(app, terminal_size=size, run_before=before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_home_of_a_leader(snap_compare, scene, size):
    app, before = _app(scene[0], "L1")
    assert snap_compare(app, terminal_size=size, run_before=before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_check_form(snap_compare, scene, size):
    core, activity = scene
    app, before = _app(core, "S2", "check", activity.id, "self", "S2")
    assert snap_compare(app, terminal_size=size, run_before=before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_ledger(snap_compare, scene, size):
    app, before = _app(scene[0], "H1", "register")
    assert snap_compare(app, terminal_size=size, run_before=before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_home_of_a_unit_head(snap_compare, scene, size):
    """The unit head's own view: their unit person by person."""
    app, before = _app(scene[0], "H1")
    assert snap_compare(app, terminal_size=size, run_before=before)
