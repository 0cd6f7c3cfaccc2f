"""Loading checklist files into model objects, the catalogue, hashes and line numbers."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from xiaoneng.checklists import Catalogue, Problem, load_catalogue, load_file, validate_paths
from xiaoneng.checklists.loader import load_text
from xiaoneng.checklists.locate import LineIndex
from xiaoneng.model.checklist import CheckTemplate, LetterTemplate, StudyModule
from xiaoneng.paths import bundled_checklists_dir

FIXTURES = Path(__file__).parents[1] / "fixtures" / "checklists"
BUNDLED = sorted(bundled_checklists_dir().glob("*.toml"))


@pytest.mark.parametrize("path", BUNDLED, ids=[p.name for p in BUNDLED])
def test_bundled_file_validates(path):
    checklist, problems = load_file(path)
    assert problems == [], "\n".join(str(p) for p in problems)
    assert checklist is not None and checklist.file == str(path)


def test_bundled_ids_are_unique():
    catalogue = load_catalogue([bundled_checklists_dir()])
    assert catalogue.problems == [], "\n".join(str(p) for p in catalogue.problems)
    assert len(catalogue.items) == len(BUNDLED)


def test_a_file_is_parsed_again_when_its_bytes_change_whatever_its_times(tmp_path):
    path = tmp_path / "study.toml"
    text = (FIXTURES / "study.toml").read_text("utf-8")
    path.write_text(text, encoding="utf-8")
    first, _ = load_file(path)
    again, _ = load_file(path)
    assert again is first  # the same bytes are parsed once in a process
    stamp = path.stat().st_mtime_ns
    edited = text.replace("用于测试的学习模块", "用于测试的学习模板")  # same length
    assert len(edited.encode()) == len(text.encode())
    path.write_text(edited, encoding="utf-8")
    os.utime(path, ns=(stamp, stamp))  # an edit that keeps the file's size and time
    changed, problems = load_file(path)
    assert problems == [] and changed is not None
    assert changed.summary == "用于测试的学习模板"
    problems.append(Problem(str(path), None, "", "a caller's own list"))
    assert load_file(path)[1] == []  # a caller cannot change what the next one gets


def test_study_loads_into_model():
    study, problems = load_file(FIXTURES / "study.toml")
    assert problems == []
    assert isinstance(study, StudyModule)
    assert (study.id, study.kind, study.version, study.summary) == (
        "test-study",
        "study",
        "1",
        "用于测试的学习模块",
    )
    # A TOML date and a "YYYY-MM-DD" string both become ISO strings.
    assert (study.source.revised, study.source.effective) == ("2021-06-10", "2021-09-01")
    assert study.source.revision == "2021年修正"
    assert study.counts() == {"sections": 2, "questions": 2}
    assert study.sections[0].refs == ("第三条", "第五条")
    q0, q1 = study.questions
    assert q0.answer == frozenset({1}) and q0.answer_letters() == "B"
    assert q1.type == "multiple" and q1.answer == frozenset({0, 1})
    assert (study.pass_mark, study.attempts) == (2, 3)


def test_check_loads_with_defaults():
    check, problems = load_file(FIXTURES / "check.toml")
    assert problems == []
    assert isinstance(check, CheckTemplate)
    assert check.modes == ("self", "peer", "lead")
    first, second = check.groups[0].items
    assert (first.id, first.weight, first.modes) == ("duty-1", 2.0, ("self", "peer"))
    assert (second.id, second.weight, second.modes) == ("1.2", 1.0, check.modes)
    assert check.groups[1].items[0].id == "2.1"
    assert check.result("na").score is None and check.result("fail").finding
    assert check.result("ok").score == 1.0 and not check.result("ok").finding
    assert [i.id for _g, i in check.items_for("lead")] == ["1.2", "2.1"]


def test_letter_loads_and_fills():
    letter, problems = load_file(FIXTURES / "letter.toml")
    assert problems == []
    assert isinstance(letter, LetterTemplate)
    assert (letter.signer_role, letter.scope) == ("unit_head", "unit")
    filled = letter.fill(year="2026", unit="妇女儿童活动中心", signer="张三")
    assert filled.title == "2026年度安全生产承诺书"
    assert filled.clauses[2] == "发现隐患及时整改，做到{六定}。"


def test_content_hash_ignores_comments_and_layout():
    text = (FIXTURES / "check.toml").read_text(encoding="utf-8")
    a, _ = load_text(text, "a.toml")
    b, _ = load_text("# 新的注释\n" + text.replace("weight = 2", "weight   =   2 # 权重"), "b.toml")
    c, _ = load_text(text.replace("weight = 2", "weight = 3"), "c.toml")
    assert a.content_hash == b.content_hash != c.content_hash
    assert len(a.content_hash) == 64
    assert a.ref().to_dict() == {"id": "test-check", "version": "2", "hash": a.content_hash}


def test_skeleton_study_without_questions_is_valid():
    text = (FIXTURES / "study.toml").read_text(encoding="utf-8")
    text = text[: text.index("[[questions]]")].replace("pass_mark = 2", "pass_mark = 0")
    study, problems = load_text(text, "s.toml")
    assert problems == [] and study.questions == () and study.pass_mark == 0


def test_catalogue_api(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "broken.toml").write_text("id = \n", encoding="utf-8")
    catalogue = load_catalogue([FIXTURES, tmp_path / "missing", empty])
    assert isinstance(catalogue, Catalogue)
    assert list(catalogue.items) == ["test-check", "test-letter", "test-study"]
    assert catalogue.get("test-study").title == "测试学习模块"
    assert catalogue.get("nothing") is None
    assert [c.id for c in catalogue.studies()] == ["test-study"]
    assert [c.id for c in catalogue.checks()] == ["test-check"]
    assert [c.id for c in catalogue.letters()] == ["test-letter"]
    assert len(catalogue.files) == 4
    assert [p.file for p in catalogue.problems] == [str(empty / "broken.toml")]


def test_duplicate_id_keeps_the_first(tmp_path):
    (tmp_path / "copy.toml").write_text(
        (FIXTURES / "study.toml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    catalogue = load_catalogue([FIXTURES, tmp_path])
    assert catalogue.get("test-study").file == str(FIXTURES / "study.toml")
    (problem,) = catalogue.problems
    assert problem.file == str(tmp_path / "copy.toml") and problem.path == "id"
    assert problem.line == 2 and "重复" in problem.message


def test_validate_paths_files_and_folders(tmp_path):
    items, problems = validate_paths([FIXTURES / "study.toml", FIXTURES, tmp_path / "x.toml"])
    assert sorted(c.id for c in items) == ["test-check", "test-letter", "test-study"]
    assert [(p.file, p.path) for p in problems] == [
        (str(FIXTURES / "study.toml"), "id"),  # the folder loads study.toml a second time
        (str(tmp_path / "x.toml"), ""),
    ]


def test_problem_str_is_one_line():
    assert str(Problem("a.toml", 3, "questions[0].answer", "应为…")) == (
        "a.toml:3: questions[0].answer: 应为…"
    )
    assert str(Problem("a.toml", None, "title", "缺少")) == "a.toml: title: 缺少"
    assert str(Problem("a.toml", 7, "", "TOML 格式错误")) == "a.toml:7: TOML 格式错误"


def test_utf8_bom_is_accepted(tmp_path):
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + (FIXTURES / "letter.toml").read_bytes())
    letter, problems = load_file(path)
    assert problems == [] and letter.id == "test-letter"


def test_unreadable_inputs_are_problems(tmp_path):
    _c, problems = load_file(tmp_path / "none.toml")
    assert problems[0].message == "找不到此文件"
    _c, problems = load_file(tmp_path)
    assert "文件夹" in problems[0].message


LOCATOR_TEXT = """\
id = "x"   # comment with [brackets]
[source]
name = "a"
[[groups]]
title = "g1"
[[groups.items]]
text = \"\"\"multi
[[groups]]
line\"\"\"
[[groups.items]]
weight = 2
[[groups]]
title = "g2"
[[groups.items]]
modes = [
  "self",   # first
  'peer',
]
results = [{ code = "ok", score = 1 }, { code = "na" }]
"""


@pytest.mark.parametrize(
    ("path", "line"),
    [
        ("id", 1),
        ("source", 2),
        ("source.name", 3),
        ("groups[0]", 4),
        ("groups[0].items[0].text", 7),
        ("groups[0].items[1]", 10),
        ("groups[0].items[1].weight", 11),
        ("groups[1].title", 13),
        ("groups[1].items[0].modes", 15),
        ("groups[1].items[0].modes[1]", 17),
        ("groups[1].items[0].results[1].code", 19),
        ("groups[1].items[0].missing", 14),  # nearest known ancestor
        ("groups[5].title", 4),  # no such element: the array itself
        ("nothing", None),
    ],
)
def test_locator(path, line):
    assert LineIndex(LOCATOR_TEXT).line(path) == line
