"""The checklist kinds for 巾帼文明岗: scored check files, `conditions` and `materials`.

Each broken file is reported with the field path, its line and what was
expected, as for the older kinds; files without points load as before.
"""

from __future__ import annotations

import pytest

from xiaoneng.checklists import load_catalogue, load_file
from xiaoneng.checklists.loader import load_text
from xiaoneng.model.checklist import KIND_LABELS, KINDS, CheckTemplate
from xiaoneng.model.post_files import MaterialList
from xiaoneng.paths import bundled_checklists_dir

HEAD = """
id = "{id}"
kind = "{kind}"
title = "测试"
version = "1"
{extra}
[source]
name = "示例通知"
issuer = "示例妇联"
revised = 2026-01-05
effective = 2026-01-05
"""

RESULTS = """
[[results]]
code = "ok"
label = "符合"
score = 1.0
[[results]]
code = "fail"
label = "不符合"
score = 0.0
finding = true
"""


def scored(total: str, *groups: tuple[str, list[str]]) -> str:
    text = HEAD.format(id="t-score", kind="check", extra=f'modes = ["self", "lead"]\n{total}\n')
    text += RESULTS
    for header, items in groups:
        text += f'\n[[groups]]\ntitle = "组"\n{header}\n'
        for item in items:
            text += f'\n[[groups.items]]\ntext = "项"\nbasis = "依据"\n{item}\n'
    return text


def problems_of(text: str) -> list[tuple[int | None, str, str]]:
    checklist, problems = load_text(text, "t.toml")
    assert (checklist is None) == bool(problems)
    return [(p.line, p.path, p.message) for p in problems]


def line_of(text: str, needle: str, nth: int = 1) -> int:
    lines = [n for n, line in enumerate(text.splitlines(), 1) if needle in line]
    return lines[nth - 1]


def test_a_scored_template_loads_with_points_as_weights():
    text = scored("total = 10", ("points = 10", ["points = 4", "points = 6"]))
    template, problems = load_text(text, "t.toml")
    assert problems == [] and isinstance(template, CheckTemplate)
    assert template.scored and template.total == 10
    assert [i.points for i in template.groups[0].items] == [4, 6]
    assert [i.weight for i in template.groups[0].items] == [4, 6]
    assert template.groups[0].points == 10
    assert template.item("1.2") is not None


def test_older_check_files_are_not_scored():
    catalogue = load_catalogue([bundled_checklists_dir()])
    checks = {c.id: c for c in catalogue.checks()}
    assert checks["jinguo-assessment"].scored
    assert not checks["sancha-check"].scored and not checks["safety-hazard-check"].scored
    assert all(i.points is None for g in checks["sancha-check"].groups for i in g.items)


def test_points_must_add_up_to_the_total():
    text = scored("total = 100", ("", ["points = 40", "points = 50"]))
    assert problems_of(text) == [
        (line_of(text, "total = 100"), "total", "各项 points 合计 90 分，与 total = 100 不符")
    ]


def test_a_group_subtotal_must_match_its_items():
    text = scored(
        "total = 10", ("points = 5", ["points = 4", "points = 2"]), ("points = 4", ["points = 4"])
    )
    assert problems_of(text) == [
        (
            line_of(text, "points = 5"),
            "groups[0].points",
            "本组各项 points 合计 6 分，与本组 points = 5 不符",
        )
    ]


def test_every_item_of_a_scored_file_needs_points():
    text = scored("total = 4", ("", ["points = 4", ""]))
    assert problems_of(text) == [
        (
            line_of(text, "[[groups.items]]", 2),
            "groups[0].items[1]",
            "计分检查表（写了 total）的每一项都要写 points（满分）",
        )
    ]


def test_points_without_a_total_are_refused():
    text = scored("", ("points = 4", ["points = 4"]))
    found = problems_of(text)
    assert {p for _, p, _ in found} == {"groups[0].items[0].points", "groups[0].points"}
    assert all("要在文件开头写 total（总分）" in m for _, _, m in found)


@pytest.mark.parametrize(
    ("item", "path", "words"),
    [
        ("points = 0", "groups[0].items[0].points", "应为大于 0 的分数，实际为 0"),
        ('points = "5"', "groups[0].items[0].points", "应为数字（不加引号）"),
        ("points = 5\nweight = 2", "groups[0].items[0].weight", "不再写 weight"),
    ],
)
def test_bad_points_name_the_field(item, path, words):
    text = scored("total = 5", ("", [item]))
    found = problems_of(text)
    assert any(p == path and words in m for _, p, m in found), found


