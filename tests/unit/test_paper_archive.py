"""`export all` files the papers staff sat in 试卷/: each paper with a recorded
result, as handed out (from the signed attempt), and one key to them, listed
in the 归档目录 index; quizzes taken at a terminal are not papers."""

from __future__ import annotations

from conftest import ADMIN_PIN, person
from helpers.docx_text import docx_text as text_of

from xiaoneng.model.paper import draw_paper
from xiaoneng.services.exporting import ExportService
from xiaoneng.services.paper_export import key_number, paper_number
from xiaoneng.services.permissions import cli_actor

MODULE = "work-safety-law-2021"


def test_export_all_files_the_papers_sat_and_their_key(org, tmp_path):
    office = person(org, "A001")
    module = org.study.module(MODULE)
    for pid, seed, correct in (("S1", 77, 18), ("S2", 77, 9), ("S3", 4242, 20)):
        org.study_office.record_paper(office, pid, MODULE, seed, correct=correct, pin=ADMIN_PIN)
    online = draw_paper(module, 5)
    org.study.submit_quiz(
        person(org, "H1"), MODULE, [set(q.answer) for q in online.questions], online
    )

    written = ExportService(org).run(cli_actor(), "all", folder=tmp_path / "all")

    papers = [r for r in written.rows if r.file.startswith("试卷/")]
    year = org.today().year
    first, second = (str(paper_number(module, year, s)) for s in (77, 4242))
    key = str(key_number(module, year, 77))
    assert [r.entry.number for r in papers] == [first, second, key]
    assert papers[0].entry.who == "教师甲、教师乙" and "已登记 2 人" in papers[0].entry.title
    assert papers[0].entry.ledger.startswith("第 ")  # the signed result it rests on
    assert all(r.pages for r in papers)
    sheet = text_of(written.folder / papers[0].file)
    shown = draw_paper(module, 77)
    assert f"编号：{first}　第 1/2 份" in sheet and shown.questions[0].text in sheet
    answers = text_of(written.folder / papers[2].file)
    assert (
        first in answers and second in answers and str(paper_number(module, year, 5)) not in answers
    )
    index = text_of(next(p for p in written.index if p.suffix == ".docx"))
    assert first in index and key in index


def test_no_paper_results_no_paper_folder(org, tmp_path):
    written = ExportService(org).run(cli_actor(), "all", folder=tmp_path / "all")
    assert not [r for r in written.rows if r.file.startswith("试卷/")]
