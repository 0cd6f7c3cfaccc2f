"""Quiz quality warnings in `xiaoneng checklists validate`: one fixture per rule, just over
and just under each threshold, then the real command for output, --json and --strict."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_cli

from xiaoneng.checklists import load_catalogue
from xiaoneng.checklists.loader import load_file
from xiaoneng.checklists.quality import (
    NEAR_DUPLICATE,
    fingerprint,
    quality_warnings,
    similarity,
)
from xiaoneng.model.checklist import StudyModule
from xiaoneng.paths import bundled_checklists_dir

HEAD = """id = "{id}"
kind = "study"
title = "质量测试"
version = "1"

[source]
name = "中华人民共和国安全生产法"
issuer = "全国人民代表大会常务委员会"
revised = 2021-06-10
effective = 2021-09-01

[quiz]
pass_mark = 1

[[sections]]
title = "第一章 总则"
refs = ["第三条", "第五条"]
points = ["主要负责人是第一责任人。", "《消防法》第十六条规定单位的消防安全职责。"]
"""

# Distinct subjects and keys, so the only near duplicates are the ones a test adds on purpose.
SUBJECTS = [
    "灭火器压力",
    "疏散通道杂物",
    "食堂燃气阀门",
    "午睡室插座",
    "外出租用车辆",
    "门卫来访登记",
    "应急疏散演练",
]
KEYS = [
    "指针在绿区",
    "清走堆放物",
    "用后关阀门",
    "加装防护盖",
    "查营运资质",
    "核实再放行",
    "每学期一次",
]


def single(n: int, longest: bool, ref: str = "第五条", text: str | None = None) -> str:
    subject, key = SUBJECTS[n % len(SUBJECTS)], KEYS[n % len(KEYS)]
    right = f"{key}，并且记录在案" if longest else key
    return f"""
[[questions]]
type = "single"
text = "{text or f"{subject}怎样才合格？"}"
choices = ["{right}", "等上级来查", "交给保安办", "坏了再处理"]
answer = "A"
explanation = "按规定检查。"
ref = "{ref}"
"""


def multiple(n: int, full: bool) -> str:
    subject, key = SUBJECTS[n % len(SUBJECTS)], KEYS[n % len(KEYS)]
    return f"""
[[questions]]
type = "multiple"
text = "{subject}有哪些要求？"
choices = ["{key}甲", "{key}乙", "{key}丙", "{key}丁"]
answer = "{"ABC" if full else "AB"}"
explanation = "见要点。"
ref = "第三条"
"""


def module(tmp_path: Path, body: str, id: str = "quality-test") -> StudyModule:
    path = tmp_path / f"{id}.toml"
    path.write_text(HEAD.format(id=id) + body, encoding="utf-8")
    checklist, problems = load_file(path)
    assert problems == [] and isinstance(checklist, StudyModule), problems
    return checklist


def rules(warnings) -> list[str]:
    return [w.rule for w in warnings]


def test_longest_answer_over_40_percent_warns_at_the_first(tmp_path):
    body = "".join(single(n, longest=n < 3) for n in range(5))  # 3 of 5 = 60%
    m = module(tmp_path, body)
    [w] = quality_warnings([m])
    assert w.rule == "longest" and w.path == "questions[0]"
    assert "3/5" in w.message and "questions[1]" in w.message and "questions[2]" in w.message
    text = (tmp_path / "quality-test.toml").read_text("utf-8").splitlines()
    assert text[w.line - 1] == "[[questions]]"


def test_longest_answer_at_40_percent_or_in_a_small_quiz_is_fine(tmp_path):
    at_limit = module(tmp_path, "".join(single(n, longest=n < 2) for n in range(5)), "a")
    few = module(tmp_path, "".join(single(n, longest=True) for n in range(4)), "b")
    assert quality_warnings([at_limit]) == []
    assert quality_warnings([few]) == []


def test_longest_counts_only_a_unique_longest(tmp_path):
    tie = """
