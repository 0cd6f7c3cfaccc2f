"""`export all` as an archive: a folder per kind, the 归档目录 index (.docx and
.xlsx) listing every file with its record number, pages and ledger code, in
filing order, and the same as a .zip. Rendering the pages with LibreOffice
to check the counts is tests/e2e/test_export_pages.py."""

from __future__ import annotations

import datetime as dt
import zipfile

import docx
import openpyxl
import pytest
from helpers.export_data import FOLDERS, export_archive, new_agency, populate

from xiaoneng.export.pagination import count_pages
from xiaoneng.services import export_kinds
from xiaoneng.services.exporting import ExportService
from xiaoneng.services.permissions import cli_actor


@pytest.fixture(scope="module")
def agency(tmp_path_factory):
    core, clock = new_agency(tmp_path_factory.mktemp("agency") / "data")
    facts = populate(core, clock)
    return core, facts


@pytest.fixture(scope="module")
def written(agency, tmp_path_factory):
    return export_archive(agency[0], tmp_path_factory.mktemp("archive") / "2026")


def test_one_folder_per_kind_and_the_index_beside_them(written):
    folder = written.folder
    assert {p.name for p in folder.iterdir() if p.is_dir()} == FOLDERS
    assert [p.name for p in written.index] == ["归档目录.docx", "归档目录.xlsx"]
    on_disk = sorted(p for p in folder.rglob("*.docx") if p.parent != folder)
    assert sorted(written.files) == on_disk
    assert [r.file for r in written.rows] == [
        p.relative_to(folder).as_posix() for p in written.files
    ]


def test_the_index_rows_are_in_filing_order_with_numbers_and_codes(written, agency):
    _, facts = agency
    folders = [r.kind for r in written.rows]
    order = [k.folder for k in export_kinds.KINDS]
    assert folders == sorted(folders, key=order.index)  # kinds in the registry's order
    numbers = [r.entry.number for r in written.rows if r.entry.number]
    assert len(numbers) == len(set(numbers))  # every record number once
    for row in written.rows:
        name = row.file.split("/", 1)[1]
        if row.entry.number:
            assert name.startswith(row.entry.number + "_")
        assert ":" not in row.entry.number and "|" not in row.entry.number
    letter = next(r for r in written.rows if r.entry.number.startswith("承诺书〔2026〕H1-"))
    seq = facts["letter_entry"]["seq"]
    assert letter.entry.number == f"承诺书〔2026〕H1-{seq}"
    assert letter.entry.ledger.startswith(f"第 {seq} 条 ")
    assert letter.entry.date == dt.date(2026, 3, 16) and letter.entry.who == "园长甲（测试幼儿园）"
    checks = [r.entry.number for r in written.rows if r.kind == "检查表"]
    assert checks[:1] == ["自查表〔2026〕A001-S1"] and any(n.startswith("巡查表") for n in checks)


def test_page_counts_are_those_of_the_files_written(written):
    for row, path in zip(written.rows, written.files, strict=True):
        assert row.pages == count_pages(docx.Document(str(path))) >= 1, row.file


def test_the_index_workbook_lists_every_file(written):
    book = openpyxl.load_workbook(written.index[1])
    assert book.sheetnames == ["归档目录"]
    sheet = book["归档目录"]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[1]
    assert header == (
        "件号",
        "类别",
        "记录编号",
        "题名",
        "责任者",
        "日期",
        "页数",
        "台账校验码",
        "文件",
    )
    body = [r for r in rows[2:] if isinstance(r[0], int)]
    assert [r[8] for r in body] == [r.file for r in written.rows]
    assert [r[6] for r in body] == [r.pages for r in written.rows]
    assert all(isinstance(r[5], dt.datetime) for r in body if r[2])  # dates as dates
    assert sheet.freeze_panes == "A3"
    assert "导出时台账共" in str(rows[-1][0])  # the ledger head in the footer row
    assert not [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    paper = docx.Document(str(written.index[0]))
    table = paper.tables[0]
    assert len(table.rows) == len(written.rows) + 1
    assert [row.cells[1].text for row in table.rows[1:]] == [
        r.entry.number or "（空白待签）" for r in written.rows
    ]


def test_zip_holds_the_same_next_to_the_folder(agency, tmp_path):
    core, _ = agency
    folder = tmp_path / "归档"
    written = ExportService(core).run(
        cli_actor(), "all", folder=folder, start="2026-01-01", end="2026-12-31", zip_archive=True
    )
    assert written.archive == tmp_path / "归档.zip"
    with zipfile.ZipFile(written.archive) as archive:
        names = sorted(archive.namelist())
        inside = sorted(
            f"归档/{p.relative_to(folder).as_posix()}" for p in written.files + written.index
        )
        assert names == inside
        first = written.files[0]
        assert archive.read(f"归档/{first.relative_to(folder).as_posix()}") == first.read_bytes()
    again = ExportService(core).run(cli_actor(), "report", folder=folder, zip_archive=True)
    assert again.archive == tmp_path / "归档_2.zip"  # never over the first


def test_a_new_kind_plugs_in_with_one_entry(agency, tmp_path, monkeypatch):
    """What i12's 试卷 or i15's class documents do: one ExportKind in KINDS."""
    core, _ = agency
    from xiaoneng.export.document import new_document
    from xiaoneng.export.index import Entry
    from xiaoneng.model.record_numbers import record_number
    from xiaoneng.services.export_sources import Batch, Job

    def batches(run):
        yield Batch("sample", 2026)

    def jobs(run, batch):
        number = record_number("试卷", 2026, "WSL2021", 1)

        def build():
            doc = new_document(run.fonts)
            doc.title("试卷")
            doc.paragraph("一、单项选择题")
            return doc

        yield Job("sample", (str(number),), build, Entry(str(number), "试卷", "测试机关", None))

    kind = export_kinds.ExportKind("sample", "样例", "样例", batches, jobs)
    monkeypatch.setattr(export_kinds, "KINDS", (*export_kinds.KINDS, kind))
    assert export_kinds.parse_kinds("all")[-1] == "sample"
    written = ExportService(core).run(cli_actor(), "sample", folder=tmp_path / "p")
    assert [r.file for r in written.rows] == ["样例/试卷〔2026〕WSL2021-1.docx"]
    assert written.rows[0].pages == 1
