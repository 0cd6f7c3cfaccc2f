"""Table rows written only when the document is saved: a long table in bounded memory.

A table of thousands of rows (a 学习记录 of the whole agency, a sign-in sheet
of a big session, the 归档目录 of an agency's year) would hold every row as
lxml elements, several kilobytes each. Instead `OfficialDocument.table` puts
the table's shell and header row in the document as usual and, in place of
its body rows, one placeholder element standing for them. Each row is built
once to measure it (its height and the start of its text are all the page
model needs, export.pagination reads them from here) and dropped; when the
document is saved, python-docx writes the package with the placeholders in
it, and `expand` copies that package, building the rows again one batch at a
time and writing their XML into word/document.xml where each placeholder
stands. The result is, part for part, the document the rows would have made
in the tree.
"""

from __future__ import annotations

import io
import itertools
import re
import uuid
import weakref
import zipfile
import zlib
from array import array
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from docx.oxml import OxmlElement
from lxml import etree

TAG = "{urn:xiaoneng:streamed-rows}rows"
_KEY = "key"
_DOCUMENT_PART = "word/document.xml"
_BATCH = 256  # rows serialised together
_ROW = b"<w:tr>"  # how each row's XML starts (a row has no attributes)
_ROW_START = re.compile(re.escape(_ROW))
_ROW_BYTES = 4096  # a generous size of one row's XML, to choose ZIP64 ahead
_LIVE: weakref.WeakValueDictionary[str, StreamedRows] = weakref.WeakValueDictionary()


class StreamedRows:
    """The body rows of one table, built by `make(n)` (n from 0).

    Each row is built once: measured (its height in pt and label kept here)
    and serialised into a compressed spool, batch by batch; about 25 bytes a
    row of a sign-in sheet. The first `count` rows are written from the
    spool when the document is saved (the last ones may have been taken into
    the tree instead, see `take_tail`).
    """

    def __init__(self, make: Callable[[int], etree._Element], count: int) -> None:
        self.make = make
        self.count = count
        self.heights = array("d")
        self.labels: list[str] = []
        self._sizes = array("q")  # bytes of each row's XML
        self._spool: list[bytes] = []  # compressed batches of rows' XML
        self.key = f"xiaoneng-rows-{uuid.uuid4().hex}"
        _LIVE[self.key] = self

    def placeholder(self) -> etree._Element:
        """The element that stands for the rows in the document tree."""
        return etree.Element(TAG, {_KEY: self.key})

    def build(self, row_size: Callable[[etree._Element], tuple[float, str]]) -> None:
        """Build each row once: keep its (height, label) from `row_size` and its
        XML as python-docx writes a w:tr inside the document body (no namespace
        declarations of its own), compressed."""
        container = OxmlElement("w:tbl")
        head = etree.tostring(container)[: -len(b"/>")] + b">"
        tail = b"</" + container.prefix.encode() + b":tbl>"
        for start in range(0, self.count, _BATCH):
            for n in range(start, min(start + _BATCH, self.count)):
                row = self.make(n)
                height, label = row_size(row)
                self.heights.append(height)
                self.labels.append(label)
                container.append(row)
            text = etree.tostring(container, encoding="UTF-8", xml_declaration=False)
            whole = text.startswith(head) and text.endswith(tail)
            text = text[len(head) : -len(tail)] if whole else b""
            starts = [m.start() for m in _ROW_START.finditer(text)]
            if not text.startswith(_ROW) or len(starts) != len(container):
                raise RuntimeError("表格行的 XML 与预期的格式不同，无法流式写出")
            ends = [*starts[1:], len(text)]
            self._sizes.extend(b - a for a, b in zip(starts, ends, strict=True))
            self._spool.append(zlib.compress(text, 1))
            for row in list(container):
                container.remove(row)

    def rows(self) -> Iterator[tuple[float, str]]:
        """(height, label) of each row still streamed, in order."""
        return zip(self.heights[: self.count], self.labels[: self.count], strict=True)

    def take_tail(self, n: int) -> list[etree._Element]:
        """The last `n` streamed rows as elements, no longer streamed."""
        n = max(0, min(n, self.count))
        first = self.count - n
        taken = [self.make(i) for i in range(first, self.count)]
        self.count = first
        del self.heights[first:]
        del self.labels[first:]
        return taken

    def xml(self) -> Iterator[bytes]:
        """The XML of the first `count` rows, a batch at a time."""
        left = sum(itertools.islice(self._sizes, self.count))
        for packed in self._spool:
            if left <= 0:
                return
            text = zlib.decompress(packed)[:left]
            left -= len(text)
            yield text


def of(placeholder: Any) -> StreamedRows:
    """The rows a placeholder element stands for (while its document lives)."""
    return _LIVE[placeholder.get(_KEY)]


def in_table(tbl: Any) -> StreamedRows | None:
    """The streamed rows of table `tbl`, if it has any."""
    placeholder = tbl.find(TAG)
    return of(placeholder) if placeholder is not None else None


def take_tail(tbl: Any, n: int) -> int:
    """Make sure the last `n` body rows of `tbl` are in the tree (taken from the
    end of its stream, if the tree holds fewer after it). The rows it has in all."""
    stream = in_table(tbl)
    if stream is None:
        return 0
    placeholder = tbl.find(TAG)
    after = sum(1 for _ in placeholder.itersiblings())
    for row in reversed(stream.take_tail(n - after)):
        placeholder.addnext(row)
    return stream.count


def expand(package: bytes, streams: Sequence[StreamedRows]) -> bytes:
    """The .docx `package` with each placeholder in its document part replaced
    by the XML of its rows; every other part copied as it is."""
    by_key = {s.key.encode(): s for s in streams}
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(package)) as source,
        zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            data = source.read(info)
            if info.filename != _DOCUMENT_PART:
                target.writestr(info, data)
                continue
            part = zipfile.ZipInfo(info.filename, info.date_time)
            part.compress_type = info.compress_type
            size = len(data) + sum(s.count for s in streams) * _ROW_BYTES
            with target.open(part, "w", force_zip64=size >= zipfile.ZIP64_LIMIT) as sink:
                for piece in _pieces(data, by_key):
                    sink.write(piece)
    return out.getvalue()


def _pieces(document: bytes, by_key: dict[bytes, StreamedRows]) -> Iterator[bytes]:
    """`document` cut at its placeholders, each replaced by its rows' XML."""
    at = 0
    while True:
        found = [(document.find(key, at), key) for key in by_key]
        found = [(where, key) for where, key in found if where >= 0]
        if not found:
            yield document[at:]
            return
        where, key = min(found)
        start = document.rfind(b"<", at, where)
        end = document.index(b"/>", where) + len(b"/>")
        yield document[at:start]
        yield from by_key[key].xml()
        at = end