[[questions]]
type = "single"
text = "关于{s}，哪个对？"
choices = ["每月检查一次", "每年检查一次", "从不检查"]
answer = "A"
explanation = "见要点。"
ref = "第五条"
"""
    body = "".join(tie.replace("{s}", s) for s in SUBJECTS[:5])
    assert "longest" not in rules(quality_warnings([module(tmp_path, body)]))


def test_full_keys_over_40_percent_warn(tmp_path):
    m = module(tmp_path, "".join(multiple(n, full=n < 3) for n in range(5)))
    [w] = quality_warnings([m])
    assert (w.rule, w.path) == ("full-key", "questions[0].answer")
    assert "3/5" in w.message


def test_full_keys_at_40_percent_are_fine(tmp_path):
    m = module(tmp_path, "".join(multiple(n, full=n < 2) for n in range(5)))
    assert quality_warnings([m]) == []


def test_near_duplicate_within_a_module(tmp_path):
    body = (
        single(0, False, text="保育员发现午睡室插座冒火花，应当怎么做？")
        + single(1, False)
        + single(2, False, text="保育员发现午睡室的插座冒火花，她应当怎么做？")
    )
    [w] = quality_warnings([module(tmp_path, body)])
    assert (w.rule, w.path) == ("near-duplicate", "questions[2]")
    assert "本文件的 questions[0]" in w.message


def test_near_duplicate_across_modules_names_the_other_file(tmp_path):
    text = "群众材料不全时，一次性告知要怎样做？"
    first = module(tmp_path, single(0, False, text=text), "first")
    second = module(tmp_path, single(1, False) + single(2, False, text=text), "second")
    [w] = quality_warnings([first, second])
    assert w.file == second.file and w.path == "questions[1]"
    assert f"{first.file} 的 questions[0]" in w.message


def test_unrelated_questions_score_below_the_threshold(tmp_path):
    m = module(tmp_path, "".join(single(n, False) for n in range(5)))
    a, b = (fingerprint(q) for q in m.questions[:2])
    assert similarity(a, b) < NEAR_DUPLICATE
    assert quality_warnings([m]) == []


@pytest.mark.parametrize(
    ("ref", "named"),
    [
        ("第九十九条", "第九十九条"),
        ("第五条、第二章", "第二章"),
        ("《消防法》第二十八条", "《消防法》第二十八条"),
        ("《安全生产法》第五条；《食品安全法》第十六条", "《食品安全法》第十六条"),
    ],
)
def test_ref_not_taught_by_any_section(tmp_path, ref, named):
    m = module(tmp_path, single(0, False, ref=ref))
    [w] = quality_warnings([m])
    assert (w.rule, w.path) == ("ref", "questions[0].ref")
    assert f"“{named}”" in w.message


@pytest.mark.parametrize(
    "ref",
    ["第五条", "《中华人民共和国安全生产法》第三条第二款", "《消防法》第十六条", "第一章", "目录"],
)
def test_ref_taught_in_refs_points_or_title(tmp_path, ref):
    assert quality_warnings([module(tmp_path, single(0, False, ref=ref))]) == []


def test_validate_lists_warnings_and_passes_unless_strict(tmp_path):
    folder = tmp_path / "lists"
    folder.mkdir()
    module(folder, "".join(single(n, longest=True) for n in range(5)))
    file = folder / "quality-test.toml"
    result = run_cli("checklists", "validate", str(folder), data=tmp_path / "data")
    assert result.returncode == 0, result.stderr
    lines = [s for s in result.stdout.splitlines() if "警告" in s]
    assert lines[0].startswith(f"{file}:")
    assert ": questions[0]: 警告：单选题中正确选项是唯一最长选项的有 5/5 题" in lines[0]
    assert "未发现问题；另有 1 条测验质量警告" in result.stdout

    strict = run_cli("checklists", "validate", "--strict", str(folder), data=tmp_path / "data")
    assert strict.returncode == 2
    assert "另有 1 条测验质量警告（--strict" in strict.stderr
    assert "Traceback" not in strict.stderr

    as_json = run_cli("checklists", "validate", "--json", str(folder), data=tmp_path / "data")
    assert as_json.returncode == 0
    out = json.loads(as_json.stdout)
    assert out["problems"] == []
    [w] = out["warnings"]
    assert (w["file"], w["path"], w["rule"]) == (str(file), "questions[0]", "longest")
    assert isinstance(w["line"], int)


def test_bundled_checklists_pass_strict_and_banks_are_big_enough(tmp_path):
    catalogue = load_catalogue([bundled_checklists_dir()])
    assert catalogue.problems == []
    assert quality_warnings(catalogue.studies()) == []
    sizes = {"fj-efficiency-2024": 40, "work-safety-law-2021": 40, "efficiency-systems": 25}
    for module_id, least in sizes.items():
        bank = catalogue.get(module_id)
        assert isinstance(bank, StudyModule) and len(bank.questions) >= least
        assert bank.draw is not None and bank.pass_mark <= bank.draw < len(bank.questions)
    folder = str(bundled_checklists_dir())
    result = run_cli("checklists", "validate", "--strict", folder, data=tmp_path / "data")
    assert result.returncode == 0, result.stdout + result.stderr


def test_bundled_files_teach_no_unconfirmed_in_force_date():
    """The 2024 Fujian revision's in-force date is unconfirmed: no file may state one."""
    for path in bundled_checklists_dir().glob("*.toml"):
        text = path.read_text("utf-8")
        assert "2024-05-01" not in text and "2024年5月1日" not in text, path.name
    for module_id in ("fj-efficiency-2024", "efficiency-systems"):
        module = load_catalogue([bundled_checklists_dir()]).get(module_id)
        assert module.source.effective == "" and "施行" not in module.source.label()
