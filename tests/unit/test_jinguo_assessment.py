"""Self-assessment and assessors' scores on jinguo-assessment, and the file-material completeness."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xiaoneng.checklists import load_catalogue
from xiaoneng.model.assessment import (
    ScoreSheet,
    compare,
    fmt_points,
    parse_points,
    score_problems,
    sheet_total,
    unscored,
)
from xiaoneng.model.checklist import CheckTemplate
from xiaoneng.model.post_files import MaterialList, completeness
from xiaoneng.paths import bundled_checklists_dir


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue([bundled_checklists_dir()])


@pytest.fixture(scope="module")
def sheet(catalogue) -> CheckTemplate:
    template = catalogue.get("jinguo-assessment")
    assert isinstance(template, CheckTemplate)
    return template


@pytest.fixture(scope="module")
def files(catalogue) -> MaterialList:
    materials = catalogue.get("jinguo-files")
    assert isinstance(materials, MaterialList)
    return materials


def full_marks(template: CheckTemplate) -> dict[str, float]:
    return {i.id: i.points or 0.0 for g in template.groups for i in g.items}


def test_the_bundled_sheet_covers_the_published_items(sheet):
    assert sheet.total == 100
    assert sheet_total(sheet, full_marks(sheet)) == 100
    titles = " ".join(g.title for g in sheet.groups)
    for words in (
        "组织领导",
        "目标规划",
        "制度规范",
        "服务承诺卡",
        "监督电话",
        "志愿者",
        "岗位能手",
        "成效",
        "档案",
    ):
        assert words in titles
    assert all(i.basis for g in sheet.groups for i in g.items)


def test_scores_within_each_item_are_kept(sheet):
    assert score_problems(sheet, {"lead-2": 5, "lead-1": 0, "file-2": 3.5}) == []


def test_a_score_above_the_items_points_names_the_item(sheet):
    problems = score_problems(sheet, {"lead-2": 6, "nope": 1, "plan-1": -1})
    assert problems == [
        "lead-2“设立创建领导机构（领导小组），有专人负责创建工作”满分 5 分，填写了 6 分",
        "“巾帼文明岗创建考核评分表”中没有编号为 nope 的考核项",
        "plan-1：分数不能为负数，实际为 -1",
    ]


def test_an_unscored_template_cannot_take_points(catalogue):
    sancha = catalogue.get("sancha-check")
    assert score_problems(sancha, {})[0].endswith("不是计分检查表（没有 total），不能按分数评分")


@pytest.mark.parametrize(
    ("typed", "value"), [("4.5", 4.5), ("４", 4.0), (" 5 分", 5.0), ("0", 0.0)]
)
def test_typed_points_are_read(sheet, typed, value):
    assert parse_points(typed, sheet.item("lead-2")) == value


@pytest.mark.parametrize(
    ("typed", "words"), [("五", "不是分数"), ("7", "满分 5 分"), ("-1", "负数")]
)
def test_typed_points_that_do_not_fit_are_refused(sheet, typed, words):
    with pytest.raises(ValueError, match=words):
        parse_points(typed, sheet.item("lead-2"))


def test_self_and_assessor_scores_side_by_side(sheet):
    own = full_marks(sheet)
    assessed = {**own, "lead-2": 3.0, "file-1": 4.0}
    del assessed["skill-1"]
    result = compare(sheet, own, assessed)
    assert result.self_total == 100
    assert result.assessor_total == 100 - 2 - 2 - 8
    assert result.diff == -12
    gaps = result.largest_gaps()
    assert [c.item.id for c in gaps] == ["lead-2", "file-1"]
    assert all(c.diff == -2 for c in gaps)
    skill = next(c for c in result.items if c.item.id == "skill-1")
    assert skill.assessor_score is None and skill.diff is None
    first = result.groups[0]
    assert (first.points, first.self_total, first.assessor_total) == (15, 15, 13)
    assert [i.id for i in unscored(sheet, assessed)] == ["skill-1"]


def test_a_missing_sheet_shows_no_totals(sheet):
    result = compare(sheet, None, {"lead-1": 4})
    assert result.self_total is None and result.diff is None
    assert result.assessor_total == 4
    assert all(c.self_score is None for c in result.items)


def test_score_sheets_round_trip(sheet):
    s = ScoreSheet(
        post="P001",
        role="assessor",
        template=sheet.ref().to_dict(),
        scores={"lead-1": 4.0},
        entered_by="A001",
        entered_at="2026-06-01T10:00:00+08:00",
        scorer="考核组（示例）",
        notes={"lead-1": "领导小组文件齐全"},
    )
    assert ScoreSheet.from_dict(s.to_dict()) == s


def test_points_format():
    assert [fmt_points(v) for v in (5.0, 4.5, 87.25, 1 / 3)] == ["5", "4.5", "87.25", "0.33"]


@given(data=st.data())
def test_totals_and_differences_add_up(sheet, data):
    items = [i for g in sheet.groups for i in g.items]

    def scores() -> dict[str, float]:
        chosen = data.draw(st.lists(st.sampled_from(items), unique_by=lambda i: i.id))
        return {i.id: data.draw(st.integers(0, int((i.points or 0) * 2))) / 2 for i in chosen}

    own, assessed = scores(), scores()
    assert score_problems(sheet, own) == [] and score_problems(sheet, assessed) == []
    result = compare(sheet, own, assessed)
    assert result.self_total == pytest.approx(sum(own.values()))
    assert result.diff == pytest.approx(sum(assessed.values()) - sum(own.values()))
    assert sum(g.assessor_total or 0 for g in result.groups) == pytest.approx(result.assessor_total)
    assert 0 <= (result.self_total or 0) <= sheet.total


def test_the_file_list_names_the_usual_materials(files):
    titles = " ".join(m.title for m in files.materials)
    for words in (
        "申报表",
        "创建规划",
        "领导机构",
        "会议记录",
        "活动记录",
        "培训计划",
        "自查",
        "荣誉",
        "照片",
    ):
        assert words in titles
    assert all(m.basis for m in files.materials)


def test_completeness_counts_required_materials_only(files):
    required = [m.id for m in files.materials if m.required]
    optional = [m.id for m in files.materials if not m.required]
    none = completeness(files, [])
    assert not none.complete and len(none.missing) == len(required)
    partial = completeness(files, [*required[:-1], optional[0], "old-item"])
    assert not partial.complete
    assert [m.id for m in partial.missing] == [required[-1]]
    assert partial.unknown == ("old-item",)
    assert partial.label() == (f"必备 {len(required) - 1}/{len(required)}，可选 1/{len(optional)}")
    done = completeness(files, required)
    assert done.complete and done.to_dict()["complete"] is True
