"""The demo agency's year exported as an archive (`export all`), every file
rendered by LibreOffice and read page by page as an archivist would: pages
as the 归档目录 index says, no page that holds only the closing notes, the
signature block and its notes on one page, no internal key and one date style
in the text; and a 40-person sign-in sheet on at most three pages.

All documents are converted in one soffice run (module fixture).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import docx
import pytest
from render.harness import Page, pdf_pages_words, pdf_text, render_pdfs, require_renderer

from xiaoneng.export.common import Directory, PersonInfo, Signature
from xiaoneng.export.pagination import count_pages
from xiaoneng.export.signin import signin_sheet
from xiaoneng.export.styles import STYLE_NOTE, STYLE_SIGNATURE
from xiaoneng.model.records import SignIn, StudySession
from xiaoneng.services.demo import build_demo
from xiaoneng.services.exporting import ExportService
from xiaoneng.services.permissions import cli_actor

PAGE_NUMBER = re.compile(r"^—\d+—$")
# How internal keys look: ledger keys (letter-x:2026:4001:1), check keys
# (A2026-002|self|3001|u0003), template and module ids (sancha-check),
# record ids (A2026-002, S2026-001, F2026-u0001-003) and unit ids (u0001).
INTERNAL = re.compile(r"[a-z][a-z0-9-]*:\d{4}:|\w\|\w|[a-z]+(?:-[a-z0-9]+)+|[ASF]20\d\d-|u\d{4}")
# Dates are written 2026年3月16日, nothing else.
OTHER_DATES = re.compile(
    r"\d{4}-\d{1,2}-\d{1,2}|\d{4}/\d{1,2}/\d{1,2}|\d{4}\.\d{1,2}\.\d{1,2}|年0\d月|月0\d日"
)
CN_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
RECORDS = {"学习签到表", "学习记录", "检查表", "整改台账", "承诺书", "年度汇总", "归档目录"}
POSITIONS = ("家庭和儿童工作部部长", "机关党委专职副书记", "办公室科员", "保育员", "园长")


def flat(text: str) -> str:
    return "".join(text.split())


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    core, _, _ = build_demo(tmp_path_factory.mktemp("demo") / "data")
    folder = tmp_path_factory.mktemp("export") / "归档"
    return ExportService(core).run(cli_actor(), "all", folder=folder, blank_letters=True)


def forty_sheet(folder: Path) -> Path:
    """40 people with long positions; reasons for 请假/补签/代签 as offices write them."""
    people = {
        f"P{n:02d}": PersonInfo(f"P{n:02d}", f"职工{n:02d}", "U1", POSITIONS[n % 5])
        for n in range(1, 41)
    }
    directory = Directory("市测试机关", {"U1": "市妇女儿童活动中心"}, people)
    session = StudySession(
        "S2026-040",
        "《福建省机关效能建设工作条例》集中学习",
        "m",
        "2026-03-16T09:00",
        "机关三楼会议室",
        "主讲人甲",
        tuple(people),
        "P01",
        "办公室科员甲",
    )
    signins: dict[str, SignIn] = {}
    signatures: dict[str, Signature] = {}
    for n, pid in enumerate(people, start=1):
        kind, reason = "self", ""
        if n % 9 == 0:
            kind, reason = "leave", "外出参加市里业务培训会议"
        elif n % 7 == 0:
            kind, reason = "late", "当天值班，次日补签到"
        elif n % 11 == 0:
            kind, reason = "proxy", "手机没电由办公室代签"
        time = "2026-03-17T08:40" if kind == "late" else f"2026-03-16T08:{n + 10:02d}"
        signins[pid] = SignIn("S2026-040", pid, kind, time, "P01" if reason else pid, reason)
        signatures[pid] = Signature(time, 100 + n, f"{n:012x}", people[pid].name)
    doc = signin_sheet(
        session, signins, directory, module_title="条例学习", module_version="2",
        signatures=signatures,
    )  # fmt: skip
    return doc.save(folder / "forty.docx")


@pytest.fixture(scope="module")
def rendered(archive, tmp_path_factory) -> dict[Path, Path]:
    """Every .docx written (the index too) and the 40-person sheet -> its PDF."""
    require_renderer()
    work = tmp_path_factory.mktemp("render")
    docs = [*archive.files, archive.index[0], forty_sheet(work)]
    copies = []  # short distinct names: stems of different folders may repeat
    for n, path in enumerate(docs):
        copies.append(Path(shutil.copyfile(path, work / f"{n:04d}.docx")))
    pdfs = render_pdfs(copies, work / "pdf")
    return dict(zip(docs, pdfs, strict=True))


def pages_of(rendered: dict[Path, Path], path: Path) -> list[Page]:
    return pdf_pages_words(rendered[path])


def closing_texts(path: Path) -> tuple[list[str], list[str]]:
    """The signature lines and notes of a document, and the rest of its text."""
    document = docx.Document(str(path))
    styles = (STYLE_NOTE, STYLE_SIGNATURE)
    closing, rest = [], []
    for p in document.paragraphs:
        (closing if p.style.name in styles else rest).append(flat(p.text))
    rest += [flat(c.text) for t in document.tables for row in t.rows for c in row.cells]
    return [t for t in closing if t], [t for t in rest if t]


def is_closing(line: str, texts: tuple[list[str], list[str]]) -> bool:
    """A printed line that belongs to the closing lines, and to nothing else."""
    closing, rest = texts
    return any(line in t for t in closing) and not any(line in t for t in rest)


def test_every_file_has_the_pages_the_index_says(archive, rendered):
    assert len(archive.rows) == len(archive.files) > 50
    for row, path in zip(archive.rows, archive.files, strict=True):
        assert path.relative_to(archive.folder).as_posix() == row.file
        assert len(pages_of(rendered, path)) == row.pages, row.file
    index = archive.index[0]
    assert len(pages_of(rendered, index)) == count_pages(docx.Document(str(index)))
    text = flat(pdf_text(rendered[index]))
    for row in archive.rows:
        assert flat(row.entry.number or "（空白待签）") in text
    total = sum(r.pages or 0 for r in archive.rows)
    assert f"共{len(archive.rows)}件，{total}页" in text


def test_no_last_page_holds_only_notes_or_a_signature(archive, rendered):
    for path in [*archive.files, archive.index[0]]:
        closing = closing_texts(path)
        last = pages_of(rendered, path)[-1]
        lines = [flat(t) for t in last.line_texts()]
        content = [
            t for t in lines if t and not PAGE_NUMBER.match(t) and not is_closing(t, closing)
        ]
        assert content, (path.name, lines)


def test_signature_block_and_notes_share_one_page(archive, rendered):
    kinds = [r.kind for r in archive.rows] + ["归档目录"]
    for kind, path in zip(kinds, [*archive.files, archive.index[0]], strict=True):
        closing = closing_texts(path)
        if not closing[0]:  # a form without signature or notes (a test paper)
            assert kind not in RECORDS, path.name  # records close with their notes
            continue
        pages = pages_of(rendered, path)
        holding = {
            n
            for n, page in enumerate(pages)
            for t in page.line_texts()
            if len(flat(t)) > 3 and is_closing(flat(t), closing)
        }
        assert holding == {len(pages) - 1}, (path.name, holding, len(pages))


def test_no_internal_key_and_one_date_style(archive, rendered):
    for path in [*archive.files, archive.index[0]]:
        text = flat(pdf_text(rendered[path]))
        assert not INTERNAL.findall(text.replace("xiaonengverify", "")), path.name
        assert not OTHER_DATES.findall(text), path.name
        for y, m, d in CN_DATE.findall(text):
            dt.date(int(y), int(m), int(d))  # a real date, without leading zeros
            assert not m.startswith("0") and not d.startswith("0"), path.name
    names = [p.name for p in archive.files]
    assert not [n for n in names if INTERNAL.search(n) or n.endswith(("、.docx", "，.docx"))]


def test_a_40_person_sign_in_sheet_takes_at_most_3_pages(rendered):
    path = next(p for p in rendered if p.name == "forty.docx")
    pages = pages_of(rendered, path)
    assert len(pages) <= 3
    assert len(pages) == count_pages(docx.Document(str(path)))
    left = (28 + 10) * 72 / 25.4  # the 序号 column: 10 mm from the left margin
    rows = [
        sorted(int(w.text) for w in page.words if w.text.isdigit() and w.x1 < left)
        for page in pages
    ]
    assert [n for page in rows for n in page] == list(range(1, 41))
    assert all(len(page) >= 18 for page in rows[:-1]), [len(r) for r in rows]
    text = flat(pdf_text(rendered[path]))
    assert text.count("请假：") == 4 and text.count("补签：") == 5  # reasons are printed
