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
tests/unit/test_quick_cells.py checks the segments are the same.
"""

from __future__ import annotations

from typing import Any

from rich.segment import Segment
from rich.style import Style
from rich.text import Span, Text
from textual.widgets import DataTable

_NULL = Style.null()  # what Padding styles its spaces with ("none")


class QuickCells(DataTable[Any]):
    """DataTable's `_render_cell` with a short path for one-line text cells."""

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
        if text.style:
            text = Text(text.plain, spans=[Span(0, len(text.plain), text.style), *text.spans])
        segments: list[Segment] = []
        if pad:
            segments.append(Segment(" " * pad, _NULL))
        segments.extend(text.render(self.app.console))
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
