"""Every kind of exported document, read back with python-docx, from a small
agency's real records (rendering them is tests/e2e/test_export_docs_render.py).

Also: who may export what, the period and unit filters, file names that never
leave the folder or replace a file, hostile text, and the fonts settings file.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Pt
from helpers.export_data import (
    LONG_NAME,
    MODULE,
    TITLES,
    export_year,
    hostile_documents,
    new_agency,
    populate,
)

from xiaoneng.errors import PermissionDenied, UserError
from xiaoneng.model.dates import cn_date, parse_day
from xiaoneng.services.export_kinds import parse_kinds
from xiaoneng.services.exporting import ExportService, Period
from xiaoneng.services.ledger import short
from xiaoneng.services.permissions import cli_actor
from xiaoneng.services.settings import load_fonts


@pytest.fixture(scope="module")
def agency(tmp_path_factory):
    core, clock = new_agency(tmp_path_factory.mktemp("agency") / "data")
    facts = populate(core, clock)
    return core, facts


@pytest.fixture(scope="module")
def exported(agency, tmp_path_factory) -> dict[str, list[Path]]:
    return export_year(agency[0], tmp_path_factory.mktemp("exports"))


def cells(document) -> list[list[str]]:
    return [[c.text for c in row.cells] for t in document.tables for row in t.rows]


def text_of(document) -> str:
    return "\n".join(p.text for p in document.paragraphs)


def main_rows(document) -> list[list[str]]:
    """Rows of the document's last table (after a form's header grid)."""
    return [[c.text for c in row.cells] for row in document.tables[-1].rows]


def grid(document) -> dict[str, str]:
    """A form's header grid (its first table) as label -> value."""
    pairs = {}
    for row in document.tables[0].rows:
        texts = [c.text for c in row.cells]
        for i in range(0, len(texts) - 1, 2):
            pairs.setdefault(texts[i], texts[i + 1])
    return pairs


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
    assert any("空白待签" in n and "效能" in n for n in letters)
    every = [p.name for paths in exported.values() for p in paths]
    assert not any("letter-" in n or ":" in n or "|" in n for n in every)


def test_layout_fonts_and_page_numbers_of_every_document(exported):
    for prefix, paths in exported.items():
        for path in paths:
            d = docx.Document(str(path))
            (section,) = d.sections
            landscape = prefix == "整改台账"
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
            # A letter too long for two pages on the 3号 grid is set on a denser one.
            sizes = (Pt(16), Pt(14), Pt(12)) if prefix == "承诺书" else (Pt(16),)
            assert body.font.size in sizes and east_asian(body) == "仿宋_GB2312"
            for table in d.tables:
                assert table.rows[0].cells[0].paragraphs[0].style.name == "Table Heading"
            assert east_asian(d.styles["Table Text"]) == "仿宋_GB2312"
            assert east_asian(d.styles["Table Heading"]) == "黑体"
            footer = section.footer.paragraphs[0]._p
            assert [i.text.strip() for i in footer.iter(qn("w:instrText"))] == ["PAGE"]


def test_signin_sheet_rows_states_and_counts(exported, agency):
    d = docx.Document(str(exported["签到表"][0]))
    rows = main_rows(d)
    assert rows[0] == ["序号", "姓名", "部门/单位", "职务", "时间", "签名", "备注", "校验码"]
    by_name = {r[1]: r for r in rows[1:]}
    assert set(by_name) == {"教师甲", "教师乙", "园长甲", "职工丙", "领导甲"}
    assert by_name["教师甲"][2:5] == ["测试幼儿园", "教师", "09:30"]
    assert by_name["教师甲"][5] == ""  # blank for the ink signature
    assert by_name["教师甲"][6] == "电子签到" and len(by_name["教师甲"][7]) == 12
    assert by_name["教师乙"][4] == "" and by_name["教师乙"][6].startswith("请假：外出培训（")
    assert by_name["职工丙"][6].startswith("代签：手机没电由办公室代签（")
    assert by_name["园长甲"][6].startswith("补签：当天值班次日补签（")
    assert by_name["领导甲"][6] == "未签到" and by_name["领导甲"][4] == ""
    header = grid(d)
    assert header["名称"] == "安全生产法集中学习" and header["地点"] == "三楼会议室"
    version = agency[0].study.module(MODULE).version
    assert header["主持人/主讲人"] == "领导甲" and header["学习内容"].endswith(
        f"（第 {version} 版）"
    )
    assert header["时间"] == "2026年3月16日 10:00" and header["记录人"] == "办公室科员"
    text = text_of(d)
    # the count breaks between its phrases only, never inside one
    assert (
        "\n应到 5 人，实到 3 人（其中补签 1 人、代签 1 人），请假 1 人，"
        "\n缺席 1 人（其中未登记 1 人）。\n"
    ) in text
    assert "记录人（签字）：" in text and "记录编号：签到表〔2026〕S001。" in text


