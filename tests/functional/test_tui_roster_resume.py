"""Pilot: a roster import cut off part way (services/roster_batches.py). The
roster screen says the roster is not whole; previewing the same file says the
import goes on from where it stopped, and importing it finishes it."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ACTOR
from helpers.settle import settle
from textual.widgets import Checkbox, DataTable, Input, Static

from xiaoneng.services import roster_batches, roster_journal
from xiaoneng.services.roster_import import read_roster
from xiaoneng.store.repos.imports import RosterImportRepo
from xiaoneng.tui.dialogs.roster_import import RosterImportDialog
from xiaoneng.tui.factory import build_app
from xiaoneng.tui.screens.roster import RosterScreen


def _cut_off(core, path: Path, monkeypatch) -> None:
    """Import `path` in batches of 2; the second batch fails before its commit."""
    real = RosterImportRepo.put_txn
    calls = {"n": 0}

    def put(self, txn, journal):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("cut off")
        real(self, txn, journal)

    with monkeypatch.context() as m:
        m.setattr(roster_batches, "BATCH", 2)
        m.setattr(RosterImportRepo, "put_txn", put)
        job = roster_batches.prepare(core, read_roster(path), create_units=True)
        with pytest.raises(RuntimeError):
            roster_batches.run(core, ACTOR, job)


def _text(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def test_the_roster_screen_names_a_cut_off_import_and_finishes_it(
    core, tmp_path, monkeypatch
):
    f = tmp_path / "名册.csv"
    f.write_text("工号,姓名,单位\n" + "".join(f"N{i},职工{i},新科室\n" for i in range(6)), "utf-8")
    _cut_off(core, f, monkeypatch)
    app = build_app(core, signed_in=core.roster.require("A001"), route=("roster",))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, RosterScreen)
        await settle(pilot, until=lambda: screen.complete, what="the roster")
        message = _text(screen, "#roster-message")
        assert "名册导入尚未完成" in message and "已导入 2 人，还有 4 人未导入" in message
        await pilot.press("i")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, RosterImportDialog)
        dialog.query_one("#ri-path", Input).value = str(f)
        await pilot.press("enter")
        await settle(pilot, until=lambda: dialog.plan is not None, what="the preview")
        assert "名册导入尚未完成" in _text(dialog, "#ri-preview-text")
        assert "新增 4 人" in _text(dialog, "#ri-preview-text")  # the rows left
        dialog.query_one("#ri-pins", Checkbox).value = False
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot, until=lambda: isinstance(app.screen, RosterScreen), what="import")
        table = app.screen.query_one("#roster-table", DataTable)
        await settle(pilot, until=lambda: table.row_count == 7, what="everyone")
        assert "名册导入尚未完成" not in _text(app.screen, "#roster-message")
    assert roster_journal.unfinished(core) is None
    assert core.verifier.run().ok
