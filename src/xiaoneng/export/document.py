"""`OfficialDocument`: the building blocks every exporter writes with.

Each block appends to the body in the official style and cleans its text, so
an exporter is a short list of calls: title, paragraphs, a table, a signature
block, then `to_bytes()` or `save()`. `.docx` is the python-docx Document for
anything the blocks do not cover.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from xiaoneng.export.fonts import FontSettings
from xiaoneng.export.keep import clear_of_bottom, keep_with_table
from xiaoneng.export.layout import (
    LANDSCAPE,
    PORTRAIT,
    STANDARD,
    BodyGrid,
    PageGeometry,
    apply_geometry,
    em_width,
    twips,
)
from xiaoneng.export.measure import Span, break_lines
from xiaoneng.export.numbering import HeadingCounter
from xiaoneng.export.pagination import count_pages, row_size
from xiaoneng.export.paragraphs import (
    add_keep_next,
    make_paragraph,
    make_spacer_paragraph,
    set_left_indent,
)
from xiaoneng.export.streamed import StreamedRows, expand
from xiaoneng.export.styles import (
    HEADING_STYLES,
    STYLE_BODY,
    STYLE_NO_INDENT,
    STYLE_NOTE,
    STYLE_SIGNATURE,
    STYLE_SUBTITLE,
    STYLE_TITLE,
)
from xiaoneng.export.tables import build_form_grid, row_cells, table_spec
from xiaoneng.export.template import get_template, stamp_core_properties
from xiaoneng.export.textsafe import clean_text, write_file

_W_P = qn("w:p")
_W_TBL = qn("w:tbl")
_W_PPR = qn("w:pPr")
_W_SECTPR = qn("w:sectPr")
# A table of this many rows or more keeps only its measurements in the tree
# and has its rows written as the document is saved (export.streamed).
STREAM_FROM_ROWS = 400


class OfficialDocument:
    """A document in GB/T 9704 layout, built block by block.

    Made from the shared prepared template unless a python-docx Document that
    already went through `apply_official_layout` is passed in.
    """

    ext = ".docx"

    def __init__(
        self,
        document: DocxDocument | None = None,
        *,
        fonts: FontSettings | None = None,
        grid: BodyGrid = STANDARD,
    ) -> None:
        self.fonts = fonts or FontSettings()
        self.grid = grid
        self.docx: DocxDocument = document or get_template(self.fonts, grid).new_docx()
        self._body = self.docx.element.body
        self._container = self.docx._body  # parent object for Paragraph/Table proxies
        self._sentinel = self._body.find(_W_SECTPR)  # stays last: blocks go before it
        self._geometry: PageGeometry = PORTRAIT
        self._headings = HeadingCounter()
        self._break_before_next = False
        self._keeping = False
        self._streams: list[StreamedRows] = []  # long tables' rows, written when saved
        stamp_core_properties(self.docx, "")

    # -- placing elements ------------------------------------------------------------

    def _append(self, element: Any) -> None:
        self._sentinel.addprevious(element)

    def _paragraph(self, style: str, text: object = "", **kwargs: Any) -> Paragraph:
        if self._keeping:
            kwargs["keep_next"] = True
        p = make_paragraph(style, text, page_break_before=self._break_before_next, **kwargs)
        self._break_before_next = False
        self._append(p)
        return Paragraph(p, self._container)

    @contextmanager
    def kept_together(self, *, tail_rows: int = 2) -> Iterator[None]:
        """Keep what is written inside on one page with the end of what came before.

        For a signature block and the notes under it: they never start a page
        of their own. The paragraph before moves along whole (keep-with-next);
        after a table, when the block would start a page, the table's last
        `tail_rows` rows go to that page with it; a block ending too near the
        bottom for the page model to be sure starts the next page (export.keep).
        """
        last = self._sentinel.getprevious()
        if last is not None and last.tag == _W_P:
            add_keep_next(last)
        self._keeping = True
        try:
            yield
        finally:
            self._keeping = False
            end = self._sentinel.getprevious()
            if end is not None and end.tag == _W_P:
                keep = end.find(f"{_W_PPR}/{qn('w:keepNext')}")
                if keep is not None:
                    keep.getparent().remove(keep)
        if last is not None and last.tag == _W_TBL and last.getnext() is not self._sentinel:
            keep_with_table(self.docx, last, last.getnext(), tail_rows)
        end = self._sentinel.getprevious()
        if end is not None and end.tag == _W_P and end is not last:
            clear_of_bottom(self.docx, end, tail_rows)

    @property
    def geometry(self) -> PageGeometry:
        """Geometry of the section being written (portrait or landscape)."""
        return self._geometry

    # -- building blocks -------------------------------------------------------------

    def title(self, text: object, *, subtitle: object = None, blank: bool = True) -> Paragraph:
        """Centred 2号 title (\\n breaks it into lines), optional subtitle, one blank
        line (`blank=False`: none, for a form that needs the room)."""
        title_text = clean_text(text).strip()
        para = self._paragraph(STYLE_TITLE, title_text)
        if not self.docx.core_properties.title:
            self.docx.core_properties.title = title_text.replace("\n", " ")[:255]
        if subtitle is not None:
            self._paragraph(STYLE_SUBTITLE, clean_text(subtitle).strip())
        if blank:
            self._paragraph(STYLE_BODY)
        return para

    def meta_line(self, text: object, *, align: str = "left") -> Paragraph:
        """A body-font line without indent, e.g. "时间：… 地点：…"."""
        return self._paragraph(STYLE_NO_INDENT, text, align=align)

    def phrase_lines(self, phrases: Sequence[str]) -> list[Paragraph]:
        """`meta_line`s holding whole phrases, as many as fit on each line, so a
        line never breaks inside one (a count once wrapped as 请假 4 / 人)."""
        room = self._geometry.text_width / 25.4 * 72
        lines: list[str] = []
        for phrase in (clean_text(p).replace("\n", " ") for p in phrases):
            joined = (lines[-1] if lines else "") + phrase
            one = break_lines([Span(joined, self.grid.size, self.grid.spacing)], room)
            if lines and len(one) == 1:
                lines[-1] = joined
            else:
                lines.append(phrase)
        return [self.meta_line(line) for line in lines]

    def heading(self, text: object, level: int = 1, *, numbered: bool = True) -> Paragraph:
        """Heading of `level` 1-4; numbered adds 一、/（一）/1./（1） automatically."""
        number = self._headings.next(level) if numbered else ""
        if not numbered and level not in HEADING_STYLES:
            raise ValueError(f"标题层级应为 1～4，实际是 {level}")
        return self._paragraph(HEADING_STYLES[level], number + clean_text(text).strip())

    def paragraph(
        self, text: object, *, indent: bool = True, align: str | None = None
    ) -> list[Paragraph]:
        """Body text, one paragraph per non-empty line of `text` (at least one)."""
        lines = [line for line in clean_text(text).split("\n") if line.strip()] or [""]
        style = STYLE_BODY if indent else STYLE_NO_INDENT
        return [self._paragraph(style, line, align=align) for line in lines]

    def blank_line(self) -> Paragraph:
        return self._paragraph(STYLE_NO_INDENT)

    def half_line(self) -> Paragraph:
        """An empty line half as high as a body line (between a grid and a table)."""
        return self._paragraph(STYLE_NOTE)

    def note(self, text: object) -> list[Paragraph]:
        """Small 5号 lines under a form (the electronic record, the record number)."""
        lines = [line for line in clean_text(text).split("\n") if line.strip()] or [""]
        return [self._paragraph(STYLE_NOTE, line) for line in lines]

    def table(
        self,
        headers: Sequence[object],
        rows: Sequence[Sequence[object]],
        widths_mm: Sequence[float] | None = None,
        *,
        font_size_pt: float | None = None,
        aligns: Sequence[str | None] | None = None,
        row_height_mm: float | None = None,
        column_sizes: Sequence[float | None] | None = None,
    ) -> Table:
        """A ruled table; widths in mm (None: equal), scaled down if wider than the page.

        `aligns` per column ("left"/"center"/"right"); by default columns whose
        cells fit on one line are centred and wrapping columns left-aligned.
        """
        self._flush_break()
        spec = table_spec(
            headers,
            rows,
            widths_mm,
            available_mm=self._geometry.text_width,
            page_height_mm=self._geometry.text_height,
            font_size_pt=font_size_pt,
            aligns=aligns,
            row_height_mm=row_height_mm,
            column_sizes=column_sizes,
        )
        tbl = spec.shell()
        tbl.append(spec.header_row(headers))
        self._append(tbl)
        if len(rows) < STREAM_FROM_ROWS:
            for n, row in enumerate(rows, start=1):
                tbl.append(spec.body_row(row_cells(row, spec.columns, n)))
        else:  # built again when saved (export.streamed)
            stream = StreamedRows(
                lambda n: spec.body_row(row_cells(rows[n], spec.columns, n + 1)), len(rows)
            )
            tbl.append(stream.placeholder())
            stream.build(row_size(self.docx, tbl))
            self._streams.append(stream)
        return Table(tbl, self._container)

    def form_grid(
        self,
        rows: Sequence[Sequence[tuple[object, object]]],
        *,
        label_mm: float = 24,
        font_size_pt: float | None = None,
    ) -> Table:
        """A form's header as a ruled grid: one or two (label, value) pairs a row."""
        self._flush_break()
        tbl = build_form_grid(
            rows,
            label_mm=label_mm,
            available_mm=self._geometry.text_width,
            font_size_pt=font_size_pt,
        )
        self._append(tbl)
        return Table(tbl, self._container)

    def _flush_break(self) -> None:
        if self._break_before_next:
            # pageBreakBefore inside a table cell is ignored by Word: break first.
            br_p = OxmlElement("w:p")
            br_p.append(OxmlElement("w:r"))
            br_p[0].append(OxmlElement("w:br", {qn("w:type"): "page"}))
            self._append(br_p)
            self._break_before_next = False

    def signature_block(
        self, lines: Sequence[tuple[object, object]], *, right_chars: int = 4, gap_lines: int = 1
    ) -> list[Paragraph]:
        """Signature lines (承诺单位（盖章）：…, 日期：…) as a block on the right.

        The lines share one left edge, placed so the longest ends `right_chars`
        characters from the right margin (GB/T 9704 puts the date 右空四字);
        blank values leave room to sign by hand. Lines are kept together.
        """
        texts = []
        for label, value in lines:
            label_text = clean_text(label).strip()
            value_text = clean_text(value).replace("\n", " ")
            if label_text and not label_text.endswith(("：", ":")):
                label_text += "："
            texts.append(label_text + value_text)
        if not texts:
            return []
        for _ in range(gap_lines):
            self.blank_line()
        advance = self.grid.advance
        widest_pt = max((em_width(t) for t in texts), default=0) * advance
        room_pt = self._geometry.text_width / 25.4 * 72 - right_chars * advance
        indent = twips(max(0.0, room_pt - widest_pt))
        result = []
        for i, text in enumerate(texts):
            para = self._paragraph(STYLE_SIGNATURE, text, keep_next=i < len(texts) - 1)
            set_left_indent(para._p, indent)
            result.append(para)
        return result

    def page_break(self) -> None:
        """Start the next block on a new page (no empty line is left behind)."""
        self._break_before_next = True

    def landscape_section(self) -> None:
        """Continue on a new landscape A4 page (wide tables, e.g. the ledger)."""
        self._new_section(LANDSCAPE)

    def portrait_section(self) -> None:
        """Continue on a new portrait A4 page."""
        self._new_section(PORTRAIT)

    def _new_section(self, geometry: PageGeometry) -> None:
        # The section's properties end its last paragraph; reuse that paragraph
        # when possible so no blank line is added (python-docx always adds one).
        last = self._sentinel.getprevious()
        if last is None or last.tag != _W_P or last.find(f"{_W_PPR}/{_W_SECTPR}") is not None:
            last = make_spacer_paragraph()
            self._append(last)
        last.set_sectPr(self._sentinel.clone())
        for ref in self._sentinel.xpath("w:headerReference|w:footerReference"):
            self._sentinel.remove(ref)  # the new section inherits the page-number footers
        self._break_before_next = False
        self.set_page(geometry)

    def set_page(self, geometry: PageGeometry) -> None:
        """Lay out the current section as `geometry` (e.g. a landscape ledger
        from its first page, before anything is written)."""
        apply_geometry(self.docx.sections[-1], geometry)
        self._geometry = geometry

    # -- output ------------------------------------------------------------------------

    def page_count(self) -> int:
        """Pages the document prints on, computed from its layout (export.pagination)."""
        with self._finished():
            return count_pages(self.docx)

    @contextmanager
    def _finished(self) -> Iterator[None]:
        """The body as saved: a document must end with a paragraph; one is added
        after a final table only while saving, so blocks written afterwards
        still follow the table directly."""
        last = self._sentinel.getprevious()
        spacer = None
        if last is not None and last.tag == _W_TBL:
            spacer = make_spacer_paragraph()
            self._append(spacer)
        try:
            yield
        finally:
            if spacer is not None:
                self._body.remove(spacer)

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        with self._finished():
            self.docx.save(buffer)
        if self._streams:
            return expand(buffer.getvalue(), self._streams)
        return buffer.getvalue()

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write to `path` atomically (temp file + rename); parent folders are created."""
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        return write_file(target, self.to_bytes())


def new_document(fonts: FontSettings | None = None, grid: BodyGrid = STANDARD) -> OfficialDocument:
    """A fresh official document from the shared prepared template."""
    return OfficialDocument(fonts=fonts, grid=grid)
