"""The archive index's rows on disk while an export runs, sorted in bounded memory.

An export of a whole agency writes a hundred thousand files or more, each
with a row for the 归档目录. Those rows arrive batch by batch, in the order
the batches finish (a pool finishes them out of order), and are listed in
filing order. Kept in a list they cost the main process about 2 kB a file;
here they go to an unnamed temporary file in the export folder instead (it
disappears when closed, also after a crash): a few thousand at a time are
sorted and written as a run, and at the end the runs are merged into the
final sorted file (a stable sort, so the order is the one `list.sort` gives).
`SpooledRows` reads that file back as a sequence, a block at a time.
"""

from __future__ import annotations

import heapq
import pickle
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, overload

from xiaoneng.export.index import Entry, IndexRow
from xiaoneng.services.export_archive import sortable

if TYPE_CHECKING:
    from xiaoneng.services.export_stream import Made

CHUNK = 4096  # rows sorted in memory before they are written as a run
BLOCK = 64  # rows pickled together; what a reader holds of each run


# A row on disk: plain tuples pickle ten times faster than the dataclasses.
Flat = tuple[Any, ...]


def _flat(row: IndexRow) -> Flat:
    e = row.entry
    return (row.kind, row.file, row.pages, e.number, e.title, e.who, e.date, e.ledger, e.order)


def _row(flat: Flat) -> IndexRow:
    kind, file, pages, number, title, who, date, ledger, order = flat
    return IndexRow(Entry(number, title, who, date, ledger, order), kind, file, pages)


def _key(filed_row: tuple[tuple[object, ...], Flat]) -> tuple[tuple[int, object], ...]:
    return sortable(filed_row[0])


class IndexSpool:
    """Rows (`Made`) added in any order; `finish` gives them sorted by where
    they are filed."""

    def __init__(self, folder: Path, *, chunk: int = CHUNK) -> None:
        self.folder = folder
        self.chunk = chunk
        self._buffer: list[tuple[tuple[object, ...], Flat]] = []  # (filed, row)
        self._runs: list[list[int]] = []  # each run's block offsets in the file
        self._file: IO[bytes] = _unnamed(folder)
        self._count = 0

    def __len__(self) -> int:
        return self._count

    def add(self, rows: Iterable[Made]) -> None:
        for made in rows:
            self._buffer.append((made.filed, _flat(made.row)))
            self._count += 1
            if len(self._buffer) >= self.chunk:
                self._spill()

    def _spill(self) -> None:
        self._buffer.sort(key=_key)
        self._runs.append(_write_blocks(self._file, self._buffer))
        self._buffer = []

    def finish(self) -> SpooledRows:
        """Every row added, in filing order (this spool is closed)."""
        try:
            if self._buffer:
                self._spill()
            out = _unnamed(self.folder)
            try:
                merged = heapq.merge(*(self._read(run) for run in self._runs), key=_key)
                offsets = _write_blocks(out, (row for _filed, row in merged))
            except BaseException:
                out.close()
                raise
            return SpooledRows(out, offsets, self._count)
        finally:
            self.close()

    def close(self) -> None:
        self._file.close()
        self._buffer = []

    def _read(self, offsets: list[int]) -> Iterator[tuple[tuple[object, ...], Flat]]:
        for offset in offsets:
            self._file.seek(offset)
            yield from pickle.load(self._file)  # our own unnamed file


def _unnamed(folder: Path) -> IO[bytes]:
    """A file with no name in `folder` (removed by the system once closed);
    closed by its owner, which outlives this call."""
    return tempfile.TemporaryFile(dir=folder, prefix=".归档目录-")  # noqa: SIM115


def _write_blocks(file: IO[bytes], rows: Iterable[Any]) -> list[int]:
    """Append `rows` to `file` in pickled blocks; the offset of each block."""
    file.seek(0, 2)
    offsets = []
    block: list[Any] = []
    for row in rows:
        block.append(row)
        if len(block) == BLOCK:
            offsets.append(file.tell())
            pickle.dump(block, file, pickle.HIGHEST_PROTOCOL)
            block = []
    if block:
        offsets.append(file.tell())
        pickle.dump(block, file, pickle.HIGHEST_PROTOCOL)
    file.flush()
    return offsets


class SpooledRows(Sequence[IndexRow]):
    """Sorted index rows in an unnamed file, read a block at a time (the file
    is removed when this is closed or collected)."""

    def __init__(self, file: IO[bytes], offsets: list[int], count: int) -> None:
        self._file = file
        self._offsets = offsets
        self._count = count
        self._cached: tuple[int, list[IndexRow]] = (-1, [])

    def __len__(self) -> int:
        return self._count

    def _block(self, n: int) -> list[IndexRow]:
        if self._cached[0] != n:
            self._file.seek(self._offsets[n])
            self._cached = (n, [_row(f) for f in pickle.load(self._file)])  # our own file
        return self._cached[1]

    @overload
    def __getitem__(self, index: int) -> IndexRow: ...

    @overload
    def __getitem__(self, index: slice) -> list[IndexRow]: ...

    def __getitem__(self, index: int | slice) -> IndexRow | list[IndexRow]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._count))]
        if index < 0:
            index += self._count
        if not 0 <= index < self._count:
            raise IndexError("index row out of range")
        return self._block(index // BLOCK)[index % BLOCK]

    def __iter__(self) -> Iterator[IndexRow]:
        for n in range(len(self._offsets)):
            yield from self._block(n)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str | bytes):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]  # mutable-looking: equal to a list, so unhashable

    def close(self) -> None:
        self._file.close()


class SpooledFiles(Sequence[Path]):
    """The files of spooled index rows, as paths inside `folder`."""

    def __init__(self, folder: Path, rows: SpooledRows) -> None:
        self.folder = folder
        self.rows = rows

    def __len__(self) -> int:
        return len(self.rows)

    @overload
    def __getitem__(self, index: int) -> Path: ...

    @overload
    def __getitem__(self, index: slice) -> list[Path]: ...

    def __getitem__(self, index: int | slice) -> Path | list[Path]:
        if isinstance(index, slice):
            return [self.folder / r.file for r in self.rows[index]]
        return self.folder / self.rows[index].file

    def __iter__(self) -> Iterator[Path]:
        return (self.folder / r.file for r in self.rows)

    def __add__(self, other: Iterable[Path]) -> list[Path]:
        return [*self, *other]

    def __radd__(self, other: Iterable[Path]) -> list[Path]:
        return [*other, *self]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str | bytes):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]  # equal to a list, so unhashable
