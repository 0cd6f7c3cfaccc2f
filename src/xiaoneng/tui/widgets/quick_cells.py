"""A DataTable's one-line cells drawn without Rich's general layout.

DataTable draws every cell through Rich's whole pipeline: the cell wrapped
in `Padding` and `Styled`, laid out by `Console.render_lines` (options
copied, the text wrapped, justified, split into lines and cropped twice),
some 0.3 ms a cell. The admin's home at 50,000 staff draws about 300 cells
(34 to-dos and 30 units) where the 30-staff home draws a dozen: 0.1 s of
the home's CPU went there. A one-line cell whose text fits its column
(what FitTable puts in: cut to the width, one line) is the text's own
segments between the padding, every one styled as Rich would style it;
anything else (headers, row labels, taller rows, text that would wrap, be
justified or cropped) goes through DataTable's own `_render_cell`.
tests/functional/test_tui_quick_cells.py checks the segments are the same.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.segment import Segment
from rich.style import Style
from rich.text import Span, Text
from textual.coordinate import Coordinate
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widgets import DataTable
from textual.widgets.data_table import RowKey

_NULL = Style.null()  # what Padding styles its spaces with ("none")


class QuickCells(DataTable[Any]):
    """DataTable's `_render_cell` with a short path for one-line text cells,
    a row's line without the styles only labels and fixed columns use, and
    new rows not measured when nothing is sized to its content."""

    _row_styles: dict[tuple[Any, ...], Style] | None = None  # during one paint

    def render_lines(self, crop: Region) -> list[Strip]:
        # A row's style is one of a few (header, even, odd rows) for the
        # whole paint; DataTable works it out from the CSS for every row.
        self._row_styles = {}
        try:
            return super().render_lines(crop)
        finally:
            self._row_styles = None

    def _get_row_style(self, row_index: int, base_style: Style) -> Style:
        styles = self._row_styles
        if styles is None:
            return super()._get_row_style(row_index, base_style)
        key = (row_index == -1, row_index < self.fixed_rows, row_index % 2, base_style)
        style = styles.get(key)
        if style is None:
            style = styles[key] = super()._get_row_style(row_index, base_style)
        return style

    def _render_line_in_row(
        self,
        row_key: RowKey,
        line_no: int,
        base_style: Style,
        cursor_location: Coordinate,
        hover_location: Coordinate,
    ) -> tuple[list[list[Segment]], list[list[Segment]]]:
        # DataTable's own, for a row cursor and no row labels or fixed
        # columns (FitTable's tables): it also worked out, for every row, the
        # header's and the background's styles that only those use.
        cursor_type = self.cursor_type
        if cursor_type != "row" or self.fixed_columns or self._labelled_row_exists:
            return super()._render_line_in_row(
                row_key, line_no, base_style, cursor_location, hover_location
            )
        show_cursor, show_hover = self.show_cursor, self._show_hover_cursor
        cache_key = (
            row_key,
            line_no,
            base_style,
            cursor_location,
            hover_location,
            cursor_type,
            show_cursor,
            show_hover,
            self._update_count,
            self._pseudo_class_state,
        )
        cache = self._row_render_cache
        if cache_key in cache:
            return cache[cache_key]
        row_index = self._row_locations.get(row_key)
        if row_index is None:
            row_index = -1
        row_style = self._get_row_style(row_index, base_style)
        cursor_row, hover_row = cursor_location.row, hover_location.row
        hovered = hover_row == row_index
        line = []
        width = 0
        for column_index, column in enumerate(self.ordered_columns):
            column_width = column.get_render_width(self)
            width += column_width
            cell = self._render_cell(
                row_index,
                column_index,
                row_style,
                column_width,
                cursor=cursor_row == row_index,
                hover=hovered,
            )
            line.append(cell[line_no])
        # The rest of the width in the row's style (DataTable's "extend").
        extend_style, _ = self._get_styles_to_render_cell(
            row_index == -1,
            False,
            False,
            hover_row == (row_index or 0),
            row_index == cursor_row,
            show_cursor,
            show_hover,
            False,
            False,
        )
        extend_style = row_style + extend_style
        extend_style += Style.from_meta({"row": row_index, "column": 0, "out_of_bounds": True})
        remaining = max(0, self.size.width - width - self._row_label_column_width)
        line.append([Segment(" " * remaining, extend_style)])
        pair: tuple[list[list[Segment]], list[list[Segment]]] = ([], line)
        cache[cache_key] = pair
        return pair

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        # DataTable measures every cell of the new rows, for columns as wide
        # as their content and rows as tall as theirs; columns of a set width
        # (FitTable's) and one-line rows need only the virtual size, as
        # DataTable's own method works it out at its end.
        rows = self.rows
        if self._labelled_row_exists or any(c.auto_width for c in self.columns.values()):
            return super()._update_dimensions(new_rows)
        new_rows = list(new_rows)
        for key in new_rows:
            row = rows.get(key)
            if row is not None and (row.auto_height or row.label is not None):
                return super()._update_dimensions(new_rows)
        width = sum(column.get_render_width(self) for column in self.columns.values())
        header_height = self.header_height if self.show_header else 0
        self.virtual_size = Size(
            width + self._row_label_column_width, self._total_row_height + header_height
        )

    def _render_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> list[list[Segment]]:
        lines = self._quick_cell(row_index, column_index, base_style, width, cursor, hover)
        if lines is None:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        return lines

    def _quick_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool,
        hover: bool,
    ) -> list[list[Segment]] | None:
        """The cell's one line as DataTable would draw it, or None when it
        takes DataTable's own way (the cell is then drawn and cached there)."""
        if row_index < 0 or column_index < 0 or self.fixed_rows or self.fixed_columns:
            return None
        row_key = self._row_locations.get_key(row_index)
        column_key = self._column_locations.get_key(column_index)
        if row_key is None or column_key is None:
            return None
        key = (
            row_key,
            column_key,
            base_style,
            cursor,
            hover,
            self._show_hover_cursor,
            self._update_count,
            self._pseudo_class_state,
        )  # DataTable's own cache key for the cell
        cache = self._cell_render_cache
        if key in cache:
            return cache[key]
        row = self.rows.get(row_key)
        if row is None or row.height != 1:
            return None
        cells = self._get_row_renderables(row_index).cells
        if column_index >= len(cells):
            return None
        text = cells[column_index]
        pad = self.cell_padding
        inner = width - 2 * pad
        if not isinstance(text, Text) or inner < 1 or not _one_line(text, inner):
            return None
        component_style, post_style = self._get_styles_to_render_cell(
            False,
            False,
            False,
            hover,
            cursor,
            self.show_cursor,
            self._show_hover_cursor,
            self.cursor_foreground_priority == "css",
            self.cursor_background_priority == "css",
        )
        pre = base_style + Style.from_meta({"row": row_index, "column": column_index})
        pre = pre + component_style
        # Padding's spaces, the text's segments (as Text.__rich_console__
        # makes them: its own style as a span under the others), the line
        # padded to the column with unstyled spaces.
        console = self.app.console
        segments: list[Segment] = []
        if pad:
            segments.append(Segment(" " * pad, _NULL))
        if text.spans:
            if text.style:
                text = Text(text.plain, spans=[Span(0, len(text.plain), text.style), *text.spans])
            segments.extend(text.render(console))
        elif not text.style:
            segments.append(Segment(text.plain))
        elif text.plain:  # one span over all of it (Rich makes none for no text)
            segments.append(Segment(text.plain, console.get_style(text.style, default=_NULL)))
        short = inner - text.cell_len
        if short > 0:
            segments.append(Segment(" " * short, _NULL))
        if pad:
            segments.append(Segment(" " * pad, _NULL))
        line = [_styled(s, pre, post_style) for s in segments]
        cache[key] = lines = [line]
        return lines


def _one_line(text: Text, inner: int) -> bool:
    """Drawn in `inner` columns as it is: no line break, tab, justification or cut."""
    plain = text.plain
    return (
        "\n" not in plain
        and "\t" not in plain
        and text.justify in (None, "default")
        and text.cell_len <= inner
    )


def _styled(segment: Segment, pre: Style, post: Style) -> Segment:
    """`Segment.apply_style(pre, post)` for one segment (Rich's `Styled`)."""
    text, style, control = segment
    if control:
        return Segment(text, None, control)
    if pre:
        style = pre + style
    if post:
        style = style + post if style else post
    return Segment(text, style, control)
