"""Every kind of exported document, read back with python-docx and rendered by
LibreOffice (all files in one soffice run), from a small agency's real records.

Also: who may export what, the period and unit filters, file names that never
leave the folder or replace a file, hostile text, and the fonts settings file.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from conftest import ACTOR, ADMIN_PIN, PIN, TZ, FixedClock
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Pt
from render.harness import pdf_pages_words, pdf_text, render_pdfs, require_renderer

from xiaoneng.errors import PermissionDenied, UserError
from xiaoneng.export.common import Directory, LedgerHead, PersonInfo, Signature
from xiaoneng.export.letter import commitment_letter
from xiaoneng.export.register import rectification_register
from xiaoneng.export.signin import signin_sheet
from xiaoneng.model.dates import cn_date, parse_day
from xiaoneng.model.records import Finding, ItemResult, Letter, SignIn, StudySession
from xiaoneng.services.exporting import ExportService, Period, parse_kinds, reserve
from xiaoneng.services.ledger import short
from xiaoneng.services.permissions import cli_actor
from xiaoneng.services.roster import new_person
from xiaoneng.services.settings import load_fonts
from xiaoneng.services.setup import init_agency

MODULE = "work-safety-law-2021"
LETTER = "letter-work-safety"
HOSTILE = "张三/../李四\\王五:*?\x00\x07\x0b\u202e😀"
LONG_NAME = "长" * 5000 + "x" * 5000
TITLES = {
    "学习签到表": "学习签到表",
    "学习记录": "学习记录",
    "自查表": "自查表",
    "互查表": "互查表",
    "巡查表": "巡查表",
    "问题整改台账": "问题整改台账",
    "承诺书": "承诺书",
    "年度汇总": "测试机关",
}


def new_agency(root: Path) -> tuple:
    """The conftest `org` agency, built here so a whole module can share it."""
    clock = FixedClock(dt.datetime(2026, 3, 16, 9, 30, tzinfo=TZ))
    core, _ = init_agency(
        root,
        unit_name="测试机关",
        admin_id="A001",
        admin_name="管理员甲",
        pin=ADMIN_PIN,
        clock=clock,
    )
    people = [
        new_person("L1", "领导甲", "测试机关", "主席", ["staff", "leader"]),
        new_person("S3", "职工丙", "测试机关", "科员", ["staff"]),
        new_person("H1", "园长甲", "测试幼儿园", "园长", ["staff", "unit_head"]),
        new_person("S1", "教师甲", "测试幼儿园", "教师", ["staff"]),
        new_person("S2", "教师乙", "测试幼儿园", "教师", ["staff"]),
    ]
    core.roster.add_many(ACTOR, people, pins={p.id: PIN for p in people})
    return core, clock


def populate(core, clock) -> dict:
    """A session with every kind of sign-in, a completion, three checks with an
    open (later overdue) and a closed finding, and a signed letter."""
    who = core.roster.require
    kg = core.org.find("测试幼儿园").id
    office = core.org.find("测试机关").id
    session = core.sessions.create(
        ACTOR,
        title="安全生产法集中学习",
        module=MODULE,
        start=clock.now + dt.timedelta(minutes=30),
        place="三楼会议室",
        host="领导甲",
        attendees=["S1", "S2", "H1", "S3", "L1"],
        recorder="办公室科员",
    )
    core.sessions.attend(who("S1"), session.id, PIN)
    core.sessions.record(ACTOR, session.id, "S2", "leave", "外出培训")
    core.sessions.record(ACTOR, session.id, "S3", "proxy", "手机没电由办公室代签")
    core.sessions.record(ACTOR, session.id, "H1", "late", "当天值班次日补签")
    module = core.study.module(MODULE)
    core.study.submit_quiz(who("S1"), MODULE, [set(q.answer) for q in module.questions])
    _, completion_entry = core.study.complete(who("S1"), MODULE, PIN)
    core.study.submit_quiz(who("S2"), MODULE, [set() for _ in module.questions])

    deadline = dt.date(2026, 4, 30)
    activity = core.checks.create_activity(
        ACTOR,
        title="2026年度三查活动",
        template="sancha-check",
        deadlines={"self": deadline, "peer": deadline, "lead": deadline},
        leads={"L1": [kg, office]},
    )
    tpl = core.checks.template("sancha-check")

    def all_ok(mode, code="ok"):
        return {i.id: ItemResult(i.id, code) for _g, i in tpl.items_for(mode)}

    results = all_ok("self")
    results["duty-first-ask"] = ItemResult("duty-first-ask", "fail", "首问登记不全")
    draft = _draft("duty-first-ask", "来电登记本缺少三月记录", "补登并每日核对", "2026-03-20")
    own, own_entry = core.checks.submit(
        who("S1"), activity.id, "self", "S1", PIN, results, {"duty-first-ask": draft}
    )
    core.findings.add_progress(who("S1"), own.findings[0], "已补登三月记录")
    target = core.checks.peer_target(activity, who("S2"))
    core.checks.submit(who("S2"), activity.id, "peer", target, PIN, all_ok("peer"), {})
    core.checks.submit(who("L1"), activity.id, "lead", kg, PIN, all_ok("lead", "partial"), {})
    lead = all_ok("lead")
    lead["duty-unit-public"] = ItemResult("duty-unit-public", "fail")
    serious = _draft("duty-unit-public", "办事指南未公开", "上墙公开", "2026-04-10", "S3", "重大")
    checked, _ = core.checks.submit(
        who("L1"), activity.id, "lead", office, PIN, lead, {"duty-unit-public": serious}
    )
    closed_id = checked.findings[0]
    core.findings.add_progress(who("S3"), closed_id, "已上墙公开", done=True)
    core.findings.review(who("L1"), closed_id, PIN, passed=True, note="核实无误")
    letter, letter_entry = core.letters.sign_letter(who("H1"), LETTER, PIN)
    clock.advance(days=30)
    return {
        "session": session,
        "completion_entry": completion_entry,
        "own_check": own,
        "own_entry": own_entry,
        "open_finding": own.findings[0],
        "closed_finding": closed_id,
        "letter": letter,
        "letter_entry": letter_entry,
        "kg": kg,
        "office": office,
    }


def _draft(item, problem, measure, deadline, responsible="", category="一般"):
    from xiaoneng.model.records import FindingDraft

    return FindingDraft(
        item=item,
        problem=problem,
        measure=measure,
        deadline=deadline,
        money="500元",
        responsible=responsible,
        reviewer="L1" if responsible else "",
        category=category,
    )


@pytest.fixture(scope="module")
def agency(tmp_path_factory):
    core, clock = new_agency(tmp_path_factory.mktemp("agency") / "data")
    facts = populate(core, clock)
    return core, facts


@pytest.fixture(scope="module")
def exported(agency, tmp_path_factory) -> dict[str, list[Path]]:
    """Every kind, for the year, with blank letters: {file prefix: [paths]}."""
    core, _ = agency
    folder = tmp_path_factory.mktemp("exports")
    seen = []
    paths = ExportService(core).run(
        cli_actor(),
        "all",
        folder=folder,
        start="2026-01-01",
        end="2026-12-31",
        blank_letters=True,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert seen[0] == (0, len(paths)) and seen[-1] == (len(paths), len(paths))
    assert all(p.parent == folder and p.suffix == ".docx" for p in paths)
    by_kind: dict[str, list[Path]] = {}
    for p in paths:
        by_kind.setdefault(p.name.split("_", 1)[0], []).append(p)
    return by_kind


def cells(document) -> list[list[str]]:
    return [[c.text for c in row.cells] for t in document.tables for row in t.rows]


def text_of(document) -> str:
    return "\n".join(p.text for p in document.paragraphs)


def east_asian(style) -> str:
    return style.element.find(qn("w:rPr")).find(qn("w:rFonts")).get(qn("w:eastAsia"))


def mm(length, expected) -> bool:
    return abs(length.mm - expected) <= 0.5


# -- what is written -----------------------------------------------------------------------


def test_every_kind_is_written(exported, agency):
    core, _ = agency
    assert set(exported) == set(TITLES)
    assert len(exported["学习记录"]) == len(core.study.modules())
    letters = [p.name for p in exported["承诺书"]]
    assert sum("空白待签" not in n for n in letters) == 1
    assert any("空白待签" in n and "letter-efficiency" in n for n in letters)


def test_layout_fonts_and_page_numbers_of_every_document(exported):
    for prefix, paths in exported.items():
        for path in paths:
            d = docx.Document(str(path))
            (section,) = d.sections
            landscape = prefix == "问题整改台账"
            width, height = (297, 210) if landscape else (210, 297)
            assert mm(section.page_width, width) and mm(section.page_height, height), path.name
            want = (28, 26, 35, 37) if landscape else (37, 35, 28, 26)  # top bottom left right
            got = (section.top_margin, section.bottom_margin, section.left_margin)
            assert all(mm(g, w) for g, w in zip((*got, section.right_margin), want, strict=True))
            assert (section.orientation == WD_ORIENT.LANDSCAPE) == landscape
            title = d.paragraphs[0]
            assert title.style.name == "Title" and TITLES[prefix] in title.text, path.name
            assert title.style.font.size == Pt(22) and east_asian(title.style) == "方正小标宋简体"
            body = d.styles["Normal"]
            assert body.font.size == Pt(16) and east_asian(body) == "仿宋_GB2312"
            for table in d.tables:
                assert table.rows[0].cells[0].paragraphs[0].style.name == "Table Heading"
            assert east_asian(d.styles["Table Text"]) == "仿宋_GB2312"
            assert east_asian(d.styles["Table Heading"]) == "黑体"
            footer = section.footer.paragraphs[0]._p
            assert [i.text.strip() for i in footer.iter(qn("w:instrText"))] == ["PAGE"]


def test_signin_sheet_rows_states_and_counts(exported, agency):
    d = docx.Document(str(exported["学习签到表"][0]))
    rows = cells(d)
    assert rows[0] == ["序号", "姓名", "部门/单位", "职务", "签到时间", "签名", "备注"]
    by_name = {r[1]: r for r in rows[1:]}
    assert set(by_name) == {"教师甲", "教师乙", "园长甲", "职工丙", "领导甲"}
    assert by_name["教师甲"][2:5] == ["测试幼儿园", "教师", "09:30"]
    assert by_name["教师甲"][5] == ""  # blank for the ink signature
    assert by_name["教师甲"][6].startswith("电子签到 ") and len(by_name["教师甲"][6]) == 5 + 12
    assert by_name["教师乙"][4] == "" and by_name["教师乙"][6].startswith("请假：外出培训（")
    assert by_name["职工丙"][6].startswith("代签：手机没电由办公室代签（")
    assert by_name["园长甲"][6].startswith("补签：当天值班次日补签（")
    assert by_name["领导甲"][6] == "未签到" and by_name["领导甲"][4] == ""
    text = text_of(d)
    assert "名称：安全生产法集中学习" in text and "地点：三楼会议室" in text
    assert "主持人/主讲人：领导甲" in text and "（第 1 版）" in text
    assert "应到 5 人，实到 3 人（其中补签 1 人、代签 1 人），请假 1 人，缺席 1 人" in text
    assert "记录人：办公室科员" in text


def test_study_record_lists_done_with_scores_and_who_has_not(exported, agency):
    core, facts = agency
    module = core.study.module(MODULE)
    n = len(module.questions)
    path = next(p for p in exported["学习记录"] if "安全生产法" in p.name)
    d = docx.Document(str(path))
    rows = cells(d)
    done = [r for r in rows if r[1] == "教师甲"]
    assert done and done[0][4] == f"{n}/{n}" and done[0][5] == "1"
    assert done[0][6] == short(facts["completion_entry"]["hash"])
    pending = {r[1]: r[-1] for r in rows if r[0].isdigit() and r[1] != "教师甲"}
    assert pending["教师乙"] == "未通过测验（已作答 1 次）"
    assert pending["管理员甲"] == "未学习"
    text = text_of(d)
    assert f"答对 {module.pass_mark} 题及以上为合格" in text and "2021年修正" in text


def test_check_forms_hold_items_results_findings_and_signature_lines(exported, agency):
    _, facts = agency
    own = docx.Document(str(exported["自查表"][0]))
    rows = cells(own)
    results = {r[1]: r[2] for r in rows if r[0].isdigit() and len(r) == 4}
    assert any(t.startswith("落实首问负责制") and v == "不符合" for t, v in results.items())
    assert sum(v == "符合" for v in results.values()) == len(results) - 1
    fixes = [r for r in rows if r[1] == "来电登记本缺少三月记录"]
    assert fixes and fixes[0][2:] == ["补登并每日核对", "500元", "教师甲", "2026-03-20", "园长甲"]
    text = text_of(own)
    for line in (
        "被检查人（签字）：",
        "检查人（签字）：",
        "日期：",
        "检查人：教师甲（测试幼儿园）",
    ):
        assert line in text
    assert short(facts["own_entry"]["hash"]) in text and "2026-03-16 09:30" in text
    lead = [docx.Document(str(p)) for p in exported["巡查表"]]
    assert len(lead) == 2
    assert any("被检查单位负责人（签字）" in text_of(d) for d in lead)
    assert any("〔重大〕办事指南未公开" in c for d in lead for r in cells(d) for c in r)


def test_rectification_ledger_rows_overdue_and_closed(exported):
    (path,) = exported["问题整改台账"]
    d = docx.Document(str(path))
    rows = cells(d)
    assert rows[0][:5] == ["序号", "单位", "发现时间", "发现方式", "问题描述"]
    assert rows[0][-1] == "销号"
    open_row = next(r for r in rows if r[4].startswith("来电登记本缺少三月记录"))
    assert open_row[1] == "测试幼儿园" and open_row[3] == "自查" and open_row[5] == "一般"
    assert "（已逾期）" in open_row[8] and "逾期 26 天" in open_row[9]
    assert open_row[9].startswith("整改中") and open_row[-1] == ""
    closed = next(r for r in rows if r[4].startswith("办事指南未公开"))
    assert closed[3] == "巡查" and closed[5] == "重大" and closed[-1] == "已销号"
    assert closed[7] == "职工丙" and closed[10] == "领导甲" and closed[11] == "2026-03-16"
    text = text_of(d)
    assert "共 2 项（其中重大 1 项）：已销号 1 项，未销号 1 项，其中逾期 1 项。" in text
    assert "导出时台账共" in text


def test_letter_is_the_signed_text_with_its_ledger_entry(exported, agency):
    _, facts = agency
    letter = facts["letter"]
    path = next(p for p in exported["承诺书"] if "空白待签" not in p.name)
    d = docx.Document(str(path))
    texts = [p.text for p in d.paragraphs]
    assert texts[0] == letter.title
    assert letter.preamble in texts
    assert f"一、{letter.clauses[0]}" in texts and f"十一、{letter.clauses[10]}" in texts
    assert letter.term in texts and letter.closing in texts
    joined = "\n".join(texts)
    assert "承诺单位（盖章）：测试幼儿园" in joined and "承诺人（签字）：" in joined
    assert "日期：2026年3月16日" in joined
    seq = facts["letter_entry"]["seq"]
    assert f"台账第 {seq} 条，校验码 {short(facts['letter_entry']['hash'])}" in joined
    blank = next(p for p in exported["承诺书"] if "空白待签" in p.name)
    blank_text = text_of(docx.Document(str(blank)))
    assert "日期：    年  月  日" in blank_text and "校验码" not in blank_text


def test_annual_report_per_unit(exported):
    d = docx.Document(str(exported["年度汇总"][0]))
    assert "2026年度" in d.paragraphs[0].text and "测试机关" in d.paragraphs[0].text
    rows = cells(d)
    overview = {r[0]: r for r in rows if r[0] in ("测试机关", "测试幼儿园") and len(r) == 9}
    assert overview["测试幼儿园"][1] == "3" and overview["测试幼儿园"][7] == "1"  # open findings
    assert overview["测试幼儿园"][8] == "1"  # overdue
    assert overview["测试幼儿园"][5] == "1/4"  # the head's unit letter; three staff letters
    assert overview["测试机关"][7] == "0"


# -- who, which unit, which period ----------------------------------------------------------


def test_unit_filter_and_unit_heads_see_only_their_unit(agency, tmp_path):
    core, facts = agency
    svc = ExportService(core)
    paths = svc.run(cli_actor(), "signin", folder=tmp_path / "a", unit="测试幼儿园")
    rows = cells(docx.Document(str(paths[0])))
    assert {r[1] for r in rows[1:]} == {"教师甲", "教师乙", "园长甲"}
    head = core.roster.require("H1")
    paths = svc.run(head, ["rectifications", "checks"], folder=tmp_path / "b")
    assert all("测试机关" not in p.name for p in paths if p.name.startswith("巡查表"))
    lead = [p.name for p in paths if p.name.startswith("巡查表")]
    assert len(lead) == 1 and "测试幼儿园" in lead[0]
    ledger_rows = cells(docx.Document(str(next(p for p in paths if "台账" in p.name))))
    assert ledger_rows[0][3] == "问题描述"  # one unit: no 单位 column
    assert [r[3].split("\n")[0] for r in ledger_rows[1:]] == ["来电登记本缺少三月记录"]
    with pytest.raises(PermissionDenied, match="本单位"):
        svc.run(head, "all", folder=tmp_path / "c", unit=facts["office"])
    with pytest.raises(PermissionDenied, match="无权导出"):
        svc.run(core.roster.require("S1"), "all", folder=tmp_path / "d")
    assert not (tmp_path / "c").exists() and not (tmp_path / "d").exists()


def test_period_filter_and_carried_over_findings(agency, tmp_path):
    core, _ = agency
    svc = ExportService(core)
    later = svc.run(cli_actor(), "all", folder=tmp_path / "x", start="2026-04-01", end="2026-06-30")
    names = [p.name.split("_", 1)[0] for p in later]
    # Nothing was signed then; the still-open finding is carried into the ledger.
    assert names == ["学习记录", "学习记录", "学习记录", "问题整改台账", "年度汇总"]
    rows = cells(docx.Document(str(later[3])))
    assert len(rows) == 2 and rows[1][4].startswith("来电登记本")
    assert svc.run(cli_actor(), ["commitments"], folder=tmp_path / "y", end="2025-12-31") == []


def test_arguments_are_checked_with_chinese_messages(agency):
    core, _ = agency
    assert parse_kinds("all") == parse_kinds(["report", "ALL"])
    assert parse_kinds(["report", "signin", "report"]) == ("signin", "report")
    assert parse_kinds("register") == parse_kinds("rectifications") == ("rectifications",)
    with pytest.raises(UserError, match="导出类型无效：letters"):
        parse_kinds("letters")
    assert parse_day("2026/3/1", "起始日期") == dt.date(2026, 3, 1)
    assert parse_day("2026年3月1日", "x") == parse_day("20260301", "x") == dt.date(2026, 3, 1)
    assert parse_day("", "x", required=False) is None
    assert cn_date("2026-03-01T09:30:00+08:00") == cn_date(dt.date(2026, 3, 1)) == "2026年3月1日"
    for bad in ("2026-02-30", "tomorrow", "2026-1"):
        with pytest.raises(UserError, match="不是有效的日期"):
            parse_day(bad, "起始日期")
    today = dt.date(2026, 11, 29)
    assert Period.of(None, None, today) == Period(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert Period.of(dt.date(2026, 6, 1), None, today).end == today
    assert Period.of(None, dt.date(2025, 5, 1), today).start == dt.date(2025, 1, 1)
    with pytest.raises(UserError, match="晚于"):
        Period.of(dt.date(2026, 6, 1), dt.date(2026, 5, 1), today)
    with pytest.raises(UserError, match="单位“火星”不存在"):
        ExportService(core).run(cli_actor(), "all", unit="火星")


def test_existing_files_and_links_are_never_replaced(agency, tmp_path):
    core, _ = agency
    folder = tmp_path / "out"
    first = ExportService(core).run(cli_actor(), "commitments", folder=folder)
    outside = tmp_path / "outside.docx"
    outside.write_bytes(b"keep")
    link = first[0].with_name(first[0].stem + "_2.docx")
    link.symlink_to(outside)
    before = first[0].read_bytes()
    second = ExportService(core).run(cli_actor(), "commitments", folder=folder)
    assert second[0].name == first[0].stem + "_3.docx"
    assert first[0].read_bytes() == before and outside.read_bytes() == b"keep"
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [first[0].name, link.name, second[0].name]
    )


def test_default_folder_is_exports_of_today(agency):
    core, _ = agency
    assert ExportService(core).default_folder() == core.root / "exports" / "2026-04-15"


# -- hostile text ---------------------------------------------------------------------------


def hostile_documents(folder: Path) -> list[Path]:
    """Letter, sign-in sheet and ledger full of control characters, separators,
    reserved names and a 10,000-character name, saved through `reserve`."""
    people = {
        "X1": PersonInfo("X1", HOSTILE, "CON", "科员\x0c主任"),
        "X2": PersonInfo("X2", LONG_NAME, "u2", "..\\.."),
    }
    directory = Directory("机关\x07/../", {"CON": "NUL", "u2": "../../etc"}, people)
    letter = Letter(
        id="t:2026:X1:1",
        template={"id": "t", "version": "1", "hash": "0"},
        year=2026,
        unit="CON",
        signer="X1",
        title=f"承诺书{HOSTILE}",
        preamble="第一行\x0b第二行\x0c第三行\x00\x1f\ufffe结束标记乙",
        clauses=(LONG_NAME, "丙丁\u200fمرحبا"),
        term="",
        closing="",
        signed_at="2026-03-16T09:30:00+08:00",
    )
    signature = Signature(letter.signed_at, 7, "0123456789ab", HOSTILE)
    session = StudySession(
        "S2026-009", f"会议{HOSTILE}", "m", "2026-03-16T10:00", "..", LONG_NAME, ("X1", "X2"), "X1"
    )
    signins = {"X1": SignIn("S2026-009", "X1", "proxy", "2026-03-16T10:01", "X2", LONG_NAME)}
    finding = Finding(
        "F2026-CON-001",
        2026,
        "CON",
        "A",
        "c",
        "self",
        "i",
        HOSTILE,
        LONG_NAME,
        "一般",
        HOSTILE,
        "",
        "X2",
        "2026-03-01",
        "X1",
        "X1",
        "2026-02-01T09:00",
    )
    docs = [
        (commitment_letter(letter, unit_name=HOSTILE, signer_name=LONG_NAME, signature=signature),
         ("承诺书", LONG_NAME)),
        (signin_sheet(session, signins, directory, module_title=HOSTILE, module_version="..",
                      unit_name=HOSTILE), ("CON",)),
        (rectification_register([finding], directory, today=dt.date(2026, 4, 1), period="..",
                              head=LedgerHead(9, "abc")), ("..", "/", "\\", HOSTILE)),
    ]  # fmt: skip
    paths = []
    for doc, parts in docs:
        path = reserve(folder, parts)
        doc.save(path)
        paths.append(path)
    return paths


def test_hostile_text_exports_inside_the_folder(tmp_path):
    folder = tmp_path / "hostile"
    folder.mkdir()
    paths = hostile_documents(folder)
    assert [p.parent for p in paths] == [folder] * 3
    assert paths[1].name == "_CON.docx"
    for path in paths:
        assert len(path.name.encode("utf-8")) <= 150 and "/" not in path.name
        assert "\\" not in path.name and "\x00" not in path.name
    assert {p.name for p in tmp_path.rglob("*")} == {"hostile", *(p.name for p in paths)}
    letter_text = text_of(docx.Document(str(paths[0])))
    assert "第一行\n第二行\n第三行结束标记乙" in letter_text.replace("\n\n", "\n")
    assert LONG_NAME in letter_text
    rows = cells(docx.Document(str(paths[1])))
    assert rows[1][1] == "张三/../李四\\王五:*?\n\u202e😀"  # \x0b is a line break


# -- fonts from the settings file ------------------------------------------------------------


def test_fonts_come_from_the_settings_file(agency, tmp_path):
    core, _ = agency
    settings = core.root / "settings.toml"
    try:
        settings.write_text('[fonts]\nbody = "仿宋"\ntitle = "宋体"\n', encoding="utf-8")
        assert load_fonts(core.root).body == "仿宋"
        (path,) = ExportService(core).run(cli_actor(), "report", folder=tmp_path)
        d = docx.Document(str(path))
        assert east_asian(d.styles["Normal"]) == "仿宋" and east_asian(d.styles["Title"]) == "宋体"
        settings.write_text('[fonts]\nbodyy = "仿宋"\n', encoding="utf-8")
        with pytest.raises(UserError, match=r"settings\.toml.*bodyy"):
            load_fonts(core.root)
        settings.write_text("[fonts]\nbody = \n", encoding="utf-8")
        with pytest.raises(UserError, match=r"settings\.toml 第 2 行"):
            ExportService(core).run(cli_actor(), "report", folder=tmp_path / "n")
        settings.write_text('fonts = "仿宋"\n', encoding="utf-8")
        with pytest.raises(UserError, match="fonts 应为一个表"):
            load_fonts(core.root)
        settings.write_text('[fonts]\nbody = "  "\n', encoding="utf-8")
        with pytest.raises(UserError, match="“body”不能为空"):
            load_fonts(core.root)
    finally:
        settings.unlink(missing_ok=True)
    assert load_fonts(core.root).body == "仿宋_GB2312"


# -- rendered by LibreOffice ---------------------------------------------------------------


@pytest.fixture(scope="module")
def rendered(exported, tmp_path_factory) -> dict[Path, Path]:
    require_renderer()
    hostile = hostile_documents(tmp_path_factory.mktemp("hostile"))
    docs = [p for paths in exported.values() for p in paths] + hostile
    pdfs = render_pdfs(docs, tmp_path_factory.mktemp("pdf"))
    return dict(zip(docs, pdfs, strict=True))


def test_every_document_renders_with_its_title_and_page_numbers(exported, rendered):
    for prefix, paths in exported.items():
        for path in paths:
            pages = pdf_pages_words(rendered[path])
            first = pages[0]
            top = "".join(w.text for line in first.lines()[:2] for w in line)
            assert TITLES[prefix] in top, (path.name, top)
            landscape = prefix == "问题整改台账"
            type_bottom = first.height - (26 if landscape else 35) * 72 / 25.4
            bottom = [w for w in first.words if w.y0 > type_bottom]
            assert "".join(w.text for w in bottom).endswith("—1—"), path.name
            assert (first.width > first.height) == landscape


def test_rendered_chinese_text_is_intact(exported, rendered, agency):
    _, facts = agency
    sheet = "".join(pdf_text(rendered[exported["学习签到表"][0]]).split())
    for name in ("教师甲", "教师乙", "园长甲", "职工丙", "领导甲", "请假", "代签", "补签"):
        assert name in sheet
    letter = next(p for p in exported["承诺书"] if "空白待签" not in p.name)
    text = "".join(pdf_text(rendered[letter]).split())
    assert "".join(facts["letter"].clauses[0].split()) in text
    assert short(facts["letter_entry"]["hash"]) in text
    ledger_text = "".join(pdf_text(rendered[exported["问题整改台账"][0]]).split())
    assert "已销号" in ledger_text and "（已逾期）" in ledger_text


def test_hostile_documents_render(rendered):
    hostile = [p for p in rendered if p.parent.name.startswith("hostile")]
    assert len(hostile) == 3
    letter = "".join(pdf_text(rendered[hostile[0]]).split())
    assert "张三/../李四\\王五:*?" in letter and "结束标记乙" in letter and "长" * 300 in letter
    assert len(pdf_pages_words(rendered[hostile[0]])) > 3
    sheet = "".join(pdf_text(rendered[hostile[1]]).split())
    assert "学习签到表" in sheet and "代签" in sheet


def test_letter_benchmark_runs_and_prints_the_ratio_last():
    bench = Path(__file__).resolve().parents[1] / "benchmarks" / "export_letters.py"
    done = subprocess.run(
        [sys.executable, str(bench), "--n", "5"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    lines = done.stdout.strip().splitlines()
    assert "same document both ways: yes" in lines
    assert re.fullmatch(r"ratio fresh/prepared = \d+\.\d\d", lines[-1])