def conditions_file(level: str) -> str:
    return HEAD.format(id="c-test", kind="conditions", extra="year = 2026\n") + level


GOOD_LEVEL = """
[[levels]]
level = "市级"
women_percent = 50
share_rule = "at_least"
woman_leader = true
basis = "一"
[[levels.titles]]
accept = ["区级"]
years = 2
basis = "二"
"""


@pytest.mark.parametrize(
    ("old", "new", "path", "words"),
    [
        ("women_percent = 50", "women_percent = 0.5", "levels[0].women_percent", "不写 0.5"),
        ("women_percent = 50", "women_percent = 120", "levels[0].women_percent", "不超过 100"),
        ('share_rule = "at_least"', 'share_rule = "over"', "levels[0].share_rule", "“at_least”"),
        ('level = "市级"', 'level = "区级"', "levels[0].level", "“市级”、“省级”、“全国级”"),
        ('accept = ["区级"]', 'accept = ["镇级"]', "levels[0].titles[0].accept[0]", "市级系统"),
        ("years = 2", "years = -1", "levels[0].titles[0].years", "应不小于 0"),
        ('basis = "一"', "", "levels[0].basis", "缺少此字段"),
        ("woman_leader = true", 'woman_leader = "是"', "levels[0].woman_leader", "true 或 false"),
        ("woman_leader = true", "leader_woman = true", "levels[0].leader_woman", "未知字段"),
    ],
)
def test_conditions_problems_name_field_and_line(old, new, path, words):
    text = conditions_file(GOOD_LEVEL.replace(old, new))
    found = problems_of(text)
    assert len(found) == 1, found
    line, where, message = found[0]
    assert where == path and words in message
    needle = new or "[[levels]]"
    assert line == line_of(text, needle)


def test_a_level_given_twice_is_refused():
    text = conditions_file(GOOD_LEVEL + GOOD_LEVEL)
    assert problems_of(text) == [
        (line_of(text, 'level = "市级"', 2), "levels[1].level", "“市级”的条件与 levels[0] 重复")
    ]


def test_conditions_need_a_year_and_levels():
    text = HEAD.format(id="c-test", kind="conditions", extra="")
    assert {p for _, p, _ in problems_of(text)} == {"year", "levels"}


MATERIAL = """
[[materials]]
id = "{id}"
title = "申报表"
category = "一、申报材料"
required = {required}
basis = "通知"
"""


def test_materials_load_and_group_by_category():
    text = HEAD.format(id="m-test", kind="materials", extra="") + MATERIAL.format(
        id="a", required="true"
    )
    loaded, problems = load_text(text, "m.toml")
    assert problems == [] and isinstance(loaded, MaterialList)
    assert loaded.counts() == {"materials": 1, "required": 1}
    assert [c for c, _ in loaded.categories()] == ["一、申报材料"]


@pytest.mark.parametrize(
    ("body", "path", "words"),
    [
        (MATERIAL.format(id="a", required="false"), "materials", "至少要有一项 required = true"),
        (MATERIAL.format(id="A b", required="true"), "materials[0].id", "只能使用小写字母"),
        (
            MATERIAL.format(id="a", required="true") + MATERIAL.format(id="a", required="true"),
            "materials[1].id",
            "与 materials[0] 重复",
        ),
        (
            MATERIAL.format(id="a", required="true").replace("required = true\n", ""),
            "materials[0].required",
            "true 必备，false 可选",
        ),
    ],
)
def test_materials_problems(body, path, words):
    found = problems_of(HEAD.format(id="m-test", kind="materials", extra="") + body)
    assert any(p == path and words in m for _, p, m in found), found


def test_unknown_kind_lists_every_kind():
    found = problems_of(HEAD.format(id="x", kind="survey", extra=""))
    message = next(m for _, p, m in found if p == "kind")
    for kind in KINDS:
        assert f"“{kind}”（{KIND_LABELS[kind]}）" in message


@pytest.mark.parametrize("name", ["jinguo-conditions-2014", "jinguo-assessment", "jinguo-files"])
def test_bundled_jinguo_files_load(name):
    loaded, problems = load_file(bundled_checklists_dir() / f"{name}.toml")
    assert problems == [] and loaded is not None and loaded.id == name
