"""A table whose columns follow the terminal's width.

Each column says how narrow it may get and whether it may drop off when
even that does not fit. The widths are worked out from the table's own
width and the text it holds, again on every resize: nothing is cut while
space is left over, the columns with the most text give way first, and the
columns that matter never drop off. A cut cell ends in '..' (not '…': see
cell_text.py), and the highlighted row's cut and dropped cells are shown in
full in the table's detail line (`detail=`), so long text is always readable.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import events, on
from textual.widgets import DataTable, Static

from xiaoneng.tui.widgets.cell_text import cell_text, clip_text
from xiaoneng.tui.widgets.quick_cells import QuickCells

Cell = str | Text


@dataclass(frozen=True)
class Col:
    """A column: its label, the narrowest it may get (`fixed`: never cut, for
    record numbers and dates), and when it drops off (0: never; otherwise the
    highest number drops first when the table is too narrow)."""

    label: str
    min: int = 4
    drop: int = 0
    fixed: bool = False


PAD = 2  # DataTable's cell padding, one column each side


def fit_widths(cols: Sequence[Col], natural: Sequence[int], available: int) -> list[int]:
    """The width of each column (0: dropped) so that they fit in `available`.

    Columns keep their natural width when everything fits. Otherwise the
    columns with the most to give shrink first, one cell at a time, down to
    their `min`; when even that is too wide, droppable columns go, highest
    `drop` first, and the rest share the freed space.
    """
    n = len(cols)
    floors = [natural[i] if cols[i].fixed else min(natural[i], cols[i].min) for i in range(n)]
    droppable = sorted((i for i in range(n) if cols[i].drop), key=lambda i: -cols[i].drop)
    shown = list(range(n))
    while sum(floors[i] + PAD for i in shown) > available and droppable:
        shown.remove(droppable.pop(0))
    widths = [0] * n
    for i in shown:
        widths[i] = natural[i]
    excess = sum(widths[i] + PAD for i in shown) - available
    while excess > 0:
        slack = [i for i in shown if widths[i] > floors[i]]
        if not slack:
            break
        i = max(slack, key=lambda j: (widths[j] - floors[j], -j))
        widths[i] -= 1
        excess -= 1
    return widths


class FitTable(QuickCells):
    """A DataTable (row cursor) whose column widths follow its width (its
    one-line cells drawn the short way: quick_cells.py).

    Rows go in with `set_rows` / `append_rows` as (key, cells) with the whole
    text; the table cuts what does not fit and shows it in full in `detail`
    (a Static's selector) for the highlighted row.
    """

    def __init__(self, columns: Sequence[Col], *, detail: str | None = None, **kwargs: Any):
        kwargs.setdefault("cursor_type", "row")
        super().__init__(**kwargs)
        self.cols = list(columns)
        self.detail = detail
        self._full: dict[str, list[Text]] = {}
        self._natural = [cell_len_of(c.label) for c in self.cols]
        self._widths: list[int] = []

    # -- rows --------------------------------------------------------------------

    def set_rows(self, rows: Iterable[tuple[str, Sequence[Cell]]]) -> None:
        """Replace every row (the cursor stays on the same key when it is still there)."""
        keep = self.cursor_key()
        self._full = {}
        self._natural = [cell_len_of(c.label) for c in self.cols]
        self._take(rows)
        self._build(keep)

    def append_rows(self, rows: Iterable[tuple[str, Sequence[Cell]]]) -> None:
        """Append rows (a long list shown in batches)."""
        before = list(self._widths)
        new = self._take(rows)
        if self._fit() != before:
            self._build(self.cursor_key())
            return
        for key in new:
            self.add_row(*self._shown(key), key=key)

    def _take(self, rows: Iterable[tuple[str, Sequence[Cell]]]) -> list[str]:
        keys = []
        for key, cells in rows:
            full = [cell_text(c) for c in cells]
            self._full[key] = full
            keys.append(key)
            for i, t in enumerate(full):
                self._natural[i] = max(self._natural[i], t.cell_len)
        return keys

    def full_row(self, key: str) -> list[Text]:
        return self._full.get(key, [])

    def cursor_key(self) -> str | None:
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        return None if key is None else str(key)

    def cut_cells(self, key: str) -> list[tuple[str, Text]]:
        """(label, whole text) of the cells of row `key` not shown in full."""
        out = []
        for col, width, text in zip(self.cols, self._widths, self._full.get(key, []), strict=False):
            if text.plain and (width == 0 or text.cell_len > width):
                out.append((col.label, text))
        return out

    # -- widths ------------------------------------------------------------------

    def _available(self) -> int:
        return max(self.size.width - self.styles.scrollbar_size_vertical, 0)

    def _fit(self) -> list[int]:
        self._widths = fit_widths(self.cols, self._natural, self._available())
        return self._widths

    def _shown(self, key: str) -> list[Text]:
        return [clip_text(t, w) for t, w in zip(self._full[key], self._widths, strict=False) if w]

    def _build(self, keep: str | None) -> None:
        self._fit()
        self.clear(columns=True)
        for i, (col, width) in enumerate(zip(self.cols, self._widths, strict=True)):
            if width:
                self.add_column(clip_text(Text(col.label), width), width=width, key=str(i))
        for key in self._full:
            self.add_row(*self._shown(key), key=key)
        if keep is not None and keep in self._full:
            self.move_cursor(row=self.get_row_index(keep))
        self._show_detail()

    def on_resize(self, event: events.Resize) -> None:
        if self._full or not self.columns:
            before = list(self._widths)
            if self._fit() != before or not self.columns:
                self._build(self.cursor_key())

    # -- the highlighted row -----------------------------------------------------------

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table is self:
            self._show_detail()

    def _show_detail(self) -> None:
        if self.detail is None:
            return
        key = self.cursor_key()
        line = Text()
        for label, text in self.cut_cells(key) if key is not None else []:
            if line:
                line.append("　")
            line.append(f"{label}：", style="bold")
            line.append_text(text)
        self.screen.query_one(self.detail, Static).update(line)


def cell_len_of(text: str) -> int:
    return Text(text).cell_len
