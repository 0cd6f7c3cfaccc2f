"""Ruled tables: style, widths, repeated header, rows kept whole, contents."""

from __future__ import annotations

import io

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt

from xiaoneng.export import new_document
from xiaoneng.export.tables import column_widths

HEADERS = ["序号", "姓名", "部门", "职务", "签到时间", "签名"]
WIDTHS = [12, 25, 35, 25, 30, 29]


def reopen(doc):
    return docx.Document(io.BytesIO(doc.to_bytes()))


def sign_in_sheet(rows=3, **kwargs):
    doc = new_document()
    doc.title("学习签到表")
    body = [[i, f"张{i}", "办公室", "科员", "09:00", ""] for i in range(1, rows + 1)]
    doc.table(HEADERS, body, WIDTHS, **kwargs)
    return reopen(doc)


def tr_flags(row) -> set[str]:
    trpr = row._tr.trPr
    return set() if trpr is None else {child.tag.split("}")[1] for child in trpr}


def grid_mm(table) -> list[float]:
    return [int(col.get(qn("w:w"))) / 1440 * 25.4 for col in table._tbl.tblGrid]


def test_table_has_its_own_style_fixed_layout_and_widths():
    (table,) = sign_in_sheet().tables
    assert table.style.name == "Official Table"
    tblpr = table._tbl.tblPr
    assert tblpr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    assert tblpr.find(qn("w:jc")).get(qn("w:val")) == "center"
    assert grid_mm(table) == pytest.approx(WIDTHS, abs=0.5)
    for row in table.rows:
        widths = [int(tc.tcPr.find(qn("w:tcW")).get(qn("w:w"))) for tc in row._tr.tc_lst]
        assert [w / 1440 * 25.4 for w in widths] == pytest.approx(WIDTHS, abs=0.5)


def test_single_half_point_lines_all_round():
    (table,) = sign_in_sheet().tables
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    sides = {child.tag.split("}")[1]: child for child in borders}
    assert set(sides) == {"top", "left", "bottom", "right", "insideH", "insideV"}
    for border in sides.values():
        assert border.get(qn("w:val")) == "single" and border.get(qn("w:sz")) == "4"
    style_borders = table.style.element.find(qn("w:tblPr")).find(qn("w:tblBorders"))
    assert style_borders is not None and len(style_borders) == 6


def test_header_repeats_and_rows_do_not_split():
    (table,) = sign_in_sheet(rows=40).tables
    header, *rows = table.rows
    assert {"tblHeader", "cantSplit"} <= tr_flags(header)
    for row in rows:
        assert "cantSplit" in tr_flags(row) and "tblHeader" not in tr_flags(row)


def test_contents_read_back():
    (table,) = sign_in_sheet().tables
    assert [c.text for c in table.rows[0].cells] == HEADERS
    assert [c.text for c in table.rows[2].cells] == ["2", "张2", "办公室", "科员", "09:00", ""]
    assert len(table.rows) == 4


def test_table_text_is_smaller_exactly_spaced_and_unindented():
    document = sign_in_sheet()
    (table,) = document.tables
    head = table.cell(0, 0).paragraphs[0]
    cell = table.cell(1, 1).paragraphs[0]
    assert head.style.name == "Table Heading" and cell.style.name == "Table Text"
    text_style = document.styles["Table Text"]
    fmt = text_style.paragraph_format
    # Exact lines 1.3 times the size: rows as high in Word with 仿宋 as in LibreOffice.
    assert fmt.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert fmt.line_spacing == Pt(15.6)
    assert fmt.first_line_indent == 0
    assert text_style.font.size == Pt(12)
    rfonts = text_style.element.rPr.find(qn("w:rFonts"))
    assert rfonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    head_fonts = document.styles["Table Heading"].element.rPr.find(qn("w:rFonts"))
    assert head_fonts.get(qn("w:eastAsia")) == "黑体"
    assert text_style.element.rPr.find(qn("w:spacing")).get(qn("w:val")) == "0"


