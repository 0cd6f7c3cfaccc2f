"""承诺书: a signed commitment letter, or a blank one to sign on paper.

Title, preamble, numbered commitments, term and closing, then the signature
block the paper copy is stamped and signed in (承诺单位（盖章）, 承诺人（签字）,
日期) and, for a letter signed in the program, small lines naming the
electronic signature's time, its ledger entry and the record number.

The block and the notes stay on the page with the end of the text, and a
letter keeps to two pages (一式两份, one sheet printed on both sides): when the
standard 22 x 28 grid would need a third page, the body goes to a denser grid
of the same type area (4号, then 小四).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from xiaoneng.export.common import LedgerHead, Signature, head_note, signature_text
from xiaoneng.export.document import OfficialDocument, new_document
from xiaoneng.export.fonts import FontSettings
from xiaoneng.export.layout import DENSE, DENSER, STANDARD, BodyGrid
from xiaoneng.export.numbering import chinese_numeral
from xiaoneng.model.checklist import FilledLetter
from xiaoneng.model.dates import BLANK_DATE, cn_date
from xiaoneng.model.record_numbers import RecordNumber
from xiaoneng.model.records import Letter

MAX_PAGES = 2
GRIDS: Sequence[BodyGrid] = (STANDARD, DENSE, DENSER)

# A clause that already carries its own number: 一、 / （一） / 1. / 1、 / (1)
_NUMBERED = re.compile(
    r"^\s*(?:[一二三四五六七八九十百]+、|（[一二三四五六七八九十]+）|\d+[.、．]|[(（]\d+[)）])"
)
BLANK_NOTE = "（空白承诺书：打印后由承诺人手写签名、填写日期，并加盖单位公章。）"


def _number(clauses: tuple[str, ...] | list[str]) -> list[str]:
    """Clauses as 一、…; clauses numbered by the template keep their own numbers."""
    if any(_NUMBERED.match(c) for c in clauses):
        return list(clauses)
    return [f"{chinese_numeral(i)}、{c.strip()}" for i, c in enumerate(clauses, start=1)]


def _body(
    doc: OfficialDocument,
    *,
    title: str,
    preamble: str,
    clauses: tuple[str, ...] | list[str],
    term: str,
    closing: str,
    subtitle: str | None,
) -> None:
    doc.title(title, subtitle=subtitle)
    if preamble.strip():
        doc.paragraph(preamble)
    for clause in _number(clauses):
        doc.paragraph(clause)
    if term.strip():
        doc.paragraph(term)
    if closing.strip():
        doc.paragraph(closing)


def _fitted(
    write: Callable[[OfficialDocument], None],
    fonts: FontSettings | None,
    doc: OfficialDocument | None,
) -> OfficialDocument:
    """The letter on the first grid that keeps it to MAX_PAGES (or the densest)."""
    if doc is not None:  # written into a given document (benchmarks): as it is
        write(doc)
        return doc
    for grid in GRIDS:
        doc = new_document(fonts, grid)
        write(doc)
        if doc.page_count() <= MAX_PAGES:
            break
    assert doc is not None
    return doc


def commitment_letter(
    letter: Letter,
    *,
    unit_name: str,
    signer_name: str,
    signature: Signature | None,
    number: RecordNumber | None = None,
    head: LedgerHead | None = None,
    fonts: FontSettings | None = None,
    doc: OfficialDocument | None = None,
) -> OfficialDocument:
    """The letter exactly as signed, with the unit, the date and the ledger line.

    The 承诺人（签字） line stays blank for the ink signature; the electronic
    signature is named in the note below the block.
    """

    def write(doc: OfficialDocument) -> None:
        _body(
            doc,
            title=letter.title,
            preamble=letter.preamble,
            clauses=letter.clauses,
            term=letter.term,
            closing=letter.closing,
            subtitle=None,
        )
        with doc.kept_together():
            doc.signature_block(
                [
                    ("承诺单位（盖章）", unit_name),
                    ("承诺人（签字）", ""),
                    ("日期", cn_date(letter.signed_at)),
                ],
                gap_lines=2,
            )
            doc.blank_line()
            doc.note(signature_text(signature))
            version = letter.template.get("version", "")
            numbered = f"记录编号：{number}；" if number else ""
            doc.note(f"{numbered}签署人：{signer_name}；承诺书文本为第 {version} 版。")
            head_note(doc, head)

    return _fitted(write, fonts, doc)


def blank_letter(
    filled: FilledLetter,
    *,
    unit_name: str,
    fonts: FontSettings | None = None,
    doc: OfficialDocument | None = None,
) -> OfficialDocument:
    """A letter not yet signed in the program, printed to be signed by hand."""

    def write(doc: OfficialDocument) -> None:
        _body(
            doc,
            title=filled.title,
            preamble=filled.preamble,
            clauses=filled.clauses,
            term=filled.term,
            closing=filled.closing,
            subtitle=None,
        )
        with doc.kept_together():
            doc.signature_block(
                [("承诺单位（盖章）", unit_name), ("承诺人（签字）", ""), ("日期", BLANK_DATE)],
                gap_lines=2,
            )
            doc.blank_line()
            doc.note(BLANK_NOTE)

    return _fitted(write, fonts, doc)


def letter_file_parts(number: RecordNumber, unit_name: str, signer_name: str) -> tuple[str, ...]:
    """File name parts: the record number, then unit and signer for people to read."""
    return (str(number), unit_name, signer_name)


def blank_file_parts(year: int, unit_name: str, signer_name: str, title: str) -> tuple[str, ...]:
    """A blank letter has no record number yet: kind, year, unit, signer and its title."""
    return (f"承诺书〔{year}〕空白待签", unit_name, signer_name, title)
