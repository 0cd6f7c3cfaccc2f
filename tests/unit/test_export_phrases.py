"""Lines that break between phrases only (OfficialDocument.phrase_lines): a
sign-in sheet's count once wrapped as 请假 4 / 人; each line it writes now
fits on one printed line, and the phrases are all there, in order."""

from __future__ import annotations

import io

import docx
import pytest

from xiaoneng.export import new_document
from xiaoneng.export.measure import Span, break_lines

COUNTS = (
    "应到 408 人，",
    "实到 396 人（其中补签 12 人、代签 10 人），",
    "请假 104 人，",
    "缺席 100 人（其中未登记 16 人）。",
)


def _lines(doc) -> list[str]:
    buf = io.BytesIO()
    doc.docx.save(buf)
    return [p.text for p in docx.Document(buf).paragraphs if p.text]


def _fits(doc, text: str) -> bool:
    room = doc.geometry.text_width / 25.4 * 72
    return len(break_lines([Span(text, doc.grid.size, doc.grid.spacing)], room)) == 1


@pytest.mark.parametrize("landscape", [False, True])
def test_every_line_fits_and_breaks_only_between_phrases(landscape):
    doc = new_document()
    if landscape:
        doc.landscape_section()
    paras = doc.phrase_lines(COUNTS)
    lines = [p.text for p in paras]
    assert "".join(lines) == "".join(COUNTS)
    assert all(_fits(doc, line) for line in lines), lines
    bounds = {sum(map(len, COUNTS[: n + 1])) for n in range(len(COUNTS))}
    ends = {sum(map(len, lines[: n + 1])) for n in range(len(lines))}
    assert ends <= bounds  # every line ends where a phrase ends
    assert 1 < len(lines) < len(COUNTS)  # too long for one line; phrases share lines
    assert _lines(doc)[-len(lines) :] == lines


def test_short_phrases_share_one_line_and_a_long_one_stands_alone():
    doc = new_document()
    long = "很长的一句" * 12 + "。"
    paras = doc.phrase_lines(("应到 5 人，", "实到 5 人。", long, "完。"))
    assert [p.text for p in paras] == ["应到 5 人，实到 5 人。", long, "完。"]
