"""The register and the year's figures as Excel workbooks, through the real
commands (`export rectifications|report --format xlsx`, `status --format
xlsx`), read back with openpyxl: a summary sheet and one sheet per unit, a
real header row under frozen panes, widths that fit Chinese text, dates as
dates, numbers as numbers, no formula anywhere, the ledger head in a footer
row; and text a spreadsheet would compute is stored as text."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import openpyxl
import pytest
from conftest import run_cli
from helpers.export_data import populate

from xiaoneng.export.common import Directory, LedgerHead, PersonInfo
from xiaoneng.export.sheets import REGISTER_HEADERS, STATUS_SUMMARY, register_workbook
from xiaoneng.model.records import Finding

YEAR = ("--from", "2026-01-01", "--to", "2026-12-31")
UNITS = ["测试机关", "测试幼儿园"]
FOOTER = re.compile(
    r"^导出时台账共 (\d+) 条签署记录，末条（第 \1 条）校验码 ([0-9a-f]{12})"
    r"（核对：xiaoneng verify --anchor \1:\2）。$"
)


@pytest.fixture
def data(org, clock) -> Path:
    populate(org, clock)
    return org.root


def no_formulas(book) -> None:
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    assert cells and not [c.coordinate for c in cells if c.data_type == "f"]


def table(sheet) -> tuple[tuple, list[tuple], str]:
    """(header, body rows, footer) of a sheet written by export.workbook."""
    rows = list(sheet.iter_rows(values_only=True))
    assert sheet.freeze_panes == "A3" and sheet.print_title_rows == "$2:$2"
    body = [r for r in rows[2:] if any(v is not None for v in r)]
    return rows[1], body[:-1], str(body[-1][0])


def exported(out, folder: Path) -> Path:
    assert out.returncode == 0, out.stderr
    files = list(folder.glob("*/*.xlsx"))
    assert len(files) == 1, files
    return files[0]


def test_register_as_a_workbook(data, tmp_path):
    folder = tmp_path / "out"
    out = run_cli("export", "register", "--format", "xlsx", *YEAR, "--out", str(folder), data=data)
    path = exported(out, folder)
    assert path.parent.name == "整改台账" and path.name.startswith("整改台账〔2026〕总")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["汇总", *UNITS]
    no_formulas(book)
    header, rows, footer = table(book["汇总"])
    assert header == ("单位", "问题数", "其中重大", "已销号", "未销号", "其中逾期")
    assert rows == [
        ("测试机关", 1, 1, 1, 0, 0),
        ("测试幼儿园", 1, 0, 0, 1, 1),
        ("合计", 2, 1, 1, 1, 1),
    ]
    assert FOOTER.match(footer)
    header, rows, footer = table(book["测试幼儿园"])
    assert header == REGISTER_HEADERS and len(rows) == 1 and FOOTER.match(footer)
    row = dict(zip(header, rows[0], strict=True))
    assert row["发现日期"] == dt.datetime(2026, 3, 16) and row["整改期限"] == dt.datetime(
        2026, 3, 20
    )
    late = (dt.date.today() - dt.date(2026, 3, 20)).days  # the command runs on today's clock
    assert row["问题描述"] == "来电登记本缺少三月记录" and row["逾期天数"] == (
        late if late > 0 else None
    )
    sheet = book["测试幼儿园"]
    assert sheet["B3"].number_format == 'yyyy"年"m"月"d"日"'
    width = sheet.column_dimensions["D"].width  # 问题描述: 11 Chinese characters
    assert width >= 2 * len("来电登记本缺少三月记录")
    # The index lists the workbook, without pages.
    index = openpyxl.load_workbook(folder / "归档目录.xlsx")["归档目录"]
    listed = [r for r in index.iter_rows(min_row=3, values_only=True) if isinstance(r[0], int)]
    assert [(r[8], r[6]) for r in listed] == [(f"整改台账/{path.name}", None)]


def test_report_and_status_as_workbooks(data, tmp_path):
    folder = tmp_path / "out"
    out = run_cli("export", "report", "--format", "xlsx", *YEAR, "--out", str(folder), data=data)
    book = openpyxl.load_workbook(exported(out, folder))
    assert book.sheetnames == ["汇总", *UNITS]
    no_formulas(book)
    header, rows, footer = table(book["汇总"])
    assert header == STATUS_SUMMARY and [r[0] for r in rows] == UNITS
    assert all(isinstance(v, int) for r in rows for v in r[1:10])
    assert all(isinstance(r[10], float) and 0 <= r[10] <= 1 for r in rows)
    assert book["汇总"]["K3"].number_format == "0%" and FOOTER.match(footer)
    header, rows, _ = table(book["测试幼儿园"])
    assert header == ("类别", "项目", "已完成", "应完成", "完成率")
    assert {r[0] for r in rows} >= {"学习", "集中学习", "三查", "承诺书"}

    status = run_cli("status", "--format", "xlsx", "--out", str(tmp_path / "st"), data=data)
    assert status.returncode == 0, status.stderr
    written = Path(status.stdout.strip().split("：", 1)[1])
    assert written.parent == (tmp_path / "st").resolve() and written.suffix == ".xlsx"
    same = openpyxl.load_workbook(written)
    assert same.sheetnames == book.sheetnames
    assert table(same["汇总"])[1] == table(book["汇总"])[1]
    again = run_cli("status", "--format", "xlsx", "--out", str(tmp_path / "st"), data=data)
    assert again.returncode == 0 and len(list((tmp_path / "st").iterdir())) == 2  # never over


def test_formats_refused_with_one_chinese_line(data):
    out = run_cli("export", "commitments", "--format", "xlsx", data=data)
    assert (
        out.returncode == 2
        and "承诺书不能导出为 xlsx" in out.stderr
        and "Traceback" not in out.stderr
    )
    out = run_cli("status", "--format", "pdf", data=data)
    assert out.returncode == 2 and "输出格式无效：pdf" in out.stderr
    out = run_cli("status", "--out", "x", data=data)
    assert out.returncode == 2 and "--out 只用于 --format xlsx" in out.stderr


def test_text_a_spreadsheet_would_compute_stays_text(tmp_path):
    people = {"X1": PersonInfo("X1", "@SUM(A1:A9)", "U1"), "X2": PersonInfo("X2", "甲", "U1")}
    directory = Directory("机关", {"U1": "=1+1单位"}, people)
    hostile = '=HYPERLINK("http://example.invalid","点击")'
    finding = Finding(
        "F2026-U1-001", 2026, "U1", "A", "c", "self", "i", "-1+2", hostile, "一般",
        "+86 电话", "\t=1", "X2", "2026-03-01", "X1", "X1", "2026-02-01T09:00",
    )  # fmt: skip
    book = register_workbook(
        [finding], directory, today=dt.date(2026, 4, 1), period="2026年度", scope="机关",
        head=LedgerHead(9, "0123456789ab"),
    ).book  # fmt: skip
    path = tmp_path / "r.xlsx"
    book.save(path)
    again = openpyxl.load_workbook(path)
    assert again.sheetnames == ["汇总", "=1+1单位"]
    no_formulas(again)
    texts = {
        c.value: c.quotePrefix
        for sheet in again.worksheets
        for row in sheet.iter_rows()
        for c in row
        if isinstance(c.value, str) and c.value[:1] in "=+-@\t"
    }
    assert texts and all(texts.values()), texts
    assert hostile in texts and "=1+1单位" in texts and "@SUM(A1:A9)" in texts
