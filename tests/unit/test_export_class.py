"""The 巾帼文明岗 documents read back with python-docx: the class timetable,
a sign-in sheet per course, the participant list with attendance, the
completion certificates (only for those who completed), each post's 档案目录,
and the programme's part of the annual report (rendering: tests/e2e)."""

from __future__ import annotations

import re

import pytest
from conftest import ACTOR
from helpers.jinguo_setup import attended

from xiaoneng.errors import PermissionDenied
from xiaoneng.export.report import annual_report
from xiaoneng.services.exporting import ExportService
from xiaoneng.services.posts_export import ProgrammeExport


def text_of(doc) -> str:
    body = [p.text for p in doc.docx.paragraphs]
    cells = [c.text for t in doc.docx.tables for row in t.rows for c in row.cells]
    return "\n".join(body + cells)


@pytest.fixture
def held(org, clock):
    made = attended(org, clock)
    return org, made


def test_class_documents(held):
    core, made = held
    jobs = ProgrammeExport(core).class_jobs(ACTOR, 2026)
    names = [j.name[0] for j in jobs]
    # Every file is named by its record number (no ISO dates, no internal ids);
    # a certificate for each who completed (not 郑淑兰, on leave).
    certs = [f"结业证书〔2026〕T001-R00{n}" for n in (1, 2, 3)]
    signins = [f"培训签到表〔2026〕T001-C0{n}" for n in range(1, 6)]
    assert names == ["课程表〔2026〕T001", *signins, "学员名册〔2026〕T001", *certs]
    assert not any(re.search(r"\d{4}-\d\d", "_".join(map(str, j.name))) for j in jobs)
    timetable = text_of(jobs[0].build())
    assert "2026年3月16日至17日" in timetable and "共 5 门课程，其中必修 4 门" in timetable
    assert "3月16日（周一）" in timetable and "选修" in timetable
    assert "课程表〔2026〕T001" in timetable

    visit = text_of(jobs[5].build())  # the last course: the visit on day two
    assert "参观示范岗档案材料" in visit
    assert "电子签到（管理员甲确认）" in visit and "补签：签到时漏登（管理员甲登记）" in visit
    assert "请假：单位值班（管理员甲登记）" in visit
    assert "应到 4 人，实到 3 人（其中补签 1 人），请假 1 人，缺席 0 人。" in visit
    assert "培训签到表〔2026〕T001-C05" in visit and "台账第" in visit

    # Every document ends with the ledger's newest entry (an outside anchor),
    # the timetable and the certificates too (`export all` prints it on all).
    seq, digest = core.verifier.recorded_head()
    anchor = f"xiaoneng verify --anchor {seq}:{digest}"
    assert anchor in visit and anchor in timetable
    roll = jobs[6].build()
    assert anchor in text_of(roll)
    # The table's last rows may be a table of their own, kept with the closing lines.
    rows = [[c.text for c in r.cells] for t in roll.docx.tables for r in t.rows]
    assert rows[0][-2:] == ["出勤", "结业"]
    by_name = {r[1]: r for r in rows[1:]}
    assert by_name["林晓梅"][-2:] == ["4/5", "是"]
    assert by_name["黄秀芳"][-3:] == ["补", "4/5", "是"]
    assert by_name["郑淑兰"][-3:] == ["假", "3/5", "否"]
    assert roll.geometry.landscape

    certificates = jobs[7].build()
    text = text_of(certificates)
    assert text.count("结 业 证 书") == 1 and "林晓梅同志" in text
    assert anchor in text
    assert "结业证书〔2026〕T001-R001" in text and "完成全部 4 门必修课程" in text
    assert [j.name[1] for j in jobs[7:]] == ["林晓梅", "陈雅琳", "黄秀芳"]
    # A certificate is a page of its own: no page numbers in its footers.
    assert all(s.footer.is_linked_to_previous for s in certificates.docx.sections)


