"""The styles, settings and font table parts of an official document, as XML.

Generated whole instead of patching python-docx's bundled template: that one
holds 160 styles pointing at theme fonts, en-US East Asian language and a
stale stylesWithEffects copy. A small, complete styles part is both correct
and cheap to load and save.
"""

from __future__ import annotations

from functools import lru_cache
from xml.sax.saxutils import quoteattr

from xiaoneng.export.fonts import FontSettings, alt_name
from xiaoneng.export.layout import (
    NOTE_PITCH_PT,
    SIZE_2HAO,
    SIZE_4HAO,
    SIZE_5HAO,
    SIZE_XIAO4,
    STANDARD,
    BodyGrid,
    half_points,
    table_line_pt,
    twips,
)

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_HEAD = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:{{root}} xmlns:w="{W_NS}">'

# Style names python-docx and the exporters look up (ids are names without spaces).
STYLE_BODY = "Normal"
STYLE_TITLE = "Title"
STYLE_SUBTITLE = "Subtitle"
STYLE_NO_INDENT = "Body No Indent"
STYLE_SIGNATURE = "Signature Line"
STYLE_NOTE = "Small Note"
STYLE_FOOTER = "Footer"
STYLE_HEADER = "Header"
STYLE_TABLE = "Official Table"
STYLE_TABLE_TEXT = "Table Text"
STYLE_TABLE_HEADING = "Table Heading"
HEADING_STYLES = {1: "Heading 1", 2: "Heading 2", 3: "Heading 3", 4: "Heading 4"}
TABLE_BORDER_EIGHTHS = 4  # 0.5 pt single lines
TABLE_CELL_MARGIN_TWIPS = {"top": 28, "bottom": 28, "left": 85, "right": 85}

_SINGLE = 'w:line="240" w:lineRule="auto"'
_NOT_BOLD = '<w:b w:val="0"/><w:bCs w:val="0"/>'
_NO_INDENT = '<w:ind w:firstLine="0" w:firstLineChars="0"/>'


def style_id(name: str) -> str:
    """Style id of one of our styles: its name without spaces."""
    return name.replace(" ", "")


def _internal_name(name: str) -> str:
    # Word's built-ins are lower-case inside styles.xml (python-docx maps them).
    return name.lower() if name.startswith(("Heading", "Header", "Footer")) else name


def _rpr(face: str, size_pt: float, spacing_pt: float | None = None, extra: str = "") -> str:
    f = quoteattr(face)
    spacing = "" if spacing_pt is None else f'<w:spacing w:val="{twips(spacing_pt)}"/>'
    hp = half_points(size_pt)
    return (
        f'<w:rPr><w:rFonts w:ascii={f} w:hAnsi={f} w:eastAsia={f} w:cs={f} w:hint="eastAsia"/>'
        f'{extra}{spacing}<w:sz w:val="{hp}"/><w:szCs w:val="{hp}"/></w:rPr>'
    )


def _para_style(
    name: str,
    ppr: str,
    rpr: str,
    *,
    based_on: str | None = "Normal",
    next_: str | None = None,
) -> str:
    based = f'<w:basedOn w:val="{style_id(based_on)}"/>' if based_on else ""
    nxt = f'<w:next w:val="{style_id(next_)}"/>' if next_ else ""
    return (
        f'<w:style w:type="paragraph" w:styleId="{style_id(name)}">'
        f'<w:name w:val="{_internal_name(name)}"/>'
        f"{based}{nxt}<w:qFormat/><w:pPr>{ppr}</w:pPr>{rpr}</w:style>"
    )


def _borders(tag: str) -> str:
    sides = ("top", "left", "bottom", "right", "insideH", "insideV")
    inner = "".join(
        f'<w:{s} w:val="single" w:sz="{TABLE_BORDER_EIGHTHS}" w:space="0" w:color="000000"/>'
        for s in sides
    )
    return f"<w:{tag}>{inner}</w:{tag}>"


def _cell_margins() -> str:
    m = TABLE_CELL_MARGIN_TWIPS
    inner = "".join(f'<w:{side} w:w="{m[side]}" w:type="dxa"/>' for side in m)
    return f"<w:tblCellMar>{inner}</w:tblCellMar>"


def _exact(pitch_pt: float) -> str:
    return f'w:line="{twips(pitch_pt)}" w:lineRule="exact"'


