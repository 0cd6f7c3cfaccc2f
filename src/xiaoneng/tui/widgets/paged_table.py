"""A table over a list of any length that puts in only the rows it can show.

Textual's DataTable measures every cell it is given and keeps every row, so
a list of thousands (the office's to-dos, the roster at 50,000 staff) cost
the screen its first paint. A PagedTable is given the number of rows and a
function that makes row i; it puts in the first screenful at once and the
next rows just before the cursor or the view would reach them: Down, PageDown
(a whole page ahead is always in), the mouse wheel or the scrollbar near the
bottom. End (and Ctrl+End) go to the real last row, putting in everything up
to it once, or when more than FILL_MAX rows are left, the next FILL_MAX
(DataTable takes some 20 s for 50,000 rows, the roster's every person: End
again goes further, a search or a filter goes straight there). Rows keep their place: row i is the list's item i, so the cursor
and the row keys work as in any table. The screen says how many rows there
are in all (`total`); it hears `Grown` when more were put in.

`Paged` is the one place for this; `PagedTable` is a FitTable so fed (whole
texts, cut to the width), `PagedDataTable` a plain DataTable (cells as given).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from textual import events, on
from textual.message import Message
from textual.widgets import DataTable

from xiaoneng.tui.widgets.fit_table import Cell, FitTable

Row = tuple[str, Sequence[Cell]]
FILL_MAX = 2000  # rows End puts in at once (about a second of DataTable's work)


class Paged(DataTable[Any]):
    """A table fed a screenful at a time from `show(total, row)` (a mixin:
    the concrete class says how rows go in, `_put`)."""

    class Grown(Message):
        """More rows were put in (or a new list was shown)."""

        def __init__(self, table: Paged) -> None:
            super().__init__()
            self.table = table

        @property
        def control(self) -> Paged:
            return self.table

    total = 0
    _row: Callable[[int], Row]

    @property
    def loaded(self) -> int:
        """How many of the rows are in the table (the first ones)."""
        return self.row_count

    def show(self, total: int, row: Callable[[int], Row]) -> None:
        """A new list of `total` rows, row i made by `row(i)`: the first
        screenful goes in now."""
        self.total, self._row = total, row
        self._put(self._made(0, min(total, self._screenful() + 1)), replace=True)
        self.post_message(self.Grown(self))

    def _put(self, rows: Iterator[Row], *, replace: bool) -> None:
        raise NotImplementedError

    def want(self, index: int) -> None:
        """Rows up to `index` and a page after it put in (PageDown from
        `index` lands on a row that is there)."""
        self._grow_to(min(self.total, index + self._screenful() + 1))

    def fill(self) -> None:
        """End: every row put in, or the next FILL_MAX of them."""
        self._grow_to(min(self.total, self.row_count + FILL_MAX))

    def _grow_to(self, end: int) -> None:
        if end > self.row_count:
            with self.app.batch_update():
                self._put(self._made(self.row_count, end), replace=False)
            self.post_message(self.Grown(self))

    def _made(self, start: int, end: int) -> Iterator[Row]:
        return (self._row(i) for i in range(start, end))

    def _screenful(self) -> int:
        """Rows the table shows at once (the terminal's height before it is laid out)."""
        height = self.scrollable_content_region.height - (
            self.header_height if self.show_header else 0
        )
        return max(height if height > 0 else self.app.size.height, 1)

    # -- what moves the cursor or the view ------------------------------------------

    def action_cursor_down(self) -> None:
        self.want(self.cursor_row + 1)
        super().action_cursor_down()

    def action_page_down(self) -> None:
        self.want(self.cursor_row + self._screenful())
        super().action_page_down()

    def action_scroll_bottom(self) -> None:
        self.fill()
        super().action_scroll_bottom()

    @on(events.Resize)
    def _grown_taller(self) -> None:
        if self.total:
            self.call_later(self.want, self.cursor_row)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        # The wheel or the scrollbar near the bottom: the next page, once this
        # scroll is done (a table is not changed inside its own watcher).
        if self.total > self.row_count and new_value + 2 * self._screenful() >= self.max_scroll_y:
            self.call_later(self.want, self.row_count)

    def watch_cursor_coordinate(self, old: Any, new: Any) -> None:
        super().watch_cursor_coordinate(old, new)
        # move_cursor from the screen, a click: keep a page after the cursor.
        if self.total > self.row_count and new.row + self._screenful() >= self.row_count:
            self.call_later(self.want, new.row)


class PagedTable(Paged, FitTable):
    """A FitTable fed a screenful at a time (whole texts, cut to its width)."""

    def _put(self, rows: Iterator[Row], *, replace: bool) -> None:
        if replace:
            self.set_rows(rows)  # the cursor stays on the same key if it is there
        else:
            self.append_rows(rows)


class PagedDataTable(Paged):
    """A DataTable fed a screenful at a time (cells as they are given)."""

    def _put(self, rows: Iterator[Row], *, replace: bool) -> None:
        if replace:
            self.clear()
        for key, cells in rows:
            self.add_row(*cells, key=key)
