"""Pilot: the export screen writes documents in a worker and shows where they went;
only admins and leaders may use it."""

from __future__ import annotations

from conftest import PIN, person
from helpers.settle import settle
from helpers.started import shown, started
from textual.geometry import Spacing
from textual.widgets import Button, DataTable, Input, ProgressBar, SelectionList, Static

from xiaoneng.services.export_kinds import labels
from xiaoneng.tui.factory import build_app
from xiaoneng.tui.screens import export as export_screen
from xiaoneng.tui.screens.export import ExportScreen


def _text(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def _open(app, pilot, core, pid: str) -> ExportScreen:
    app.user = person(core, pid)
    app.go("export")
    await pilot.pause()
    assert isinstance(app.screen, ExportScreen)
    return app.screen


async def test_admin_exports_commitments_and_sees_the_files(org):
    org.letters.sign_letter(person(org, "H1"), "letter-work-safety", PIN)
    folder = org.root / "exports" / org.today().isoformat()
    app = started(org, "A001", "export")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await shown(pilot, ExportScreen)
        assert str(folder) in _text(app, "#export-message")
        kinds = screen.query_one("#export-kinds", SelectionList)
        assert app.focused is kinds and len(kinds.selected) == len(
            labels()
        )  # everything by default
        kinds.deselect_all()
        await pilot.press(*["down"] * 4, "space")  # 承诺书, the fifth kind
        assert kinds.selected == ["commitments"]
        await pilot.press("ctrl+s")
        await settle(pilot)
        files = sorted(p.name for p in (folder / "承诺书").iterdir())
        assert len(files) == 1 and files[0].startswith("承诺书〔2026〕H1-")
        assert files[0].endswith("_测试幼儿园_园长甲.docx")
        assert sorted(p.name for p in folder.glob("归档目录*")) == [
            "归档目录.docx",
            "归档目录.xlsx",
        ]
        message = _text(app, "#export-message")
        assert message == f"已导出 1 个文件到 {folder}（按类别分文件夹，附归档目录）"
        table = screen.query_one("#export-files", DataTable)
        assert table.display and table.row_count == 3  # the letter and the index, twice
        assert str(table.get_row_at(0)[1]) == f"承诺书/{files[0]}"
        assert str(table.get_row_at(1)[1]) == "归档目录.docx"
        bar = screen.query_one("#export-progress", ProgressBar)
        assert bar.percentage == 1.0
        assert not screen.query_one("#export-start", Button).disabled
        # Again: a second file beside the first, never over it.
        await pilot.click("#export-start")
        await settle(pilot)
        assert len(list((folder / "承诺书").iterdir())) == 2 and table.row_count == 3
        assert str(table.get_row_at(0)[1]).endswith("_2.docx")
        await pilot.press("escape")
        assert not isinstance(app.screen, ExportScreen)


async def test_leader_sees_bad_dates_and_empty_choices_inline(org):
    app = started(org, "L1", "export")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await shown(pilot, ExportScreen)
        screen.query_one("#export-kinds", SelectionList).deselect_all()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "请至少勾选" in _text(app, "#export-message")
        await pilot.press("ctrl+a")  # every kind again
        start = screen.query_one("#export-from", Input)
        start.value = "2026-02-30"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "起始日期“2026-02-30”不是有效的日期" in _text(app, "#export-message")
        assert screen.query_one("#export-message").has_class("error")
        assert not (org.root / "exports").exists()
        start.value = "2026-01-01"
        await pilot.press("ctrl+s")
        await settle(pilot)
        # No records yet: who has still to study each module, and the annual report.
        n = len(org.study.modules()) + 1
        assert _text(app, "#export-message").startswith(f"已导出 {n} 个文件到 ")


async def test_staff_and_unit_heads_are_refused(org):
    app = build_app(org)
    async with app.run_test(size=(80, 24)) as pilot:
        for pid in ("S1", "H1"):
            screen = await _open(app, pilot, org, pid)
            assert "无权导出 Word 文档" in _text(app, "#refusal")
            # Set apart as on every screen, whichever were opened before.
            assert app.screen.query_one("#refusal").styles.margin == Spacing(1, 2, 1, 2)
            assert not screen.query("#export-kinds")
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert not (org.root / "exports").exists()
            await pilot.press("escape")
            assert not isinstance(app.screen, ExportScreen)


async def test_many_files_are_shown_a_line_per_kind(org, monkeypatch):
    """Past LIST_UP_TO files the table lists each kind with its files and
    pages (an export of a province writes 100,000), then the index."""
    monkeypatch.setattr(export_screen, "LIST_UP_TO", 2)
    app = started(org, "L1", "export")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await shown(pilot, ExportScreen)
        await pilot.press("ctrl+s")
        await settle(pilot)
        folder = org.root / "exports" / org.today().isoformat()
        written = sorted(p for p in folder.rglob("*.docx") if p.parent != folder)
        assert len(written) > 2
        assert _text(app, "#export-message").startswith(f"已导出 {len(written)} 个文件到 ")
        table = screen.query_one("#export-files", DataTable)
        rows = [[str(cell) for cell in table.get_row_at(n)] for n in range(table.row_count)]
        kinds = {p.parent.name: sum(1 for q in written if q.parent == p.parent) for p in written}
        shown_kinds = {kind: int(files.split(" ")[0]) for kind, files in rows[:-2]}
        assert shown_kinds == kinds and all(r[1].endswith(" 页") for r in rows[:-2])
        assert rows[-2:] == [["归档目录", "归档目录.docx"], ["归档目录", "归档目录.xlsx"]]