@lru_cache(maxsize=16)
def styles_xml(fonts: FontSettings, grid: BodyGrid = STANDARD) -> bytes:
    """The complete styles part for `fonts`, the body on `grid`."""
    body_rpr = _rpr(fonts.body, grid.size, grid.spacing)
    plain = _NO_INDENT
    single_plain = f'<w:spacing w:before="0" w:after="0" {_SINGLE}/>{_NO_INDENT}'
    table_exact = f'w:line="{twips(table_line_pt(SIZE_XIAO4))}" w:lineRule="exact"'
    table_plain = f'<w:spacing w:before="0" w:after="0" {table_exact}/>{_NO_INDENT}'
    heading_faces = {1: fonts.heading1, 2: fonts.heading2, 3: fonts.heading3, 4: fonts.heading3}
    headings = "".join(
        _para_style(
            HEADING_STYLES[level],
            f'<w:keepNext/><w:keepLines/><w:outlineLvl w:val="{level - 1}"/>',
            # b/bCs off: Word's built-in heading look must not leak in.
            _rpr(heading_faces[level], grid.size, grid.spacing, _NOT_BOLD),
            next_=STYLE_BODY,
        )
        for level in HEADING_STYLES
    )
    parts = [
        _HEAD.format(root="styles"),
        "<w:docDefaults><w:rPrDefault>",
        _rpr(fonts.body, grid.size).replace(
            "</w:rPr>", '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr>'
        ),
        '</w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:before="0" w:after="0" '
        f"{_SINGLE}/></w:pPr></w:pPrDefault></w:docDefaults>",
        # Normal is the body text: 3号 仿宋, 22 lines of 28 characters, indent 2.
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
        '<w:qFormat/><w:pPr><w:widowControl w:val="0"/>'
        f'<w:spacing w:before="0" w:after="0" {_exact(grid.pitch)}/>'
        f'<w:ind w:firstLine="{grid.indent_twips}" w:firstLineChars="200"/><w:jc w:val="both"/>'
        f"</w:pPr>{body_rpr}</w:style>",
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/>'
        "</w:style>",
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal">'
        '<w:name w:val="Normal Table"/><w:semiHidden/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>'
        '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
        '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar>'
        "</w:tblPr></w:style>",
        '<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/>'
        "<w:semiHidden/></w:style>",
        _para_style(
            STYLE_TITLE,
            f'<w:keepNext/><w:keepLines/>{plain}<w:jc w:val="center"/>',
            _rpr(fonts.title, SIZE_2HAO, 0.0),
            next_=STYLE_BODY,
        ),
        _para_style(
            STYLE_SUBTITLE,
            f'<w:keepNext/><w:keepLines/>{plain}<w:jc w:val="center"/>',
            _rpr(fonts.subtitle, grid.size, 0.0),
            next_=STYLE_BODY,
        ),
        headings,
        _para_style(STYLE_NO_INDENT, plain, ""),
        _para_style(STYLE_SIGNATURE, f'<w:keepLines/>{plain}<w:jc w:val="left"/>', ""),
        # Notes under a form: 5号, two lines in the height of one body line;
        # a note is never split over two pages.
        _para_style(
            STYLE_NOTE,
            f'<w:keepLines/><w:spacing w:before="0" w:after="0" {_exact(NOTE_PITCH_PT)}/>{plain}'
            '<w:jc w:val="left"/>',
            _rpr(fonts.body, SIZE_5HAO, 0.0),
        ),
        _para_style(STYLE_HEADER, single_plain, _rpr(fonts.page_number, SIZE_5HAO, 0.0)),
        _para_style(STYLE_FOOTER, single_plain, _rpr(fonts.page_number, SIZE_4HAO, 0.0)),
        # Table text has its own exact spacing: the body's 28.95 pt would
        # stretch every row; widow control stays off as in the body.
        _para_style(
            STYLE_TABLE_TEXT,
            f'{table_plain}<w:jc w:val="left"/>',
            _rpr(fonts.table, SIZE_XIAO4, 0.0),
        ),
        _para_style(
            STYLE_TABLE_HEADING,
            f'<w:keepNext/>{table_plain}<w:jc w:val="center"/>',
            _rpr(fonts.table_header, SIZE_XIAO4, 0.0),
            based_on=STYLE_TABLE_TEXT,
        ),
        f'<w:style w:type="table" w:styleId="{style_id(STYLE_TABLE)}"><w:name w:val="{STYLE_TABLE}"/>'
        '<w:basedOn w:val="TableNormal"/><w:qFormat/>'
        f"<w:pPr>{table_plain}</w:pPr>"
        f"{_rpr(fonts.table, SIZE_XIAO4, 0.0)}"
        f'<w:tblPr><w:jc w:val="center"/>{_borders("tblBorders")}'
        f"{_cell_margins()}</w:tblPr>"
        '<w:trPr><w:cantSplit/></w:trPr><w:tcPr><w:vAlign w:val="center"/></w:tcPr></w:style>',
        "</w:styles>",
    ]
    return "".join(parts).encode("utf-8")


@lru_cache(maxsize=16)
def font_table_xml(fonts: FontSettings) -> bytes:
    """Font table naming each face as a GB2312 (charset 86) font with a fallback."""
    entries = []
    for name in fonts.names():
        alt = alt_name(name)
        alt_el = f"<w:altName w:val={quoteattr(alt)}/>" if alt else ""
        entries.append(
            f'<w:font w:name={quoteattr(name)}>{alt_el}<w:charset w:val="86"/>'
            '<w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>'
        )
    entries.append(
        '<w:font w:name="Times New Roman"><w:charset w:val="00"/><w:family w:val="roman"/>'
        '<w:pitch w:val="variable"/></w:font>'
    )
    return (_HEAD.format(root="fonts") + "".join(entries) + "</w:fonts>").encode("utf-8")


SETTINGS_XML = (
    _HEAD.format(root="settings")
    + '<w:zoom w:percent="100"/><w:defaultTabStop w:val="420"/>'
    # Odd/even footers put the page number on the outside edge.
    + "<w:evenAndOddHeaders/>"
    # No punctuation compression: it would change the 28 characters a line.
    + '<w:characterSpacingControl w:val="doNotCompress"/>'
    + '<w:compat><w:compatSetting w:name="compatibilityMode" '
    'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
    + '<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>'
    + '<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/></w:settings>'
).encode("utf-8")
