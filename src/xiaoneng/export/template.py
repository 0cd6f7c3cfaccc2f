"""Turn python-docx's blank document into an official one, once, and reuse it.

`apply_official_layout` does the whole job on any python-docx Document.
`PreparedTemplate` runs it once and keeps the finished package as bytes, so
each new document costs one small unzip-and-parse instead of loading the
440 KB bundled styles, restyling and rebuilding footers every time.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

import docx
from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.package import Unmarshaller
from docx.opc.part import PartFactory
from docx.opc.pkgreader import PackageReader
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.package import Package

from xiaoneng.export.fonts import FontSettings, strip_theme_fonts
from xiaoneng.export.layout import PORTRAIT, STANDARD, BodyGrid, apply_geometry, setup_page_footers
from xiaoneng.export.styles import SETTINGS_XML, STYLE_FOOTER, font_table_xml, styles_xml

# Parts of the bundled template that must not ship: a stale copy of the theme-
# font styles (Word 2010 may read it instead of styles.xml), sample custom XML,
# and a thumbnail of a blank US Letter page.
_DROP_DOCUMENT_RELS = (
    "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
    RT.CUSTOM_XML,
)
_DROP_PACKAGE_RELS = (RT.THUMBNAIL,)


def _drop_rels(part: Any, reltypes: tuple[str, ...]) -> None:
    for rid, rel in list(part.rels.items()):
        if rel.reltype in reltypes:
            del part.rels[rid]


def _replace_xml_part(part: Any, xml: bytes) -> None:
    if hasattr(part, "_element"):
        # In place: some parts keep a second reference to their root element
        # (SettingsPart._settings), so swapping the root would go unnoticed.
        new_root = parse_xml(xml)
        root = part.element
        root.attrib.clear()
        root.attrib.update(new_root.attrib)
        root[:] = list(new_root)
    else:  # parts python-docx keeps as plain bytes, e.g. the font table
        part._blob = xml


def apply_official_layout(
    document: DocxDocument, fonts: FontSettings | None = None, grid: BodyGrid = STANDARD
) -> None:
    """Make `document` (fresh from python-docx) an empty GB/T 9704 document
    (its body on `grid`: the standard 22 x 28 unless a denser one is asked for).

    Replaces styles, settings and font table, sets A4 portrait and the page
    number footers, removes leftover parts and clears the body.
    """
    fonts = fonts or FontSettings()
    doc_part = document.part
    _replace_xml_part(doc_part._styles_part, styles_xml(fonts, grid))
    _replace_xml_part(doc_part._settings_part, SETTINGS_XML)
    for rel in doc_part.rels.values():
        if rel.reltype == RT.FONT_TABLE and not rel.is_external:
            _replace_xml_part(rel.target_part, font_table_xml(fonts))
    _drop_rels(doc_part, _DROP_DOCUMENT_RELS)
    _drop_rels(doc_part.package, _DROP_PACKAGE_RELS)

    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    section = document.sections[-1]
    apply_geometry(section, PORTRAIT)
    doc_grid = section._sectPr.find(qn("w:docGrid"))
    if doc_grid is not None:
        # No Word line/character grid: LibreOffice would lay out 14 characters a line.
        doc_grid.attrib.pop(qn("w:type"), None)
        doc_grid.attrib.pop(qn("w:charSpace"), None)
    setup_page_footers(section, style=STYLE_FOOTER)
    for part in (doc_part, section.footer.part, section.even_page_footer.part):
        strip_theme_fonts(part.element)

    props = document.core_properties
    props.author = "xiaoneng"
    props.last_modified_by = "xiaoneng"
    props.comments = ""
    props.title = ""
    props.revision = 1


def stamp_core_properties(document: DocxDocument, title: str, when: datetime | None = None) -> None:
    """Title and creation time of one document (not of the template)."""
    when = (when or datetime.now(UTC)).replace(microsecond=0)
    props = document.core_properties
    props.title = title
    props.created = when
    props.modified = when


class PreparedTemplate:
    """An official blank document built once; `new_docx()` hands out copies.

    The finished package is kept as bytes and, unzipped once, as python-docx's
    reader (part blobs + relationships). Each copy is unmarshalled from that
    reader: every XML part is parsed afresh, so copies share nothing mutable,
    and the unzip (two thirds of opening a file) is paid once.
    """

    def __init__(self, fonts: FontSettings | None = None, grid: BodyGrid = STANDARD) -> None:
        self.fonts = fonts or FontSettings()
        self.grid = grid
        document = docx.Document()
        apply_official_layout(document, self.fonts, grid)
        buffer = io.BytesIO()
        document.save(buffer)
        self.package: bytes = buffer.getvalue()
        self._reader = PackageReader.from_file(io.BytesIO(self.package))  # type: ignore[no-untyped-call]

    def new_docx(self) -> DocxDocument:
        """A new, independent python-docx Document with the official layout."""
        package = Package()
        Unmarshaller.unmarshal(self._reader, package, PartFactory)  # type: ignore[no-untyped-call]
        document: DocxDocument = package.main_document_part.document
        return document


def get_template(fonts: FontSettings | None = None, grid: BodyGrid = STANDARD) -> PreparedTemplate:
    """The shared prepared template for `fonts` and `grid` (built on first use)."""
    return _cached_template(fonts or FontSettings(), grid)


@lru_cache(maxsize=8)
def _cached_template(fonts: FontSettings, grid: BodyGrid) -> PreparedTemplate:
    return PreparedTemplate(fonts, grid)
