"""归档目录: the index of an archive export, as Word and as Excel.

One row per file written, in the order an archivist files them (by kind,
then as each kind sorts its records): 件号, 记录编号, 题名, 责任者 (the person
or unit), 日期, 页数, the ledger check code the file carries, and where the
file is. Page counts are those of the files as written (export.pagination).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import overload

from xiaoneng.export.common import LedgerHead, head_text, start
from xiaoneng.export.document import OfficialDocument
from xiaoneng.export.fonts import FontSettings
from xiaoneng.export.layout import LANDSCAPE
from xiaoneng.export.workbook import CellValue, StreamedSheet
from xiaoneng.model.dates import cn_date

INDEX_NAME = "归档目录"
HEADERS = ("件号", "类别", "记录编号", "题名", "责任者", "日期", "页数", "台账校验码", "文件")
# On paper the kind and the file name are left out (the record number starts
# with the kind, the file name with the record number); 225 mm: the type area.
PAPER_COLUMNS = (0, 2, 3, 4, 5, 6, 7)
WIDTHS_MM = (10, 52, 58, 26, 29, 10, 40)


@dataclass(frozen=True, slots=True)
class Entry:
    """What the index says of one document, as its exporter knows it."""

    number: str  # record number ("" for a blank letter, which has none yet)
    title: str  # 题名
    who: str  # the person or unit it concerns
    date: dt.date | None
    ledger: str = ""  # the check code it carries: its own entry, or the ledger head
    order: tuple[object, ...] = field(default=())  # how the kind files its records


@dataclass(frozen=True, slots=True)
class IndexRow:
    """One file written: its entry, kind, place and pages."""

    entry: Entry
    kind: str  # folder label, e.g. 承诺书
    file: str  # path inside the export folder, with '/'
    pages: int | None  # None: a spreadsheet


class _PaperRows(Sequence[list[object]]):
    """The index rows as the Word table's cells, made when asked for (the
    table's rows are built and written one at a time: export.streamed)."""

    def __init__(self, rows: Sequence[IndexRow]) -> None:
        self.rows = rows

    def __len__(self) -> int:
        return len(self.rows)

    @overload
    def __getitem__(self, n: int) -> list[object]: ...

    @overload
    def __getitem__(self, n: slice) -> list[list[object]]: ...

    def __getitem__(self, n: int | slice) -> list[object] | list[list[object]]:
        if isinstance(n, slice):
            return [self[i] for i in range(*n.indices(len(self)))]
        if n < 0:
            n += len(self)
        return _paper_cells(n + 1, self.rows[n])

    def __iter__(self) -> Iterator[list[object]]:
        return (_paper_cells(n, r) for n, r in enumerate(self.rows, start=1))


def _paper_cells(n: int, r: IndexRow) -> list[object]:
    return [
        n,
        r.entry.number or "（空白待签）",
        r.entry.title,
        r.entry.who,
        cn_date(r.entry.date, blank=""),
        r.pages if r.pages is not None else "—",
        r.entry.ledger,
    ]


def archive_index(
    rows: Sequence[IndexRow],
    *,
    agency: str,
    today: dt.date,
    head: LedgerHead | None,
    fonts: FontSettings | None = None,
) -> OfficialDocument:
    """The index as a landscape Word document. `rows` is read in order, a row
    at a time (it may be the index spool of a whole agency's export)."""
    doc = start(None, fonts)
    doc.set_page(LANDSCAPE)
    doc.title(INDEX_NAME, subtitle=f"（{agency}　{cn_date(today)}导出）" if agency else None)
    pages = sum(r.pages or 0 for r in rows)
    doc.meta_line(f"共 {len(rows)} 件，{pages} 页（Word 文件按 A4 单面计）。")
    headers = [HEADERS[i] for i in PAPER_COLUMNS]
    doc.table(headers, _PaperRows(rows), WIDTHS_MM, font_size_pt=9)
    with doc.kept_together():
        doc.note(
            "页数按导出的版式计算；台账校验码为该件所载台账条目的校验码，可用 xiaoneng verify 核对。"
        )
        doc.note(head_text(head))
    return doc


def index_workbook(
    rows: Sequence[IndexRow], *, agency: str, today: dt.date, head: LedgerHead | None
) -> StreamedSheet:
    """The same index as an Excel sheet, written row by row when saved."""

    def cells() -> Iterator[list[CellValue]]:
        for n, r in enumerate(rows, start=1):
            e = r.entry
            yield [n, r.kind, e.number, e.title, e.who, e.date, r.pages, e.ledger, r.file]

    return StreamedSheet(
        INDEX_NAME,
        HEADERS,
        cells,
        caption=f"{INDEX_NAME}（{agency}，{cn_date(today)}导出）" if agency else INDEX_NAME,
        footer=head_text(head),
    )