def test_files_catalogue_per_post(held):
    core, made = held
    jobs = ProgrammeExport(core).files_jobs(ACTOR, 2026)
    assert [j.name[1] for j in jobs] == [p.name for p in made["posts"]]
    first = text_of(jobs[0].build())
    assert "第一办税服务窗口" in first and "巾帼文明岗创建档案目录" in first
    assert "已归档" in first and "尚缺：" in first and "档案目录〔2026〕P001" in first
    assert "电子勾选" in first
    seq, digest = core.verifier.recorded_head()
    assert f"xiaoneng verify --anchor {seq}:{digest}" in first
    empty = text_of(jobs[1].build())
    assert "必备材料 0/13 项已归档" in empty and "本件未经电子勾选" in empty


def test_only_those_who_see_the_programme_export_it(held):
    core, _ = held
    with pytest.raises(PermissionDenied):
        ProgrammeExport(core).class_jobs(core.roster.require("S1"), 2026)


def test_the_annual_report_and_status_carry_the_programme(held):
    core, _ = held
    report = core.status.report(2026)
    p = report.programme
    assert p is not None and p.posts == 3 and p.flagged["市级"] == 1
    assert p.classes[0].completed == 3 and p.classes[0].late == 1 and p.classes[0].leave == 1
    assert report.to_dict()["programme"]["classes"][0]["attendance"] == {"done": 15, "due": 20}
    text = text_of(annual_report(report, agency="测试机关", today=core.today()))
    assert "巾帼文明岗创建" in text and "共登记申报岗位 3 个" in text
    assert "学员 4 人" in text and "结业 3 人" in text
    assert report.narrowed([report.units[0].unit]).programme is None
    assert core.status.report(2025).programme is None


def test_score_sheet_per_post_blank_or_both_scores(held):
    core, made = held
    post = made["posts"][0]
    core.post_review.enter_scores(ACTOR, post, "self", {"lead-1": 4, "lead-2": 5}, scorer="林晓梅")
    core.post_review.enter_scores(ACTOR, post, "assessor", {"lead-1": 3}, scorer="考核组")
    jobs = ProgrammeExport(core).score_jobs(ACTOR, 2026)
    assert [j.name[0] for j in jobs] == [f"考核评分表〔2026〕P00{n}" for n in (1, 2, 3)]
    doc = jobs[0].build()
    rows = [[c.text for c in r.cells] for r in doc.docx.tables[0].rows]
    assert rows[0] == ["序号", "考核内容", "自评", "考核", "差", "分值"]
    lead_1 = next(r for r in rows if r[0] == "1")
    assert lead_1[2:] == ["4", "3", "-1", "4"]
    assert rows[-1][1:] == ["合计", "9", "3", "-6", "100"]
    text = text_of(doc)
    assert "巾帼文明岗创建考核评分表" in text and "考核评分表〔2026〕P001" in text
    assert "自评电子录入" in text and "考核评分电子录入" in text and "台账第" in text
    blank = text_of(jobs[1].build())
    assert "请岗位负责人在“自评”栏逐项填写得分" in blank and "电子录入" not in blank


def test_export_class_and_posts_file_into_the_archive(held, tmp_path):
    core, made = held
    service = ExportService(core)
    # The 宣传部 exports its programme's documents, though not the agency's records.
    publicity = core.roster.require("X1")
    written = service.run(publicity, "class", folder=tmp_path / "class")
    assert {p.parent.name for p in written.files} == {"巾帼文明岗培训班"}
    assert [r.entry.number for r in written.rows][:2] == [
        "课程表〔2026〕T001",
        "培训签到表〔2026〕T001-C01",
    ]
    assert len(written.files) == 10 and written.index  # 3 certificates
    posts = service.run(publicity, "posts", folder=tmp_path / "posts")
    names = sorted(p.name.split("〔")[0] for p in posts.files)
    assert names == ["档案目录"] * 3 + ["考核评分表"] * 3
    with pytest.raises(PermissionDenied):
        service.plan(publicity, "all")
    with pytest.raises(PermissionDenied):
        service.plan(core.roster.require("S1"), "class")
    # `export all` files them beside the agency's records; a unit's export has none.
    kinds = {j.kind for j in service.plan(ACTOR, "all")}
    assert {"class", "posts"} <= kinds
    unit = core.org.units()[0].id
    assert not [j for j in service.plan(ACTOR, ["class", "posts"], unit=unit)]
