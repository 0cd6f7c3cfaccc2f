"""Hard conditions for 巾帼文明岗 applications: read from the bundled data file, checked per post."""

from __future__ import annotations

import dataclasses
from fractions import Fraction

import pytest
from helpers.jinguo_samples import make_post
from hypothesis import given
from hypothesis import strategies as st

from xiaoneng.checklists import load_file
from xiaoneng.checklists.loader import load_text
from xiaoneng.model.post_conditions import (
    ConditionSet,
    check_conditions,
    failed_conditions,
    percent,
    pick_conditions,
)
from xiaoneng.model.posts import LEVELS, Title
from xiaoneng.paths import bundled_checklists_dir


@pytest.fixture(scope="module")
def conditions() -> ConditionSet:
    loaded, problems = load_file(bundled_checklists_dir() / "jinguo-conditions-2014.toml")
    assert problems == []
    assert isinstance(loaded, ConditionSet)
    return loaded


def test_the_bundled_file_has_every_level(conditions):
    assert conditions.year == 2014
    assert [c.level for c in conditions.levels] == list(LEVELS)
    city = conditions.for_level("市级")
    assert city is not None
    assert city.women_percent == 50 and city.share_rule == "at_least" and city.woman_leader
    assert city.titles[0].years == 2


def test_a_post_meeting_every_condition_has_no_reasons(conditions):
    post = make_post()
    assert failed_conditions(post, conditions) == []
    results = {r.code: r for r in check_conditions(post, conditions)}
    assert set(results) == {"women_share", "woman_leader", "titles"}
    assert results["women_share"].message == "女性 5 人，占岗位 10 人的 50%"
    assert results["titles"].message == "已获区级（2024年）称号，至2026年已满2年"


def test_fifty_percent_is_enough_because_yishang_includes_the_number(conditions):
    assert failed_conditions(make_post(members=10, women=5), conditions) == []
    reasons = failed_conditions(make_post(members=9, women=4), conditions)
    assert len(reasons) == 1
    assert "女性 4 人，占岗位 9 人的 44.4%，应不低于 50%" in reasons[0]
    assert "二、创建条件（一）" in reasons[0]


def test_more_than_excludes_the_number(conditions):
    city = conditions.for_level("市级")
    assert city is not None
    strict = dataclasses.replace(
        conditions, levels=(dataclasses.replace(city, share_rule="more_than"),)
    )
    reasons = failed_conditions(make_post(members=10, women=5), strict)
    assert reasons and "应超过 50%" in reasons[0]
    assert failed_conditions(make_post(members=10, women=6), strict) == []


def test_woman_leader_missing_or_absent_is_flagged(conditions):
    unknown = check_conditions(make_post(woman_leader=None), conditions)
    flagged = [r for r in unknown if not r.ok]
    assert len(flagged) == 1 and flagged[0].unknown
    assert "未写明主要负责人中是否有女性" in flagged[0].message
    absent = failed_conditions(make_post(woman_leader=False), conditions)
    assert absent == [
        "主要负责人中没有女性，应至少有一名女性（2014年市级申报通知 二、创建条件（一））"
    ]


@pytest.mark.parametrize(
    ("titles", "ok"),
    [
        ((Title("区级", 2024),), True),  # 2026 - 2024 = 2 years: 两年以上 includes 2
        ((Title("区级", 2025),), False),
        ((Title("区级", 2020, sector=True),), True),
        ((Title("市级", 2023, sector=True),), True),
        ((Title("省级", 2020, sector=True),), False),  # not one the city notice names
        ((), False),
        ((Title("区级", 2025), Title("市级", 2019, sector=True)), True),
    ],
)
def test_city_level_needs_a_district_or_sector_title_held_two_years(conditions, titles, ok):
    reasons = failed_conditions(make_post(titles=titles), conditions)
    assert (reasons == []) is ok
    if not ok:
        assert reasons[0].startswith(
            "申报市级应已获区级或区级系统或市级系统称号满2年（2024年或更早获得）"
        )


