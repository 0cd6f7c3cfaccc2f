"""Long tables are streamed: their rows are built and measured once and
written as the document is saved, never all held in the tree
(export.streamed). A streamed document is the document the rows make in the
tree, part for part: an agency's year exported both ways (every table
streamed the second time) gives the same files and the same pages in the
归档目录, and so do sign-in sheets of every length, where the closing takes
the table's last rows to a page of its own (tests/e2e/
test_export_streamed_memory.py: the memory)."""

from __future__ import annotations

from helpers.export_data import file_tree, parts, populated_agency  # noqa: F401 (fixture)

from xiaoneng.export import document
from xiaoneng.export.common import Directory, PersonInfo, Signature
from xiaoneng.export.signin import signin_sheet
from xiaoneng.model.records import SignIn, StudySession
from xiaoneng.services.export_kinds import parse_kinds
from xiaoneng.services.exporting import ExportService
from xiaoneng.services.permissions import cli_actor

_W_TBL = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tbl"


def test_every_table_streamed_gives_the_same_archive_part_for_part(agency, tmp_path, monkeypatch):
    service = ExportService(agency)
    kinds = parse_kinds("all")
    year = {"start": "2026-01-01", "end": "2026-12-31"}
    monkeypatch.setattr(document, "STREAM_FROM_ROWS", 10**9)
    tree = service.run(cli_actor(), kinds, folder=tmp_path / "tree", workers=1, **year)
    monkeypatch.setattr(document, "STREAM_FROM_ROWS", 0)
    streamed = service.run(cli_actor(), kinds, folder=tmp_path / "streamed", workers=1, **year)
    assert len(tree.files) > 10
    assert file_tree(tree.folder) == file_tree(streamed.folder)
    assert tree.rows == streamed.rows  # the pages of each file in the 归档目录
    for name in file_tree(tree.folder):
        tree_parts = parts((tree.folder / name).read_bytes())
        assert tree_parts == parts((streamed.folder / name).read_bytes()), name


def _sheet(people: int):
    infos = {
        f"P{n:03d}": PersonInfo(f"P{n:03d}", f"职工{n:03d}", "U1", "办公室科员")
        for n in range(1, people + 1)
    }
    directory = Directory("市测试机关", {"U1": "市妇女儿童活动中心"}, infos)
    session = StudySession(
        "S2026-040", "集中学习", "m", "2026-03-16T09:00", "会议室", "主讲人甲",
        tuple(infos), "P001", "办公室科员甲",
    )  # fmt: skip
    signins, signatures = {}, {}
    for n, pid in enumerate(infos, start=1):
        kind = "leave" if n % 9 == 0 else "self"
        reason = "外出参加市里业务培训会议" if kind == "leave" else ""
        time = f"2026-03-16T08:{n % 50 + 10:02d}"
        signins[pid] = SignIn("S2026-040", pid, kind, time, pid, reason)
        signatures[pid] = Signature(time, 100 + n, f"{n:012x}", infos[pid].name)
    return signin_sheet(
        session, signins, directory, module_title="条例学习", module_version="2",
        signatures=signatures,
    )  # fmt: skip


def test_sheets_of_every_length_are_the_same_streamed(monkeypatch):
    cut = 0
    for people in range(1, 90, 2):
        monkeypatch.setattr(document, "STREAM_FROM_ROWS", 10**9)
        tree = _sheet(people)
        monkeypatch.setattr(document, "STREAM_FROM_ROWS", 0)
        streamed = _sheet(people)
        assert streamed.page_count() == tree.page_count(), people
        assert parts(streamed.to_bytes()) == parts(tree.to_bytes()), people
        cut += len(tree.docx.element.body.findall(_W_TBL)) > 2  # grid, table, its last rows
    assert cut >= 3  # the closing took the table's last rows to the next page
