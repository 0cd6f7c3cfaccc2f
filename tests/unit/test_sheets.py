"""The spreadsheet reader (xiaoneng.sheets) on office-style files built here
with openpyxl, and on crafted ones: header rows below titles, synonyms, merged
cells, numeric and full-width ids, formulas; and every limit, while reading.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from xiaoneng.errors import UserError
from xiaoneng.sheets import Column, Formula, Limits, read_rows, read_table
from xiaoneng.sheets.table import cell_text, header_key

SPEC = (
    Column("工号", ("编号", "人员编号", "职工号"), required=True, code=True),
    Column("姓名", required=True),
    Column("单位", ("部门", "处室", "科室"), required=True),
    Column("职务", ("岗位", "职称")),
)


def _xlsx(path: Path, rows: list[list], merges: tuple[str, ...] = ()) -> Path:
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    for m in merges:
        ws.merge_cells(m)
    wb.save(path)
    return path


def test_header_under_a_merged_title_with_synonyms_and_numeric_ids(tmp_path):
    f = _xlsx(
        tmp_path / "名册.xlsx",
        [
            ["市妇联机关干部职工名册", None, None, None, None],
            ["（2026年3月）", None, None, None, None],
            ["序号", "职工号", "姓 名", "部门（处室）", "岗位"],
            [1, 1006.0, "张三", "办公室", "科员"],
            [2, 1007, "李四", None, "科员"],
            [3, "１００８", "王五", None, None],
            [None, None, None, None, None],
            [4, "1009\u200b", "赵六", "财务科", "会计"],
        ],
        merges=("A1:E1", "A2:E2", "D4:D6"),
    )
    table = read_table(f, SPEC)
    assert table.header_row == 3 and table.problems == []
    got = [
        (r.row, r.get("工号"), r.get("姓名"), r.get("单位"), r.get("职务")) for r in table.records
    ]
    assert got == [
        (4, "1006", "张三", "办公室", "科员"),
        (5, "1007", "李四", "办公室", "科员"),
        (6, "1008", "王五", "办公室", ""),
        (8, "1009", "赵六", "财务科", "会计"),
    ]


def test_a_csv_with_title_rows_and_full_width_text(tmp_path):
    f = tmp_path / "r.csv"
    f.write_text(
        "人员名单,,,\n\n人员编号,姓名,科室,职称\n２００１,陈　七,档案室,馆员\n",
        encoding="gb18030",
    )
    table = read_table(f, SPEC)
    assert [(r.get("工号"), r.get("姓名"), r.get("单位")) for r in table.records] == [
        ("2001", "陈 七", "档案室")
    ]


def test_bad_rows_name_file_row_and_column(tmp_path):
    def positive(text: str) -> int:
        if not text.isdigit():
            raise ValueError(f"应为数字，实际为“{text}”")
        return int(text)

    spec = (*SPEC, Column("人数", parse=positive))
    f = _xlsx(
        tmp_path / "t.xlsx",
        [
            ["工号", "姓名", "单位", "人数"],
            ["1", "甲", "A", 3],
            [None, "乙", "A", 2],
            ["3", '=HYPERLINK("x")', "A", "三"],
        ],
    )
    table = read_table(f, spec)
    assert [r.row for r in table.records] == [2]
    assert table.problem_lines() == [
        "t.xlsx 第 3 行“工号”：为空",
        "t.xlsx 第 4 行“姓名”：是公式，请改为文本",
        "t.xlsx 第 4 行“人数”：应为数字，实际为“三”",
    ]


def test_no_header_says_what_is_missing(tmp_path):
    f = _xlsx(tmp_path / "x.xlsx", [["姓名", "地址"], ["甲", "某地"]])
    with pytest.raises(UserError, match="缺少列：工号（或 编号、人员编号、职工号）；单位"):
        read_table(f, SPEC)


def test_two_columns_for_one_name_are_refused(tmp_path):
    f = _xlsx(tmp_path / "x.xlsx", [["工号", "姓名", "部门", "科室"], ["1", "甲", "A", "B"]])
    with pytest.raises(UserError, match="“部门”和“科室”都表示“单位”"):
        read_table(f, SPEC)
    # the canonical name wins over a synonym
    g = _xlsx(tmp_path / "y.xlsx", [["编号", "工号", "姓名", "单位"], ["9", "1", "甲", "A"]])
    assert read_table(g, SPEC).records[0].get("工号") == "1"


def test_cells_keep_their_types_formulas_stay_text(tmp_path):
    f = _xlsx(
        tmp_path / "t.xlsx",
        [["a", 1, 2.5, True, dt.datetime(2026, 3, 1), "=1+1", None, "end"]],
    )
    [(number, cells)] = read_rows(f)
    assert number == 1
    assert cells[:5] == ["a", 1, 2.5, True, dt.datetime(2026, 3, 1)]
    assert isinstance(cells[5], Formula) and cells[5] == "=1+1"
    assert cells[6] is None and cells[7] == "end"
    assert cell_text(dt.datetime(2026, 3, 1)) == "2026-03-01" and cell_text(1006.0) == "1006"
    assert header_key("＊工号（必填）") == "工号"


# -- limits, checked while reading ------------------------------------------------

_CT = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"/>'
)
_WB = (
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_RELS = (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def crafted(path: Path, body: bytes, *, strings: bytes | None = None, tail: bytes = b"") -> Path:
    """A minimal .xlsx whose sheet data is `body` (streamed into the zip)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CT)
        z.writestr("xl/workbook.xml", _WB)
        z.writestr("xl/_rels/workbook.xml.rels", _RELS)
        if strings is not None:
            z.writestr(
                "xl/sharedStrings.xml", f'<sst xmlns="{_MAIN}">'.encode() + strings + b"</sst>"
            )
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            fh.write(f'<worksheet xmlns="{_MAIN}"><sheetData>'.encode())
            fh.write(body)
            fh.write(b"</sheetData>" + tail + b"</worksheet>")
    return path


