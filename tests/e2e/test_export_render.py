"""Render exported documents with LibreOffice and check what a reader would see.

All documents are converted in one soffice run (module fixture): start-up is
most of the cost. Skips without LibreOffice unless CI is set (then it fails).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from render.harness import Page, pdf_pages_words, pdf_text, render_pdfs, require_renderer

from xiaoneng.export import new_document, safe_filename

PT_PER_MM = 72 / 25.4
TYPE_LEFT = 28 * PT_PER_MM
TYPE_RIGHT = (210 - 26) * PT_PER_MM
TYPE_TOP = 37 * PT_PER_MM
TYPE_BOTTOM = (297 - 35) * PT_PER_MM
# 10 characters, no punctuation: line breaks fall exactly every 28 characters.
PLAIN = "安全生产责任重于泰山"
TITLE = "安全生产目标责任承诺书"
CLAUSE = "为认真贯彻落实《中华人民共和国安全生产法》，进一步强化安全生产主体责任，本单位郑重承诺。"
HOSTILE_NAME = "张三/../李四\\王五:*?\x00\x07\x0b\u202e\u200f😀👩‍👩‍👧"
LONG_FIELD = "长" * 5000 + "x" * 5000


def build_letter() -> object:
    doc = new_document()
    doc.title(TITLE, subtitle="（2025年度）")
    doc.heading("总体要求")
    doc.paragraph(CLAUSE)
    for _ in range(12):
        doc.paragraph(PLAIN * 20)  # 200 characters: 8 lines a paragraph
    doc.signature_block(
        [("承诺单位（盖章）", ""), ("承诺人（签字）", ""), ("日期", "    年  月  日")]
    )
    return doc


def build_hostile() -> object:
    doc = new_document()
    doc.title(f"承诺书{HOSTILE_NAME}")
    doc.meta_line(f"承诺人甲：{HOSTILE_NAME}")
    doc.paragraph("第一行\x0b第二行\x0c第三行\x00\x1f\ufffe\ud800结束标记乙")
    doc.paragraph(LONG_FIELD)
    doc.table(["姓名", "说明"], [[HOSTILE_NAME, LONG_FIELD], ["丙丁", "\u200fمرحبا 😀"]], [40, 100])
    doc.signature_block([("承诺人（签字）", HOSTILE_NAME)])
    return doc


def build_ledger() -> object:
    doc = new_document()
    doc.title("问题整改台账")
    doc.landscape_section()
    headers = ["序号", "发现时间", "部位或事项", "发现方式", "问题描述", "类别与等级", "整改措施"]
    headers += ["责任人", "整改期限", "进度", "复查人", "复查日期", "销号"]
    rows = [
        [i, "2025-03-01", "二楼配电间", "自查", "灭火器过期未更换", "一般", "立即更换"]
        + ["李四", "2025-03-10", "完成", "王五", "2025-03-11", "是"]
        for i in range(1, 61)
    ]
    widths = [10, 22, 22, 14, 30, 14, 24, 14, 22, 12, 14, 22, 10]  # 230 mm: shrunk to 225
    doc.table(headers, rows, widths, font_size_pt=10.5)
    return doc


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, Path]:
    require_renderer()
    folder = tmp_path_factory.mktemp("render")
    builders = {"letter": build_letter, "hostile": build_hostile, "ledger": build_ledger}
    paths = {}
    for key, build in builders.items():
        name = safe_filename(key, HOSTILE_NAME) if key == "hostile" else f"{key}.docx"
        paths[key] = build().save(folder / name)
    rendered = render_pdfs(list(paths.values()), folder / "pdf")
    return dict(zip(paths, rendered, strict=True))


@pytest.fixture(scope="module")
def letter_pages(pdfs) -> list[Page]:
    return pdf_pages_words(pdfs["letter"])


def page_number_line(page: Page):
    """The words printed below the type area (the footer)."""
    return [w for w in page.words if w.y0 > TYPE_BOTTOM]


def body_lines(page: Page):
    return [line for line in page.lines() if line[0].y1 <= TYPE_BOTTOM + 1]


def test_title_is_the_first_line_of_page_one_and_centred(letter_pages):
    first = body_lines(letter_pages[0])[0]
    assert "".join(w.text for w in first) == TITLE
    centre = (first[0].x0 + first[-1].x1) / 2
    assert centre == pytest.approx((TYPE_LEFT + TYPE_RIGHT) / 2, abs=4)
    assert first[0].y0 >= TYPE_TOP - 2


def test_page_numbers_on_the_outside_edge(letter_pages):
    assert len(letter_pages) >= 2
    for number, page in enumerate(letter_pages, start=1):
        words = page_number_line(page)
        assert " ".join(w.text for w in words) == f"— {number} —"
        if number % 2:  # odd: right, one character (14 pt) in from the margin
            assert words[-1].x1 == pytest.approx(TYPE_RIGHT - 14, abs=3)
        else:
            assert words[0].x0 == pytest.approx(TYPE_LEFT + 14, abs=3)
        # About 7 mm below the type area (PITFALLS), measured to the dash's middle.
        middle_mm = ((words[0].y0 + words[0].y1) / 2 - TYPE_BOTTOM) / PT_PER_MM
        assert 5 <= middle_mm <= 9


def test_a_full_page_holds_22_lines_of_28_characters(letter_pages):
    page = letter_pages[1]  # page two is body text only
    lines = body_lines(page)
    assert len(lines) == 22
    texts = ["".join(w.text for w in line) for line in lines]
    full = [t for t in texts if set(t) <= set(PLAIN) and len(t) > 26]
    assert full and all(len(t) == 28 for t in full), texts
    pitches = [b[0].y1 - a[0].y1 for a, b in zip(lines, lines[1:], strict=False)]
    assert all(p == pytest.approx(28.95, abs=0.2) for p in pitches)


def test_chinese_text_is_intact(pdfs):
    text = "".join(pdf_text(pdfs["letter"]).split())
    assert CLAUSE in text
    assert "（一）" not in text and "一、总体要求" in text
    assert "承诺单位（盖章）：" in text and "年月日" in text


def test_hostile_document_renders(pdfs):
    pages = pdf_pages_words(pdfs["hostile"])
    assert len(pages) > 3  # the 10,000-character field spans pages
    text = "".join(pdf_text(pdfs["hostile"]).split())
    assert "承诺人甲：张三/../李四\\王五:*?" in text
    assert "第一行" in text and "第二行" in text and "结束标记乙" in text
    assert "长" * 200 in text and "丙丁" in text
    assert pdfs["hostile"].name.startswith("hostile_张三_.._李四_王五")


def test_landscape_ledger_repeats_its_header_on_every_page(pdfs):
    pages = pdf_pages_words(pdfs["ledger"])
    portrait, *landscape = pages
    assert portrait.width < portrait.height
    assert len(landscape) >= 2
    for page in landscape:
        assert page.width > page.height
        # Header cells wrap in narrow columns: look at the top printed lines.
        top = "".join(w.text for line in page.lines()[:4] for w in line)
        for label in ("序", "号", "发现时间", "问题描述", "复查日期", "销"):
            assert label in top, top
    text = "".join(pdf_text(pdfs["ledger"]).split())
    assert text.count("立即更换") == 60  # every row printed once