def test_study_record_lists_done_with_scores_and_who_has_not(exported, agency):
    core, facts = agency
    module = core.study.module(MODULE)
    n = len(module.questions)
    path = next(p for p in exported["学习记录"] if "安全生产法" in p.name)
    assert path.name.startswith("学习记录〔2026〕WSL2021-总_")
    d = docx.Document(str(path))
    rows = cells(d)
    done = [r for r in rows if r[1] == "教师甲"]
    assert done and done[0][4] == f"{n}/{n}" and done[0][5] == "第1次"
    assert done[0][6] == short(facts["completion_entry"]["hash"])
    done_t, pending_t, tries_t = ([[c.text for c in row.cells] for row in t.rows] for t in d.tables)
    assert pending_t[0] == ["序号", "姓名", "单位", "职务", "情况"]
    pending = {r[1]: r[-1] for r in pending_t[1:]}
    assert pending["教师乙"] == "未通过测验（已作答 1 次）"
    assert pending["管理员甲"] == "未学习"
    # Every attempt, signed with the paper it was answered on (here the whole bank).
    assert tries_t[0] == ["序号", "姓名", "时间", "方式", "得分", "结果", "试卷", "状态"]
    tries = {r[1]: r[2:] for r in tries_t[1:]}
    assert tries["教师甲"][1:] == ["终端测验", f"{n}/{n}", "通过", "全部题目", "有效"]
    assert tries["教师乙"][1:] == ["终端测验", f"0/{n}", "未通过", "全部题目", "有效"]
    text = text_of(d)
    assert f"答对 {module.pass_mark} 题及以上为合格" in text and "2021年修正" in text
    assert "记录编号：学习记录〔2026〕WSL2021-总" in text and MODULE not in text


def test_check_forms_hold_items_results_findings_and_signature_lines(exported, agency):
    _, facts = agency
    own = docx.Document(str(exported["自查表"][0]))
    rows = cells(own)
    results = {r[1]: r[2] for r in rows if r[0].isdigit() and len(r) == 4}
    assert any(t.startswith("落实首问负责制") and v == "不符合" for t, v in results.items())
    assert sum(v == "符合" for v in results.values()) == len(results) - 1
    fixes = [r for r in rows if r[1] == "来电登记本缺少三月记录"]
    assert fixes and fixes[0][2:] == [
        "补登并每日核对",
        "500元",
        "教师甲",
        "2026年3月20日",
        "园长甲",
    ]
    text = text_of(own)
    for line in ("被检查人（签字）：", "检查人（签字）：", "日期："):
        assert line in text
    header = grid(own)
    assert header["检查人"] == header["被检查人"] == "教师甲（测试幼儿园）"
    assert header["检查方式"] == "自查" and header["检查日期"] == "2026年3月16日"
    assert short(facts["own_entry"]["hash"]) in text and "2026年3月16日 09:30" in text
    assert "记录编号：自查表〔2026〕A001-S1。" in text
    lead = [docx.Document(str(p)) for p in exported["巡查表"]]
    assert len(lead) == 2
    assert any("被检查单位负责人（签字）" in text_of(d) for d in lead)
    assert any("〔重大〕办事指南未公开" in c for d in lead for r in cells(d) for c in r)


