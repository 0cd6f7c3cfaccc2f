"""The 巾帼文明岗 class documents rendered by LibreOffice (one soffice run):
the timetable, a sign-in sheet per course, the participant list with
attendance, a completion certificate per participant who completed (a page
each), and a post's 档案目录."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ACTOR
from helpers.jinguo_setup import attended
from render.harness import pdf_pages_words, pdf_text, render_pdfs, require_renderer

from xiaoneng.services.posts_export import ProgrammeExport


def flat(text: str) -> str:
    return "".join(text.split())


@pytest.fixture
def rendered(org, clock, tmp_path) -> dict[str, list[Path]]:
    """Document kind (its name up to the record number) -> its PDFs, in job order."""
    require_renderer()
    made = attended(org, clock)
    export = ProgrammeExport(org)
    jobs = export.class_jobs(ACTOR, 2026) + export.files_jobs(ACTOR, 2026)[:1]
    docs = []
    for n, job in enumerate(jobs):
        path = tmp_path / f"{n:02d}-{job.name[0]}.docx"
        job.build().save(path)
        docs.append(path)
    pdfs = render_pdfs(docs, tmp_path / "pdf")
    out: dict[str, list[Path]] = {}
    for job, pdf in zip(jobs, pdfs, strict=True):
        out.setdefault(str(job.name[0]).split("〔")[0], []).append(pdf)
    out["_people"] = [Path(p.name) for p in made["people"]]  # names, in enrolment order
    return out


def test_certificates_one_page_each_for_those_who_completed(rendered):
    names = [str(p) for p in rendered["_people"]]
    # Participants 1-3 completed (3 by a 补签); 4 took leave and did not.
    certs = [pdf for kind, pdfs in rendered.items() if kind.startswith("结业证书") for pdf in pdfs]
    assert len(certs) == 3
    for pdf, name in zip(certs, names[:3], strict=True):
        [page] = pdf_pages_words(pdf)
        text = "".join(w.text for w in page.words)
        assert "结业证书" in text and name in text
        assert names[3] not in text
        assert "2026年度巾帼文明岗创建培训班" in text
        # No page numbers on a certificate.
        assert "—1—" not in text


def test_timetable_sheets_and_roll_render_with_the_people(rendered):
    names = [str(p) for p in rendered["_people"]]
    [timetable] = rendered["课程表"]
    text = flat(pdf_text(timetable))
    assert "巾帼文明岗创建条件和要求" in text and "参观示范岗档案材料" in text
    assert len(pdf_pages_words(timetable)) == 1
    sheets = rendered["培训签到表"]
    assert len(sheets) == 5
    last = flat(pdf_text(sheets[-1]))  # the visit on day two
    assert all(n in last for n in names)
    assert "补签" in last and "请假" in last and "单位值班" in last
    [roll] = rendered["学员名册"]
    roll_text = flat(pdf_text(roll))
    assert all(n in roll_text for n in names)
    assert "学员4人，结业3人" in roll_text
    # The records end with the ledger's newest entry, still on their pages.
    assert all("xiaonengverify--anchor" in flat(pdf_text(p)) for p in [*sheets, roll])
    assert "xiaonengverify--anchor" in text  # the timetable carries the head too


def test_files_catalogue_renders(rendered):
    [files] = rendered["档案目录"]
    text = flat(pdf_text(files))
    assert "档案目录" in text and "第一办税服务窗口" in text
    assert "xiaonengverify--anchor" in text
