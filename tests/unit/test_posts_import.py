"""Importing 巾帼文明岗 applications (xiaoneng.sheets underneath): office-style
sheets with titles, merged cells and synonyms; bad rows named with file and
row; all or nothing; a second import finds the same posts unchanged or changed."""

from __future__ import annotations

import pytest
from conftest import ACTOR
from helpers.jinguo_sheets import ROWS, application_xlsx

from xiaoneng.errors import UserError
from xiaoneng.services.posts_import import apply_plan, plan_import, read_posts


def test_an_office_sheet_with_title_merges_and_synonyms(core, tmp_path):
    parsed = read_posts(application_xlsx(tmp_path / "申报表.xlsx"), 2026)
    assert parsed.header_row == 3 and parsed.bad == []
    posts = [r.post for r in parsed.rows]
    assert [p.name for p in posts] == ["第一办税服务窗口", "营业厅班组", "儿科护理组", "巾帼服务站"]
    grid, ward, station = posts[1], posts[2], posts[3]
    assert grid.sector == "税务"  # merged down from the row above
    assert ward.district == "凤栖区" and station.district == "凤栖区"
    assert grid.level == "市级" and station.level == "全国级"  # 市, 全国 normalised
    assert grid.members == 12 and grid.woman_leader is False
    assert station.woman_leader is None  # blank: cannot be checked
    assert [t.label() for t in ward.titles] == ["市级（2019年）", "区级（2015年）"]
    assert grid.titles[0].sector and grid.titles[0].kind == "区级系统"
    plan = plan_import(core, parsed)
    assert plan.counts() == {"new": 4, "changed": 0, "unchanged": 0, "bad": 0, "flagged": 2}
    flagged = {r.post.name: v.failed for r, v in plan.new if v.flagged}
    assert set(flagged) == {"营业厅班组", "巾帼服务站"}
    assert any("无法核对" in m for m in flagged["巾帼服务站"])
    written = apply_plan(core, ACTOR, plan)
    assert [p.id for p in written] == ["P2026-001", "P2026-002", "P2026-003", "P2026-004"]
    assert len(core.posts.posts(ACTOR, 2026)) == 4
    assert core.verifier.run().ok


def test_bad_rows_are_named_and_nothing_is_imported(core, tmp_path):
    rows = [list(r) for r in ROWS]
    rows[1][9] = 15  # more women than members
    rows[2][10] = "市级"  # a title without a year
    rows[3][5] = "县级"  # not a level one applies for
    parsed = read_posts(application_xlsx(tmp_path / "坏表.xlsx", rows), 2026)
    lines = [str(p) for p in plan_import(core, parsed).bad]
    assert lines[0] == "坏表.xlsx 第 5 行：女性人数 15 多于岗位人数 12"
    assert lines[1].startswith("坏表.xlsx 第 6 行“已获称号”：“市级”没有年份")
    assert lines[2].startswith("坏表.xlsx 第 7 行“申报级别”：申报级别应为 市级、省级、全国级 之一")
    with pytest.raises(UserError, match="3 行有问题，未导入任何岗位"):
        apply_plan(core, ACTOR, plan_import(core, parsed))
    assert core.posts.posts(ACTOR, 2026) == []


def test_a_second_import_updates_what_changed(core, tmp_path):
    apply_plan(
        core, ACTOR, plan_import(core, read_posts(application_xlsx(tmp_path / "a.xlsx"), 2026))
    )
    rows = [list(r) for r in ROWS]
    rows[1][9] = 7  # the grid team reports more women now
    rows[1][11] = "是"
    rows[3][11] = None  # a blank cell keeps what is on the register
    rows.append(
        [
            5,
            "第一办税服务窗口",
            "示例市税务局",
            "税务",
            "明珠区",
            "市级",
            "林晓梅",
            "",
            10,
            7,
            "",
            "",
            "重复",
        ]
    )
    parsed = read_posts(application_xlsx(tmp_path / "b.xlsx", rows), 2026)
    plan = plan_import(core, parsed)
    assert [str(p) for p in plan.bad] == [
        "b.xlsx 第 8 行“岗位名称”：“第一办税服务窗口”（示例市税务局，市级）与第 4 行重复"
    ]
    del rows[4]
    plan = plan_import(core, read_posts(application_xlsx(tmp_path / "c.xlsx", rows), 2026))
    assert plan.counts()["changed"] == 1 and plan.counts()["unchanged"] == 3
    assert plan.to_dict()["changed"][0]["changes"] == {
        "女性人数": {"from": 5, "to": 7},
        "女性负责人": {"from": "否", "to": "是"},
    }
    apply_plan(core, ACTOR, plan)
    grid = next(v for v in core.posts.posts(ACTOR, 2026) if v.post.name == "营业厅班组")
    assert grid.post.women == 7 and grid.post.woman_leader is True and grid.post.id == "P2026-002"


def test_a_gbk_csv_and_a_sheet_without_the_header(core, tmp_path):
    f = tmp_path / "申报.csv"
    f.write_text(
        "岗位名称,所在单位,申报级别,岗位人数,女性人数\n窗口甲,示例单位,省级,5,3\n", encoding="gbk"
    )
    parsed = read_posts(f, 2026)
    assert [(r.post.name, r.post.level) for r in parsed.rows] == [("窗口甲", "省级")]
    g = tmp_path / "空.csv"
    g.write_text("名称,备注\n甲,乙\n", encoding="utf-8")
    with pytest.raises(UserError, match="没有找到表头，缺少列：岗位名称"):
        read_posts(g, 2026)