def test_rectification_ledger_rows_overdue_and_closed(exported):
    (path,) = exported["整改台账"]
    d = docx.Document(str(path))
    rows = cells(d)
    assert rows[0][:5] == ["序号", "单位", "发现日期", "发现方式", "问题描述"]
    assert rows[0][-1] == "销号"
    open_row = next(r for r in rows if r[4].startswith("来电登记本缺少三月记录"))
    assert open_row[1] == "测试幼儿园" and open_row[3] == "自查" and open_row[5] == "一般"
    assert "（已逾期）" in open_row[8] and "逾期 26 天" in open_row[9]
    assert open_row[9].startswith("整改中") and open_row[-1] == ""
    closed = next(r for r in rows if r[4].startswith("办事指南未公开"))
    assert closed[3] == "巡查" and closed[5] == "重大" and closed[-1] == "已销号"
    assert closed[7] == "职工丙" and closed[10] == "领导甲\n2026年3月16日"
    assert closed[2] == "2026年3月16日"
    text = text_of(d)
    assert "共 2 项（其中重大 1 项）：已销号 1 项，未销号 1 项，其中逾期 1 项。" in text
    assert "导出时台账共" in text and "记录编号：整改台账〔2026〕总。" in text


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
    assert f"记录编号：承诺书〔2026〕H1-{seq}；" in joined and "letter-" not in joined
    assert path.name.startswith(f"承诺书〔2026〕H1-{seq}_测试幼儿园_园长甲")
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
    paths = svc.run(cli_actor(), "signin", folder=tmp_path / "a", unit="测试幼儿园").files
    assert paths[0].name.startswith("签到表〔2026〕S001-D02_")
    rows = main_rows(docx.Document(str(paths[0])))
    assert {r[1] for r in rows[1:]} == {"教师甲", "教师乙", "园长甲"}
    head = core.roster.require("H1")
    paths = svc.run(head, ["rectifications", "checks"], folder=tmp_path / "b").files
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
    later = svc.run(
        cli_actor(), "all", folder=tmp_path / "x", start="2026-04-01", end="2026-06-30"
    ).files
    names = [p.name.split("〔", 1)[0] for p in later]
    # Nothing was signed then; the still-open finding is carried into the ledger.
    assert names == ["学习记录", "学习记录", "学习记录", "整改台账", "年度汇总"]
    assert later[3].name.startswith("整改台账〔2026〕总-0401-0630_")
    rows = cells(docx.Document(str(later[3])))
    assert len(rows) == 2 and rows[1][4].startswith("来电登记本")
    nothing = svc.run(cli_actor(), ["commitments"], folder=tmp_path / "y", end="2025-12-31")
    assert nothing.files == [] and not (tmp_path / "y").exists()


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
    first = ExportService(core).run(cli_actor(), "commitments", folder=folder).files
    outside = tmp_path / "outside.docx"
    outside.write_bytes(b"keep")
    link = first[0].with_name(first[0].stem + "_2.docx")
    link.symlink_to(outside)
    before = first[0].read_bytes()
    second = ExportService(core).run(cli_actor(), "commitments", folder=folder)
    assert second.files[0].name == first[0].stem + "_3.docx"
    assert first[0].read_bytes() == before and outside.read_bytes() == b"keep"
    assert sorted(p.name for p in (folder / "承诺书").iterdir()) == sorted(
        [first[0].name, link.name, second.files[0].name]
    )
    assert [p.name for p in second.index] == ["归档目录_2.docx", "归档目录_2.xlsx"]


def test_default_folder_is_exports_of_today(agency):
    core, _ = agency
    assert ExportService(core).default_folder() == core.root / "exports" / "2026-04-15"


# -- hostile text ---------------------------------------------------------------------------


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
    rows = main_rows(docx.Document(str(paths[1])))
    assert rows[1][1] == "张三/../李四\\王五:*?\n\u202e😀"  # \x0b is a line break


# -- fonts from the settings file ------------------------------------------------------------


def test_fonts_come_from_the_settings_file(agency, tmp_path):
    core, _ = agency
    settings = core.root / "settings.toml"
    try:
        settings.write_text('[fonts]\nbody = "仿宋"\ntitle = "宋体"\n', encoding="utf-8")
        assert load_fonts(core.root).body == "仿宋"
        (path,) = ExportService(core).run(cli_actor(), "report", folder=tmp_path).files
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
