"""Low-level w:p / w:r construction shared by the building blocks and tables.

Built straight with lxml: going through python-docx's `add_paragraph(style=…)`
looks the style up by name on every call, which dominates bulk export time.
Every text passes through clean_text here, so no caller can skip it.
"""

from __future__ import annotations

import copy

from docx.oxml import OxmlElement
from lxml import etree

from xiaoneng.export.layout import half_points, qn, twips
from xiaoneng.export.styles import STYLE_NO_INDENT, style_id
from xiaoneng.export.textsafe import clean_text

_W_T = qn("w:t")
_W_R = qn("w:r")
_W_BR = qn("w:br")
_W_TAB = qn("w:tab")
_W_VAL = qn("w:val")
_XML_SPACE = qn("xml:space")
_ALIGN = {"left": "left", "center": "center", "right": "right", "justify": "both", "both": "both"}


def check_align(align: str | None) -> str | None:
    if align is None:
        return None
    try:
        return _ALIGN[align]
    except KeyError:
        raise ValueError(f"对齐方式应为 {'/'.join(_ALIGN)} 之一，实际是 {align!r}") from None


def run_properties(size_pt: float | None) -> etree._Element | None:
    if size_pt is None:
        return None
    rpr = OxmlElement("w:rPr")
    hp = str(half_points(size_pt))
    etree.SubElement(rpr, qn("w:sz"), {_W_VAL: hp})
    etree.SubElement(rpr, qn("w:szCs"), {_W_VAL: hp})
    return rpr


def append_text(p: etree._Element, text: object, rpr: etree._Element | None = None) -> None:
    """Append `text` to paragraph `p` as one run; \\n becomes a line break, \\t a tab."""
    text = clean_text(text)
    if not text:
        return
    r = etree.SubElement(p, _W_R)
    if rpr is not None:
        r.append(_copy(rpr))
    for i, line in enumerate(text.split("\n")):
        if i:
            etree.SubElement(r, _W_BR)
        for j, chunk in enumerate(line.split("\t")):
            if j:
                etree.SubElement(r, _W_TAB)
            if chunk:
                t = etree.SubElement(r, _W_T)
                t.text = chunk
                if chunk[0].isspace() or chunk[-1].isspace():
                    t.set(_XML_SPACE, "preserve")


def _copy(el: etree._Element) -> etree._Element:
    # Runs share properties by value: one element cannot have two parents.
    return copy.deepcopy(el)


def make_paragraph(
    style: str,
    text: object = "",
    *,
    align: str | None = None,
    page_break_before: bool = False,
    keep_next: bool = False,
    rpr: etree._Element | None = None,
    line_pt: float | None = None,
) -> etree._Element:
    """A w:p in paragraph style `style` (a style name) holding `text`;
    `line_pt` overrides the style's line height (exact)."""
    p = OxmlElement("w:p")
    ppr = etree.SubElement(p, qn("w:pPr"))
    etree.SubElement(ppr, qn("w:pStyle"), {_W_VAL: style_id(style)})
    # Children in schema order: pStyle, keepNext, pageBreakBefore, spacing, ..., jc, ..., rPr.
    if keep_next:
        etree.SubElement(ppr, qn("w:keepNext"))
    if page_break_before:
        etree.SubElement(ppr, qn("w:pageBreakBefore"))
    if line_pt is not None:
        etree.SubElement(
            ppr, qn("w:spacing"), {qn("w:line"): str(twips(line_pt)), qn("w:lineRule"): "exact"}
        )
    jc = check_align(align)
    if jc is not None:
        etree.SubElement(ppr, qn("w:jc"), {_W_VAL: jc})
    if rpr is not None:
        ppr.append(_copy(rpr))  # paragraph mark size keeps empty cells/lines the same height
    append_text(p, text, rpr)
    return p


def add_keep_next(p: etree._Element) -> None:
    """Keep paragraph `p` on the page of the next one (keepNext, in schema order)."""
    ppr = p.find(qn("w:pPr"))
    if ppr is None:
        ppr = etree.SubElement(p, qn("w:pPr"))
        p.insert(0, ppr)
    if ppr.find(qn("w:keepNext")) is not None:
        return
    keep = OxmlElement("w:keepNext")
    style = ppr.find(qn("w:pStyle"))
    if style is not None:
        style.addnext(keep)
    else:
        ppr.insert(0, keep)


def set_left_indent(p: etree._Element, twips_value: int) -> None:
    """Direct left indent, inserted in schema order (before jc/rPr)."""
    ppr = p.find(qn("w:pPr"))
    ind = OxmlElement("w:ind", {qn("w:left"): str(max(0, twips_value))})
    anchor = None
    for tag in ("w:jc", "w:outlineLvl", "w:rPr", "w:sectPr"):
        anchor = ppr.find(qn(tag))
        if anchor is not None:
            break
    if anchor is None:
        ppr.append(ind)
    else:
        anchor.addprevious(ind)


def make_spacer_paragraph() -> etree._Element:
    """A 1 pt high empty paragraph.

    Word and LibreOffice need a paragraph after a table that ends a section or
    the document (LibreOffice otherwise drops the section's page setup); at
    full line height it could spill onto an extra blank page.
    """
    p = make_paragraph(STYLE_NO_INDENT, rpr=run_properties(1.0))
    ppr = p.find(qn("w:pPr"))
    spacing = OxmlElement("w:spacing", {qn("w:line"): "20", qn("w:lineRule"): "exact"})
    ppr.find(qn("w:pStyle")).addnext(spacing)
    return p