SMALL = Limits(max_rows=100, max_cols=10, max_cells=500, max_cell_chars=50, max_merges=5)


def test_too_many_rows_stop_at_the_limit(tmp_path):
    f = crafted(tmp_path / "rows.xlsx", b"<row><c><v>1</v></c></row>" * 1000)
    with pytest.raises(UserError, match="第 101 行：行数过多"):
        read_rows(f, SMALL)


def test_one_row_of_many_cells_stops_at_the_cell_limit(tmp_path):
    f = crafted(tmp_path / "wide.xlsx", b"<row>" + b"<c><v>1</v></c>" * 10_000 + b"</row>")
    with pytest.raises(UserError, match="单元格过多"):
        read_rows(f, SMALL)


def test_a_cell_far_right_is_not_a_wide_row(tmp_path):
    f = crafted(
        tmp_path / "xfd.xlsx", b'<row r="1"><c r="A1"><v>1</v></c><c r="XFD1"><v>2</v></c></row>'
    )
    assert read_rows(f, SMALL) == [(1, [1])]


def test_empty_elements_stop_at_the_element_limit(tmp_path):
    f = crafted(tmp_path / "junk.xlsx", b"<row>" + b"<x/>" * 10_000 + b"</row>")
    with pytest.raises(UserError, match="内容过多"):
        read_rows(f, SMALL)


def test_a_long_cell_is_refused_with_its_row(tmp_path):
    f = crafted(
        tmp_path / "long.xlsx",
        b'<row r="7"><c t="inlineStr"><is><t>' + b"x" * 60 + b"</t></is></c></row>",
    )
    with pytest.raises(UserError, match="第 7 行：第 A 列的单元格过长"):
        read_rows(f, SMALL)


def test_shared_strings_are_capped(tmp_path):
    f = crafted(tmp_path / "sst.xlsx", b"", strings=b"<si><t>x</t></si>" * 1000)
    with pytest.raises(UserError, match="共享字符串过多"):
        read_rows(f, SMALL)


def test_merged_ranges_are_capped(tmp_path):
    merges = b"<mergeCells>" + b'<mergeCell ref="A1:A1048576"/>' * 10 + b"</mergeCells>"
    f = crafted(tmp_path / "m.xlsx", b'<row r="1"><c r="A1"><v>1</v></c></row>', tail=merges)
    with pytest.raises(UserError, match="合并单元格过多"):
        read_rows(f, SMALL)


def test_a_dtd_is_refused(tmp_path):
    with zipfile.ZipFile(tmp_path / "dtd.xlsx", "w") as z:
        z.writestr("xl/workbook.xml", '<!DOCTYPE x [<!ENTITY a "aaaa">]>' + _WB)
        z.writestr("xl/_rels/workbook.xml.rels", _RELS)
    with pytest.raises(UserError, match="DTD"):
        read_rows(tmp_path / "dtd.xlsx", SMALL)


def test_a_huge_field_in_a_csv_names_its_row(tmp_path):
    f = tmp_path / "big.csv"
    f.write_text("工号,姓名,单位\n1,甲,A\n2," + "名" * 200_000 + ",A\n", encoding="utf-8")
    with pytest.raises(UserError, match="第 3 行：单元格过长"):
        read_rows(f)


def test_not_a_spreadsheet(tmp_path):
    (tmp_path / "a.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(UserError, match="另存为 .xlsx"):
        read_rows(tmp_path / "a.xls")
    (tmp_path / "b.xlsx").write_bytes(b"PK\x03\x04 nope")
    with pytest.raises(UserError, match="不是有效的 .xlsx"):
        read_rows(tmp_path / "b.xlsx")
