"""Pilot: the roster screen previews an office spreadsheet before importing it
(issue 13, "The office's own spreadsheets").

`i` opens the import dialog; the path and Enter show new, changed, unchanged
and bad rows and the units that do not exist yet, writing nothing; 导入 stays
off until the office ticks 跳过有问题的行 / 新建不存在的单位; importing adds and
changes people in one go, writes the initial PINs to a 0600 file and the
roster shows them.
"""

from __future__ import annotations

import hashlib
import stat
from pathlib import Path

from conftest import ACTOR
from helpers.settle import settle
from openpyxl import Workbook
from textual.widgets import Button, Checkbox, DataTable, Input, Static

from xiaoneng.services.roster import new_person
from xiaoneng.tui.dialogs.roster_import import RosterImportDialog
from xiaoneng.tui.factory import build_app
from xiaoneng.tui.screens.roster import RosterScreen


def _sheet(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(["测试机关花名册"])
    ws.append(["序号", "职工号", "姓名", "部门", "岗位"])
    ws.append([1, 3001.0, "甲某", "新设科", "科长"])
    ws.append([2, "３００２", "乙某", None, "科员"])
    ws.append([3, "B1", "乙改名", "测试机关", None])
    ws.append([4, None, "无工号", "测试机关", None])
    ws.merge_cells("A1:E1")
    ws.merge_cells("D3:D4")
    wb.save(path)
    return path


def _json_files(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*.json"))
    }


def _text(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def _dialog(app, pilot, path: Path) -> RosterImportDialog:
    """As the office: the roster screen, `i`, the file's path, Enter."""
    app.user = app.core.roster.require("A001")
    app.go("roster")
    await settle(pilot)
    assert isinstance(app.screen, RosterScreen)
    await pilot.press("i")
    await settle(pilot)
    dialog = app.screen
    assert isinstance(dialog, RosterImportDialog)
    dialog.query_one("#ri-path", Input).value = str(path)
    await pilot.press("enter")
    return dialog


async def test_preview_then_import_from_the_roster_screen(core, tmp_path):
    core.roster.add(ACTOR, new_person("B1", "乙", "测试机关"))
    f = _sheet(tmp_path / "花名册.xlsx")
    app = build_app(core)
    async with app.run_test(size=(80, 24)) as pilot:
        before = _json_files(core.root)
        dialog = await _dialog(app, pilot, f)
        await settle(pilot, until=lambda: dialog.plan is not None, what="the preview")
        preview = _text(dialog, "#ri-preview-text")
        assert "表头在第 2 行" in preview
        assert "新增 2 人，修改 1 人，不变 0 人，有问题 1 行" in preview
        assert "第 6 行“工号”：为空" in preview and "新设科" in preview
        assert "3002 乙某 新设科" in preview and "B1 乙改名：姓名 乙 → 乙改名" in preview
        assert _json_files(core.root) == before  # a preview writes nothing
        button = dialog.query_one("#ri-import", Button)
        assert button.disabled and "跳过有问题的行" in _text(dialog, "#ri-message")
        dialog.query_one("#ri-skip", Checkbox).value = True
        await pilot.pause()
        assert button.disabled and "新建不存在的单位" in _text(dialog, "#ri-message")
        dialog.query_one("#ri-create", Checkbox).value = True
        await pilot.pause()
        assert not button.disabled
        await pilot.press("ctrl+s")
        await settle(pilot, until=lambda: isinstance(app.screen, RosterScreen), what="the import")
        table = app.screen.query_one("#roster-table", DataTable)
        await settle(pilot, until=lambda: table.row_count == 4, what="the new rows")
        message = _text(app.screen, "#roster-message")
        assert "新增 2 人，修改 1 人" in message and "初始PIN已写入" in message
    assert core.roster.require("3001").position == "科长"
    assert core.org.name_of(core.roster.require("3002").unit) == "新设科"
    assert core.roster.require("B1").name == "乙改名"
    pins = next((core.root / "exports").rglob("初始PIN-*.csv"))
    assert stat.S_IMODE(pins.stat().st_mode) == 0o600
    assert "3001" in pins.read_text("utf-8-sig") and "3002" in pins.read_text("utf-8-sig")
    assert core.verifier.run().ok


async def test_a_file_that_changed_after_the_preview_is_shown_again(core, tmp_path):
    f = _sheet(tmp_path / "花名册.xlsx")
    app = build_app(core)
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await _dialog(app, pilot, f)
        await settle(pilot, until=lambda: dialog.plan is not None, what="the preview")
        for box in ("#ri-skip", "#ri-create"):
            dialog.query_one(box, Checkbox).value = True
        await pilot.pause()
        wb = Workbook()  # the office saves the file again with other content
        wb.active.append(["工号", "姓名", "单位"])
        wb.active.append(["3009", "丙某", "测试机关"])
        wb.save(f)
        seen = dialog.plan
        await pilot.press("ctrl+s")
        await settle(pilot, until=lambda: dialog.plan is not seen, what="the new preview")
        assert isinstance(app.screen, RosterImportDialog)
        assert "有变化" in _text(dialog, "#ri-message")
    assert core.roster.get("3001") is None and core.roster.get("3009") is None


async def test_a_bad_file_is_a_message_not_a_crash(core, tmp_path):
    app = build_app(core)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await _dialog(app, pilot, tmp_path / "没有这个文件.xlsx")
        await settle(pilot, until=lambda: "找不到" in _text(dialog, "#ri-message"), what="refusal")
        assert dialog.query_one("#ri-import", Button).disabled
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, RosterScreen)
