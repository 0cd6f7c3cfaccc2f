"""巾帼文明岗 applicant posts: earlier titles read from a sheet cell, field checks, round trips."""

from __future__ import annotations

import pytest
from helpers.jinguo_samples import make_post
from hypothesis import given
from hypothesis import strategies as st

from xiaoneng.model.posts import (
    LEVELS,
    TIERS,
    Post,
    StateChange,
    Title,
    TitleParseError,
    format_titles,
    parse_titles,
    post_problems,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("区级2012", (Title("区级", 2012),)),
        ("区级 2012年", (Title("区级", 2012),)),
        ("2013年市级", (Title("市级", 2013),)),
        ("区级2012；市级系统2015", (Title("区级", 2012), Title("市级", 2015, True))),
        ("区级（2012）、省级行业2019", (Title("区级", 2012), Title("省级", 2019, True))),
        ("国家级2020", (Title("全国级", 2020),)),
        ("全国2021", (Title("全国级", 2021),)),
        ("县级2011", (Title("区级", 2011),)),
        ("系统2014", (Title("市级", 2014, True),)),
        ("市直系统2016", (Title("市级", 2016, True),)),
        ("区级巾帼文明岗2012年,\n省级2018", (Title("区级", 2012), Title("省级", 2018))),
        ("", ()),
        ("无", ()),
        ("—", ()),
    ],
)
def test_titles_are_read_from_a_sheet_cell(text, expected):
    assert parse_titles(text) == expected


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("2012", "没有称号级别"),
        ("区级", "没有年份"),
        ("区级2012 2013", "有多个年份"),
        ("先进集体2015", "没有称号级别"),
    ],
)
def test_unreadable_titles_say_which_part(text, words):
    with pytest.raises(TitleParseError) as err:
        parse_titles(text)
    assert words in str(err.value)
    assert text.split()[0] in str(err.value)


def test_title_kinds_and_labels():
    assert Title("市级", 2015, sector=True).kind == "市级系统"
    assert Title("区级", 2012).label() == "区级（2012年）"
    assert format_titles(()) == "无"
    assert format_titles((Title("区级", 2012), Title("省级", 2019, True))) == (
        "区级（2012年）、省级系统（2019年）"
    )


def test_a_good_post_has_no_problems():
    assert post_problems(make_post()) == []


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (dict(name="  "), "岗位名称不能为空"),
        (dict(organisation=""), "所在单位不能为空"),
        (dict(level="区级"), "申报级别应为 市级、省级、全国级 之一"),
        (dict(year=1900, titles=()), "申报年度"),
        (dict(members=0), "岗位人数应为正整数"),
        (dict(women=-1), "女性人数不能为负数"),
        (dict(women=11), "女性人数 11 多于岗位人数 10"),
        (dict(phone="请打总机"), "联系电话"),
        (dict(titles=(Title("区级", 2027),)), "区级（2027年）"),
        (dict(titles=(Title("乡级", 2020),)), "已获称号的级别"),
    ],
)
def test_post_field_problems_name_the_field(change, words):
    problems = post_problems(make_post(**change))
    assert len(problems) == 1
    assert words in problems[0]


def test_women_share():
    assert make_post(members=8, women=4).women_share() == 0.5
    assert make_post(members=0, women=0).women_share() is None


titles = st.builds(Title, st.sampled_from(TIERS), st.integers(1990, 2030), st.booleans())
changes = st.builds(
    StateChange,
    action=st.sampled_from(["screen", "assess", "name", "reject", "review"]),
    before=st.text(max_size=10),
    after=st.text(max_size=10),
    at=st.text(max_size=25),
    by=st.text(max_size=8),
    reason=st.text(max_size=30),
    year=st.none() | st.integers(1990, 2100),
)
posts = st.builds(
    Post,
    id=st.text(min_size=1, max_size=8),
    name=st.text(max_size=20),
    organisation=st.text(max_size=20),
    sector=st.text(max_size=8),
    district=st.text(max_size=8),
    level=st.sampled_from(LEVELS),
    year=st.integers(1990, 2100),
    leader=st.text(max_size=8),
    phone=st.text(max_size=15),
    contact=st.text(max_size=8),
    members=st.integers(0, 10_000),
    women=st.integers(0, 10_000),
    woman_leader=st.none() | st.booleans(),
    titles=st.lists(titles, max_size=4).map(tuple),
    state=st.sampled_from(["applied", "named", "rejected"]),
    history=st.lists(changes, max_size=3).map(tuple),
)


@given(posts)
def test_a_post_survives_a_round_trip_through_a_dict(post):
    assert Post.from_dict(post.to_dict()) == post
    assert set(post.public()) == set(post.to_dict()) - {"history"}


@given(st.lists(titles, min_size=1, max_size=4))
def test_formatted_titles_parse_back(ts):
    text = "；".join(f"{t.kind}{t.year}" for t in ts)
    assert parse_titles(text) == tuple(ts)
