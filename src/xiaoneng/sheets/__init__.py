"""Reading the office's own spreadsheets (.xlsx, .csv) safely.

`reader` turns a file into numbered rows of cell values, streaming and
stopping at the first limit (a crafted 270 KB .xlsx can hold a million rows);
`table` finds the header row, maps columns by name and synonyms to a spec,
and parses each row, naming the file, row and column of every problem.
Importers (the roster, 巾帼文明岗 applications) give their own column spec.
"""

from xiaoneng.sheets.reader import Formula, Limits, read_rows
from xiaoneng.sheets.table import Column, Record, RowProblem, Table, read_table

__all__ = [
    "Column",
    "Formula",
    "Limits",
    "Record",
    "RowProblem",
    "Table",
    "read_rows",
    "read_table",
]
