"""How much of a spreadsheet the reader takes before it refuses the file."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 50 * 1024 * 1024  # the file itself
    max_rows: int = 50_010  # the last row number read (50,000 people + title and header)
    max_cols: int = 64  # cells further right are not read
    max_cells: int = 600_000
    max_cell_chars: int = 32_767  # Excel's own limit for one cell
    max_text_chars: int = 16 * 1024 * 1024
    max_part_bytes: int = 96 * 1024 * 1024  # one unpacked .xlsx part (the sheet's XML)
    max_merges: int = 10_000

    @property
    def max_elements(self) -> int:
        return 3 * self.max_cells + 1_000
