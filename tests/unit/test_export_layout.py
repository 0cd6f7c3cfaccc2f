"""The official layout, read back with python-docx from the saved bytes."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import astuple

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt

from xiaoneng.export import (
    FontSettings,
    OfficialDocument,
    apply_official_layout,
    get_template,
    heading_number,
    new_document,
)
from xiaoneng.export.layout import (
    INDENT_TWIPS,
    LANDSCAPE,
    LINE_PITCH_PT,
    PORTRAIT,
    em_width,
    geometry_of,
)
from xiaoneng.export.numbering import chinese_numeral

TOLERANCE_MM = 0.5
BODY = "为认真贯彻落实《中华人民共和国安全生产法》，进一步强化安全生产主体责任，本单位郑重承诺。"


def reopen(doc: OfficialDocument) -> docx.document.Document:
    return docx.Document(io.BytesIO(doc.to_bytes()))


def letter() -> OfficialDocument:
    doc = new_document()
    doc.title("安全生产目标责任承诺书", subtitle="（2025年度）")
    doc.heading("总体要求")
    doc.paragraph(BODY)
    doc.heading("具体措施", 2)
    doc.heading("细则", 3)
    doc.heading("条目", 4)
    doc.paragraph(BODY + "\n" + BODY)
    doc.signature_block(
        [("承诺单位（盖章）", ""), ("承诺人（签字）", ""), ("日期", "    年  月  日")]
    )
    return doc


@pytest.fixture(scope="module")
def letter_docx():
    return reopen(letter())


@pytest.fixture(scope="module")
def letter_parts() -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(letter().to_bytes())) as package:
        return {name: package.read(name).decode("utf-8") for name in package.namelist()}


def rfonts(element):
    return element.find(qn("w:rPr")).find(qn("w:rFonts"))


def approx_mm(length, mm: float) -> bool:
    return abs(length.mm - mm) <= TOLERANCE_MM


# -- page ------------------------------------------------------------------------------


def test_page_is_a4_with_official_margins(letter_docx):
    section = letter_docx.sections[0]
    assert section.orientation == WD_ORIENT.PORTRAIT
    assert approx_mm(section.page_width, 210) and approx_mm(section.page_height, 297)
    assert approx_mm(section.top_margin, 37) and approx_mm(section.bottom_margin, 35)
    assert approx_mm(section.left_margin, 28) and approx_mm(section.right_margin, 26)
    assert approx_mm(section.footer_distance, 25)
    assert section.gutter.mm == 0


def test_no_character_grid(letter_docx):
    grid = letter_docx.sections[0]._sectPr.find(qn("w:docGrid"))
    assert grid is None or grid.get(qn("w:type")) is None


# -- fonts, sizes, language ------------------------------------------------------------


def test_body_style_gives_22_lines_of_28_characters(letter_docx):
    normal = letter_docx.styles["Normal"]
    fmt = normal.paragraph_format
    assert fmt.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert fmt.line_spacing == Pt(LINE_PITCH_PT)
    assert fmt.space_before == 0 and fmt.space_after == 0
    assert fmt.first_line_indent == Pt(32)
    assert fmt.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    ind = normal.element.pPr.find(qn("w:ind"))
    assert ind.get(qn("w:firstLineChars")) == "200"
    assert normal.font.size == Pt(16)
    fonts = rfonts(normal.element)
    assert fonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert fonts.get(qn("w:ascii")) == "仿宋_GB2312"
    assert fonts.get(qn("w:hint")) == "eastAsia"
    spacing = normal.element.rPr.find(qn("w:spacing"))
    assert spacing.get(qn("w:val")) == "-5"  # -0.25 pt: 28 characters fit 156 mm
    widow = normal.element.pPr.find(qn("w:widowControl"))
    assert widow is not None and widow.get(qn("w:val")) == "0"  # widow control would break 22 lines
    assert 22 * LINE_PITCH_PT <= 225 / 25.4 * 72 < 23 * LINE_PITCH_PT
    assert 28 * (16 - 0.25) <= 156 / 25.4 * 72 < 29 * (16 - 0.25)


def test_title_runs_and_style(letter_docx):
    title = letter_docx.paragraphs[0]
    assert title.text == "安全生产目标责任承诺书"
    assert title.style.name == "Title"
    style = title.style
    assert style.font.size == Pt(22)
    assert rfonts(style.element).get(qn("w:eastAsia")) == "方正小标宋简体"
    assert style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert style.paragraph_format.first_line_indent == 0
    assert style.element.pPr.find(qn("w:ind")).get(qn("w:firstLineChars")) == "0"
    subtitle, blank = letter_docx.paragraphs[1:3]
    assert subtitle.text == "（2025年度）" and subtitle.style.name == "Subtitle"
    assert blank.text == "" and blank.style.name == "Normal"  # one empty line after the title
    assert letter_docx.core_properties.title == "安全生产目标责任承诺书"


def test_body_runs_inherit_the_body_face(letter_docx):
    body = [p for p in letter_docx.paragraphs if p.text == BODY]
    assert len(body) == 3
    for para in body:
        assert para.style.name == "Normal"
        for run in para.runs:
            # No direct font that could fight the style; the style carries 仿宋 16 pt.
            assert run.font.size is None and run.font.name is None
            assert run.text


def test_headings_fonts_and_numbers(letter_docx):
    texts = {
        p.style.name: p.text for p in letter_docx.paragraphs if p.style.name.startswith("Heading")
    }
    assert texts == {
        "Heading 1": "一、总体要求",
        "Heading 2": "（一）具体措施",
        "Heading 3": "1.细则",
        "Heading 4": "（1）条目",
    }
    faces = {1: "黑体", 2: "楷体_GB2312", 3: "仿宋_GB2312", 4: "仿宋_GB2312"}
    for level, face in faces.items():
        style = letter_docx.styles[f"Heading {level}"]
        assert rfonts(style.element).get(qn("w:eastAsia")) == face
        assert style.font.size == Pt(16)
        assert style.font.bold is False
        assert style.paragraph_format.keep_with_next
        outline = style.element.pPr.find(qn("w:outlineLvl"))
        assert outline.get(qn("w:val")) == str(level - 1)


def test_heading_counters_restart_below_a_higher_level():
    doc = new_document()
    doc.heading("甲")
    doc.heading("子", 2)
    doc.heading("丑", 2)
    doc.heading("乙")
    doc.heading("子", 2)
    doc.heading("不编号", 1, numbered=False)
    texts = [p.text for p in reopen(doc).paragraphs]
    assert texts == ["一、甲", "（一）子", "（二）丑", "二、乙", "（一）子", "不编号"]
    with pytest.raises(ValueError):
        doc.heading("x", 5)
    with pytest.raises(ValueError):
        doc.heading("x", 0, numbered=False)


@pytest.mark.parametrize(
    ("n", "numeral"),
    [(1, "一"), (10, "十"), (11, "十一"), (20, "二十"), (105, "一百零五"), (1010, "一千零一十")],
)
def test_chinese_numerals(n, numeral):
    assert chinese_numeral(n) == numeral


def test_heading_number_formats():
    assert [heading_number(level, 12) for level in (1, 2, 3, 4)] == [
        "十二、",
        "（十二）",
        "12.",
        "（12）",
    ]


def test_no_theme_fonts_left_anywhere(letter_parts):
    for name, xml in letter_parts.items():
        if name.endswith(".xml") and "theme/" not in name:
            assert not re.search(r"w:(ascii|hAnsi|eastAsia|cs)Theme=", xml, re.I), name
            assert "cstheme" not in xml, name


def test_stale_template_parts_are_gone(letter_parts):
    assert "word/stylesWithEffects.xml" not in letter_parts  # theme-font copy Word 2010 reads
    assert "docProps/thumbnail.jpeg" not in letter_parts  # a blank US Letter preview
    assert not any(name.startswith("customXml/") for name in letter_parts)
    assert "python-docx" not in letter_parts["docProps/core.xml"]


def test_language_is_chinese(letter_docx, letter_parts):
    lang = letter_docx.styles.element.find(qn("w:docDefaults")).find(".//" + qn("w:lang"))
    assert lang.get(qn("w:eastAsia")) == "zh-CN"
    assert (
        '<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>' in letter_parts["word/settings.xml"]
    )
    assert 'en-US" w:eastAsia="en-US' not in letter_parts["word/styles.xml"]


# -- page numbers ----------------------------------------------------------------------


def _field_instructions(paragraph) -> list[str]:
    return [el.text.strip() for el in paragraph._p.iter(qn("w:instrText"))]


def test_footer_has_a_page_field_on_the_outside_edge(letter_docx, letter_parts):
    section = letter_docx.sections[0]
    assert letter_docx.settings.odd_and_even_pages_header_footer
    assert "<w:evenAndOddHeaders/>" in letter_parts["word/settings.xml"]
    for footer, align, odd in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT, True),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, False),
    ):
        assert not footer.is_linked_to_previous
        (para,) = footer.paragraphs
        assert _field_instructions(para) == ["PAGE"]
        kinds = [el.get(qn("w:fldCharType")) for el in para._p.iter(qn("w:fldChar"))]
        assert kinds == ["begin", "separate", "end"]
        assert para.text in ("— 1 —", "— 2 —")  # cached value as readers without fields see it
        assert para.paragraph_format.alignment == align
        indent = para.paragraph_format.right_indent if odd else para.paragraph_format.left_indent
        assert indent == Pt(14)  # one character in from the edge
        assert para.style.name == "Footer"
    footer_style = letter_docx.styles["Footer"]
    assert footer_style.font.size == Pt(14)
    assert rfonts(footer_style.element).get(qn("w:eastAsia")) == "宋体"
    assert footer_style.paragraph_format.line_spacing_rule != WD_LINE_SPACING.EXACTLY


# -- sections, breaks, signature -------------------------------------------------------


def test_landscape_section_rotates_page_and_margins():
    doc = new_document()
    doc.paragraph("竖版")
    doc.landscape_section()
    assert doc.geometry.landscape and doc.geometry.text_width == pytest.approx(225)
    doc.table(["序号", "问题描述"], [[1, "灭火器过期"]])
    doc.portrait_section()
    doc.paragraph("再竖版")
    reopened = reopen(doc)
    first, wide, back = reopened.sections
    assert wide.orientation == WD_ORIENT.LANDSCAPE
    assert approx_mm(wide.page_width, 297) and approx_mm(wide.page_height, 210)
    assert approx_mm(wide.top_margin, 28) and approx_mm(wide.bottom_margin, 26)
    assert approx_mm(wide.left_margin, 35) and approx_mm(wide.right_margin, 37)
    assert approx_mm(wide.footer_distance, 16)  # page number keeps its gap to the type area
    assert wide.footer.is_linked_to_previous  # same page numbers continue
    assert astuple(geometry_of(wide)) == pytest.approx(astuple(LANDSCAPE), abs=TOLERANCE_MM)
    assert astuple(geometry_of(first)) == pytest.approx(astuple(PORTRAIT), abs=TOLERANCE_MM)
    assert back.orientation == WD_ORIENT.PORTRAIT and approx_mm(back.page_width, 210)
    assert approx_mm(back.left_margin, 28)
    # The section break sits on the last paragraph: no blank line was added.
    assert [p.text for p in reopened.paragraphs] == ["竖版", "", "再竖版"]


def test_page_break_starts_next_block_on_a_new_page_without_blank_lines():
    doc = new_document()
    doc.paragraph("一")
    doc.page_break()
    doc.paragraph("二")
    doc.page_break()
    doc.table(["表"], [["格"]])
    doc.page_break()  # trailing: no empty page
    reopened = reopen(doc)
    paras = reopened.paragraphs
    assert paras[0].paragraph_format.page_break_before is None
    assert paras[1].text == "二" and paras[1].paragraph_format.page_break_before
    breaks = reopened.element.body.findall(".//" + qn("w:br"))
    assert [b.get(qn("w:type")) for b in breaks] == ["page"]  # before the table only
    # The document must end in a paragraph: a 1 pt spacer after the final table.
    assert len(paras) == 4 and paras[3].text == "" and paras[2].text == ""
    spacing = paras[3]._p.pPr.find(qn("w:spacing"))
    assert spacing.get(qn("w:line")) == "20" and spacing.get(qn("w:lineRule")) == "exact"


def test_final_table_spacer_exists_only_in_the_saved_file():
    doc = new_document()
    doc.table(["表"], [["格"]])
    assert [p.text for p in reopen(doc).paragraphs] == [""]  # body level: the spacer
    doc.paragraph("表后正文")
    texts = [p.text for p in reopen(doc).paragraphs]
    assert texts == ["表后正文"]


def test_signature_block_lines_share_a_left_edge_on_the_right(letter_docx):
    lines = [p for p in letter_docx.paragraphs if p.style.name == "Signature Line"]
    assert [p.text for p in lines] == [
        "承诺单位（盖章）：",
        "承诺人（签字）：",
        "日期：    年  月  日",
    ]
    indents = {p.paragraph_format.left_indent for p in lines}
    assert len(indents) == 1
    indent_pt = indents.pop().pt
    widest = max(em_width(p.text) for p in lines) * 15.75
    right_gap = 156 / 25.4 * 72 - indent_pt - widest
    assert right_gap == pytest.approx(4 * 15.75, abs=1)  # 右空四字
    assert [p.paragraph_format.keep_with_next for p in lines] == [True, True, None]
    assert lines[0]._p.getprevious() is not None  # a blank line before the block


def test_signature_label_punctuation_and_long_values():
    doc = new_document()
    doc.signature_block(
        [("承诺人：", "张三"), ("", "2025年3月1日"), ("单位", "很长" * 100)], gap_lines=0
    )
    paras = reopen(doc).paragraphs
    assert [p.text for p in paras][:2] == ["承诺人：张三", "2025年3月1日"]
    assert all(p.paragraph_format.left_indent == 0 for p in paras)  # too wide: starts at margin


def test_paragraph_splits_lines_and_honours_indent_and_align():
    doc = new_document()
    doc.paragraph("第一段\n\n第二段\r\n")
    doc.paragraph("不缩进", indent=False, align="center")
    doc.meta_line("时间：2025年3月1日")
    doc.blank_line()
    with pytest.raises(ValueError, match="对齐"):
        doc.paragraph("x", align="middle")
    paras = reopen(doc).paragraphs
    assert [p.text for p in paras] == ["第一段", "第二段", "不缩进", "时间：2025年3月1日", ""]
    assert paras[2].style.name == "Body No Indent"
    assert paras[2].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert paras[2].style.paragraph_format.first_line_indent == 0


# -- template --------------------------------------------------------------------------


def test_documents_from_the_template_are_independent():
    first = new_document()
    first.paragraph("只在第一份")
    first.landscape_section()
    second = new_document()
    assert reopen(second).paragraphs == []
    assert len(reopen(second).sections) == 1
    assert get_template() is get_template(FontSettings())


def test_prepared_template_matches_a_freshly_styled_document():
    fresh = docx.Document()
    apply_official_layout(fresh)
    prepared = get_template().new_docx()
    for part_of in (lambda d: d.styles.element, lambda d: d.settings.element):
        assert part_of(fresh).xml == part_of(prepared).xml
    assert fresh.element.body.xml == prepared.element.body.xml
    built = OfficialDocument(fresh)
    built.paragraph("正文")
    assert reopen(built).paragraphs[0].text == "正文"


def test_save_writes_atomically_and_creates_folders(tmp_path):
    doc = letter()
    target = doc.save(tmp_path / "a" / "b" / "承诺书.docx")
    assert target.is_file()
    assert docx.Document(str(target)).paragraphs[0].text == "安全生产目标责任承诺书"
    assert sorted(p.name for p in target.parent.iterdir()) == ["承诺书.docx"]
    assert INDENT_TWIPS == 640
