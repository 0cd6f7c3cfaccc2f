"""Pilot: a FitTable draws its rows the short way (quick_cells.py) and every
line it draws is the line DataTable's own drawing makes, segment for segment
(text, style, mouse meta): plain, styled and marked-up text, CJK, cut cells
ending in a dim '..', empty cells, zebra stripes, the cursor row, the row
under the mouse, a focused and an unfocused table, at two widths."""

from __future__ import annotations

import pytest
from rich.text import Text
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.widgets import DataTable

from xiaoneng.tui.widgets.fit_table import Col, FitTable
from xiaoneng.tui.widgets.quick_cells import QuickCells

COLUMNS = (
    Col("类型", fixed=True),
    Col("截止", fixed=True),
    Col("事项", min=12),
    Col("说明", min=8, drop=1),
)
LONG = "一次性告知单未及时更新，窗口公示的办事指南仍是旧版本，群众按旧指南准备材料后被退回"


def _rows() -> list[tuple[str, list[str | Text]]]:
    rows: list[tuple[str, list[str | Text]]] = []
    for i in range(12):
        kind = Text("整改", style="bold red" if i % 3 == 0 else "bold")
        due = Text(f"4月{i + 1}日", style="red") if i % 2 else "今天截止"
        title = Text.assemble(("第", "italic"), f"{i}条：", (LONG[: 5 + 4 * i], "underline"))
        note: str | Text = f"[bold]标记[/bold] 与 “引号” {LONG[i:]}"
        if i % 4 == 0:
            note = Text("", style="red") if i % 8 else ""
        rows.append((str(i), [kind, due, title, note]))
    return rows


class TableApp(App[None]):
    def compose(self) -> ComposeResult:
        yield FitTable(COLUMNS, id="quick", zebra_stripes=True)
        yield DataTable(id="other")  # to move the focus away


def _lines(table: FitTable) -> list[list[tuple[str, object]]]:
    table._row_render_cache.clear()
    table._cell_render_cache.clear()
    table._line_cache.clear()
    table._styles_cache.clear()
    height = table.header_height + table.row_count
    strips = table.render_lines(Region(0, 0, table.size.width, height))  # one paint
    return [[(s.text, s.style) for s in strip] for strip in strips]


def _datatables_own(table: FitTable, monkeypatch) -> list[list[tuple[str, object]]]:
    """The lines as DataTable itself draws them."""
    monkeypatch.setattr(QuickCells, "_quick_cell", lambda self, *a: None)
    monkeypatch.setattr(QuickCells, "_render_line_in_row", DataTable._render_line_in_row)
    monkeypatch.setattr(QuickCells, "_get_row_style", DataTable._get_row_style)
    return _lines(table)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_quick_cells_draw_the_lines_datatable_draws(size, monkeypatch):
    app = TableApp()
    async with app.run_test(size=size) as pilot:
        table = app.query_one("#quick", FitTable)
        table.set_rows(_rows())
        table.focus()
        await pilot.pause()
        await pilot.press("down", "down", "down")  # onto red text: the cursor colour wins
        await pilot.pause()
        for focused, hovered in ((True, False), (True, True), (False, True)):
            if hovered:  # the mouse over the fifth row: its hover style
                await pilot.hover("#quick", offset=(3, 5))
                await pilot.pause()
                assert table.hover_coordinate.row == 4
            if not focused:
                app.query_one("#other").focus()
                await pilot.pause()
            calls: list[bool] = []

            def counted(self, *args, calls=calls, quick=QuickCells._quick_cell):
                lines = quick(self, *args)
                calls.append(lines is not None)
                return lines

            monkeypatch.setattr(QuickCells, "_quick_cell", counted)
            fast = _lines(table)
            # Every body cell the short way (the header's the long way).
            assert sum(calls) == table.row_count * len(table.ordered_columns), calls
            slow = _datatables_own(table, monkeypatch)
            monkeypatch.undo()
            assert fast == slow
            assert any(".." in "".join(t for t, _s in line) for line in fast)  # cut cells


async def test_rows_are_not_measured_and_the_size_is_datatables(monkeypatch):
    measured = []
    own = DataTable._update_dimensions

    def counted(self, new_rows):
        measured.append(self.id)
        own(self, new_rows)

    monkeypatch.setattr(DataTable, "_update_dimensions", counted)
    app = TableApp()
    async with app.run_test(size=(120, 40)) as pilot:
        table = app.query_one("#quick", FitTable)
        table.set_rows(_rows())
        await pilot.pause()
        table.append_rows([("more", ["整改", "今天截止", LONG, ""])])
        await pilot.pause()
        assert "quick" not in measured and table.row_count == 13
        quick = table.virtual_size
        own(table, list(table.rows))  # DataTable's own: every cell measured
        assert table.virtual_size == quick and quick.height == 14  # the header and 13 rows
