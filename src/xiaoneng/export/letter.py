"""承诺书: a signed commitment letter, or a blank one to sign on paper.

Title, preamble, numbered commitments, term and closing, then the signature
block the paper copy is stamped and signed in (承诺单位（盖章）, 承诺人（签字）,
日期) and, for a letter signed in the program, one small line naming the
electronic signature's time and its ledger entry.
"""

from __future__ import annotations

import re

from xiaoneng.export.common import Signature, signature_text, small_note, start
from xiaoneng.export.document import OfficialDocument
from xiaoneng.export.fonts import FontSettings
from xiaoneng.export.numbering import chinese_numeral
from xiaoneng.model.checklist import FilledLetter
from xiaoneng.model.dates import BLANK_DATE, cn_date
from xiaoneng.model.records import Letter

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


def commitment_letter(
    letter: Letter,
    *,
    unit_name: str,
    signer_name: str,
    signature: Signature | None,
    fonts: FontSettings | None = None,
    doc: OfficialDocument | None = None,
) -> OfficialDocument:
    """The letter exactly as signed, with the unit, the date and the ledger line.

    The 承诺人（签字） line stays blank for the ink signature; the electronic
    signature is named in the note below the block.
    """
    doc = start(doc, fonts)
    _body(
        doc,
        title=letter.title,
        preamble=letter.preamble,
        clauses=letter.clauses,
        term=letter.term,
        closing=letter.closing,
        subtitle=None,
    )
    doc.signature_block(
        [
            ("承诺单位（盖章）", unit_name),
            ("承诺人（签字）", ""),
            ("日期", cn_date(letter.signed_at)),
        ],
        gap_lines=2,
    )
    doc.blank_line()
    version = letter.template.get("version", "")
    small_note(doc, signature_text(signature))
    small_note(
        doc,
        f"签署人：{signer_name}；模板：{letter.template.get('id', '')}（第 {version} 版）；"
        f"记录编号：{letter.id}。",
    )
    return doc


def blank_letter(
    filled: FilledLetter,
    *,
    unit_name: str,
    fonts: FontSettings | None = None,
    doc: OfficialDocument | None = None,
) -> OfficialDocument:
    """A letter not yet signed in the program, printed to be signed by hand."""
    doc = start(doc, fonts)
    _body(
        doc,
        title=filled.title,
        preamble=filled.preamble,
        clauses=filled.clauses,
        term=filled.term,
        closing=filled.closing,
        subtitle=None,
    )
    doc.signature_block(
        [("承诺单位（盖章）", unit_name), ("承诺人（签字）", ""), ("日期", BLANK_DATE)],
        gap_lines=2,
    )
    doc.blank_line()
    small_note(doc, BLANK_NOTE)
    return doc


def letter_file_parts(letter: Letter, unit_name: str, signer_name: str) -> tuple[str, ...]:
    """File name parts: kind, year, unit, signer and the template (one file per letter)."""
    return ("承诺书", str(letter.year), unit_name, signer_name, letter.template.get("id", ""))


def blank_file_parts(
    year: int, unit_name: str, signer_name: str, template_id: str
) -> tuple[str, ...]:
    return ("承诺书", str(year), unit_name, signer_name, template_id, "空白待签")