def test_provincial_level_has_two_ways_to_meet_the_title_condition(conditions):
    def reasons(*titles: Title) -> list[str]:
        return failed_conditions(make_post(level="省级", titles=titles), conditions)

    assert reasons(Title("市级", 2024)) == []
    assert reasons(Title("省级", 2025, sector=True)) == []
    failed = reasons(Title("市级", 2025), Title("区级", 2010))
    assert len(failed) == 1
    assert "应已获市级称号满2年（2024年或更早获得）；或已获省级系统或全国级系统称号" in failed[0]
    assert (
        "已获称号：区级（2010年）、市级（2025年）" not in failed[0]
    )  # listed as the post has them
    assert "已获称号：市级（2025年）、区级（2010年）" in failed[0]


def test_national_level_needs_a_provincial_title(conditions):
    post = make_post(level="全国级", titles=(Title("市级", 2015),))
    assert (
        "申报全国级应已获省级或全国级或省级系统或全国级系统称号"
        in failed_conditions(post, conditions)[0]
    )
    assert (
        failed_conditions(make_post(level="全国级", titles=(Title("省级", 2025),)), conditions)
        == []
    )


def test_several_failures_are_all_listed(conditions):
    post = make_post(members=10, women=3, woman_leader=False, titles=())
    assert len(failed_conditions(post, conditions)) == 3


def test_impossible_numbers_are_flagged_not_divided(conditions):
    for members, women in ((0, 0), (5, 6), (5, -1)):
        results = check_conditions(make_post(members=members, women=women), conditions)
        assert [r.code for r in results] == ["data"] and results[0].unknown


def test_a_level_the_file_does_not_cover_is_flagged(conditions):
    only_city = dataclasses.replace(conditions, levels=conditions.levels[:1])
    reasons = failed_conditions(make_post(level="全国级"), only_city)
    assert reasons == [f"条件文件“{conditions.title}”没有规定“全国级”的申报条件，无法核对"]


MINIMUM = """
id = "jinguo-conditions-2026"
kind = "conditions"
title = "巾帼文明岗申报条件（示例新年度）"
version = "1"
year = 2026

[source]
name = "示例通知"
issuer = "示例妇联"
revised = 2026-01-05
effective = 2026-01-05

[[levels]]
level = "市级"
women_percent = 60
share_rule = "at_least"
min_members = 3
basis = "示例通知 一"
"""


def test_a_new_year_file_changes_the_numbers_not_the_code(conditions):
    newer, problems = load_text(MINIMUM, "new.toml")
    assert problems == [] and isinstance(newer, ConditionSet)
    post = make_post(members=2, women=1, titles=(), woman_leader=False)
    assert failed_conditions(post, newer) == [
        "岗位 2 人，应不少于 3 人（示例通知 一）",
        "女性 1 人，占岗位 2 人的 50%，应不低于 60%（示例通知 一）",
    ]
    assert pick_conditions([conditions, newer], 2025) is conditions
    assert pick_conditions([conditions, newer], 2026) is newer
    assert pick_conditions([conditions, newer], 2013) is None


def test_percent_text():
    assert percent(Fraction(50)) == "50%"
    assert percent(Fraction(200, 3)) == "66.7%"


@given(
    members=st.integers(1, 500),
    data=st.data(),
    level=st.sampled_from(LEVELS),
    woman_leader=st.none() | st.booleans(),
)
def test_share_check_agrees_with_exact_arithmetic(conditions, members, data, level, woman_leader):
    women = data.draw(st.integers(0, members))
    post = make_post(members=members, women=women, level=level, woman_leader=woman_leader)
    results = {r.code: r for r in check_conditions(post, conditions)}
    assert results["women_share"].ok is (2 * women >= members)
    assert results["woman_leader"].ok is (woman_leader is True)
    assert failed_conditions(post, conditions) == [r.message for r in results.values() if not r.ok]