def test_widths_default_to_equal_shares_and_shrink_to_fit():
    doc = new_document()
    doc.table(["甲", "乙", "丙", "丁"], [])
    doc.table(["甲", "乙"], [], [200, 100])
    doc.landscape_section()
    doc.table(["甲", "乙"], [], [300, 100])
    first, shrunk, wide = reopen(doc).tables
    assert grid_mm(first) == pytest.approx([39] * 4, abs=0.5)
    assert grid_mm(shrunk) == pytest.approx([104, 52], abs=0.5)  # 156 mm type area
    assert grid_mm(wide) == pytest.approx([168.75, 56.25], abs=0.5)  # 225 mm landscape


def test_bad_shapes_are_refused_with_chinese_messages():
    doc = new_document()
    with pytest.raises(ValueError, match="列宽"):
        doc.table(["甲", "乙"], [], [10])
    with pytest.raises(ValueError, match="列宽"):
        doc.table(["甲", "乙"], [], [10, 0])
    with pytest.raises(ValueError, match="第 2 行"):
        doc.table(["甲"], [["1"], ["1", "2"]])
    with pytest.raises(ValueError, match="表头"):
        doc.table([], [])
    with pytest.raises(ValueError, match="对齐"):
        doc.table(["甲"], [["1"]], aligns=["middle"])
    with pytest.raises(ValueError, match="对齐方式"):
        doc.table(["甲", "乙"], [["1"]], aligns=["left"])


def test_short_rows_are_padded_and_values_stringified():
    doc = new_document()
    doc.table(["甲", "乙", "丙"], [[1], [None, 2.5, "a\nb"]])
    (table,) = reopen(doc).tables
    assert [c.text for c in table.rows[1].cells] == ["1", "", ""]
    assert [c.text for c in table.rows[2].cells] == ["", "2.5", "a\nb"]  # \n is a line break


def test_alignment_centres_short_columns_and_left_aligns_wrapping_ones():
    doc = new_document()
    doc.table(["序号", "问题描述"], [[1, "消防通道堆放杂物" * 5]], [15, 60])
    doc.table(["甲", "乙"], [["1", "2"]], aligns=["right", None])
    first, second = reopen(doc).tables
    assert first.cell(1, 0).paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert first.cell(1, 1).paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.LEFT
    assert first.cell(0, 1).paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER  # header
    assert second.cell(1, 0).paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert second.cell(1, 1).paragraphs[0].alignment is None  # style default (left)


def test_font_size_and_row_height_options():
    (table,) = sign_in_sheet(font_size_pt=10.5, row_height_mm=10).tables
    for row in table.rows:
        height = row._tr.trPr.find(qn("w:trHeight"))
        assert height.get(qn("w:hRule")) == "atLeast"
        assert int(height.get(qn("w:val"))) / 1440 * 25.4 == pytest.approx(10, abs=0.1)
    run = table.cell(1, 1).paragraphs[0].runs[0]
    assert run.font.size == Pt(10.5)


def test_a_row_taller_than_half_a_page_may_break():
    doc = new_document()
    doc.table(["序号", "描述"], [[1, "短"], [2, "很长的描述" * 600]], [15, 60])
    (table,) = reopen(doc).tables
    assert "cantSplit" in tr_flags(table.rows[1])
    # Word clips a no-split row taller than a page; this one may break instead.
    assert "cantSplit" not in tr_flags(table.rows[2])


def test_column_widths_helper():
    assert column_widths(None, 3, 150) == [50, 50, 50]
    assert column_widths([10, 20], 2, 150) == [10, 20]
    assert sum(column_widths([100, 100], 2, 150)) == pytest.approx(150)


def test_a_long_table_is_streamed_whole():
    # Built, measured for the page model and saved: a table this long is
    # streamed (export.streamed), each row built and measured once. Its speed
    # is measured in benchmarks/, not here.
    rows = [[i, f"姓名{i}", "办公室", "科员", "09:00", ""] for i in range(1200)]
    doc = new_document()
    doc.table(HEADERS, rows, WIDTHS)
    pages = doc.page_count()
    saved = doc.to_bytes()
    assert len(docx.Document(io.BytesIO(saved)).tables[0].rows) == 1201
    assert pages > 20
