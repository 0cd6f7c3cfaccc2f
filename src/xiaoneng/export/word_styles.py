"""A document's paragraph styles as the page model reads them back.

`Styles` resolves the styles part through basedOn, then what a paragraph's
own properties (w:pPr) and a run's (w:rPr) change: the font size, character
spacing, exact line height, first-line and side indents, keep-with-next,
keep-lines and a page break before. Those properties repeat: every cell of a
table column has the same pPr, nearly every run the same rPr. So each
distinct one is resolved once per styles part, keyed by its XML; measuring a
long table's rows spent some 40% of its time resolving them again.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from lxml import etree

from xiaoneng.export.layout import qn

_VAL = qn("w:val")
_KEPT = 4096  # distinct pPr / rPr resolved and kept (a few dozen in practice)


@dataclass
class Style:
    size: float = 10.5
    spacing: float = 0.0
    line: float | None = None  # exact line height
    first_indent: float = 0.0
    keep_next: bool = False
    keep_lines: bool = False


@dataclass(frozen=True)
class Paragraph:
    """What a paragraph's own properties make of its style."""

    style: Style
    mark_size: float  # the paragraph mark's size: an empty paragraph's line
    side_indent: float  # left + right indent, pt
    break_before: bool


def twips_of(el: Any, attr: str, default: float = 0.0) -> float:
    """A length attribute (in twips) in pt."""
    if el is None:
        return default
    value = el.get(qn(attr))
    return int(value) / 20 if value not in (None, "") else default


def is_on(el: Any) -> bool:
    return el is not None and el.get(_VAL) not in ("0", "false", "off")


def apply_ppr(style: Style, ppr: Any) -> None:
    if ppr is None:
        return
    spacing = ppr.find(qn("w:spacing"))
    if spacing is not None and spacing.get(qn("w:line")):
        rule = spacing.get(qn("w:lineRule"))
        value = int(spacing.get(qn("w:line"))) / 20
        style.line = value if rule in ("exact", "atLeast") else None
    ind = ppr.find(qn("w:ind"))
    if ind is not None and ind.get(qn("w:firstLine")) is not None:
        style.first_indent = twips_of(ind, "w:firstLine")
    if (el := ppr.find(qn("w:keepNext"))) is not None:
        style.keep_next = is_on(el)
    if (el := ppr.find(qn("w:keepLines"))) is not None:
        style.keep_lines = is_on(el)


def apply_rpr(style: Style, rpr: Any) -> None:
    if rpr is None:
        return
    if (sz := rpr.find(qn("w:sz"))) is not None:
        style.size = int(sz.get(_VAL)) / 2
    if (sp := rpr.find(qn("w:spacing"))) is not None:
        style.spacing = int(sp.get(_VAL)) / 20


class Styles:
    """Paragraph styles of the document resolved through basedOn."""

    def __init__(self, styles_root: Any) -> None:
        self._els = {
            s.get(qn("w:styleId")): s
            for s in styles_root.iter(qn("w:style"))
            if s.get(qn("w:type")) == "paragraph"
        }
        self._base = Style()
        defaults = styles_root.find(qn("w:docDefaults"))
        if defaults is not None:
            apply_rpr(self._base, defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}"))
            apply_ppr(self._base, defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}"))
        self._cache: dict[str, Style] = {}
        self._paragraphs: dict[bytes, Paragraph] = {}
        self._runs: dict[tuple[bytes, float, float], tuple[float, float]] = {}
        self.default_id = next(
            (k for k, s in self._els.items() if s.get(qn("w:default")) in ("1", "true")), ""
        )

    def get(self, style_id: str | None) -> Style:
        key = style_id or self.default_id
        if key not in self._cache:
            el = self._els.get(key)
            based = el.find(qn("w:basedOn")) if el is not None else None
            parent = self.get(based.get(_VAL)) if based is not None else self._base
            style = replace(parent)
            if el is not None:
                apply_ppr(style, el.find(qn("w:pPr")))
                apply_rpr(style, el.find(qn("w:rPr")))
            self._cache[key] = style
        return self._cache[key]

    def paragraph(self, ppr: Any) -> Paragraph:
        """The style a paragraph with properties `ppr` (or None) has (shared: read-only)."""
        key = etree.tostring(ppr) if ppr is not None else b""
        found = self._paragraphs.get(key)
        if found is None:
            pstyle = ppr.find(qn("w:pStyle")) if ppr is not None else None
            style = replace(self.get(pstyle.get(_VAL) if pstyle is not None else None))
            apply_ppr(style, ppr)
            mark = Style(size=style.size, spacing=style.spacing)
            apply_rpr(mark, ppr.find(qn("w:rPr")) if ppr is not None else None)
            ind = ppr.find(qn("w:ind")) if ppr is not None else None
            side = twips_of(ind, "w:left") + twips_of(ind, "w:right")
            before = is_on(ppr.find(qn("w:pageBreakBefore"))) if ppr is not None else False
            if len(self._paragraphs) >= _KEPT:
                self._paragraphs.clear()
            found = self._paragraphs[key] = Paragraph(style, mark.size, side, before)
        return found

    def run(self, rpr: Any, style: Style) -> tuple[float, float]:
        """(size, spacing) of a run with properties `rpr` in a paragraph of `style`."""
        key = (etree.tostring(rpr) if rpr is not None else b"", style.size, style.spacing)
        found = self._runs.get(key)
        if found is None:
            run = Style(size=style.size, spacing=style.spacing)
            apply_rpr(run, rpr)
            if len(self._runs) >= _KEPT:
                self._runs.clear()
            found = self._runs[key] = (run.size, run.spacing)
        return found
