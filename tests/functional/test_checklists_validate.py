"""`xiaoneng checklists validate`: each kind of mistake gives its own line with path and line.

Every case edits a valid fixture, checks the Problem in-process, then runs the
real command in a subprocess for the exit code and the printed line.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_cli

from xiaoneng.checklists.loader import load_text

FIXTURES = Path(__file__).parents[1] / "fixtures" / "checklists"


def fixture_text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def line_of(text: str, marker: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if marker in line)


def broken(fixture: str, old: str, new: str) -> str:
    text = fixture_text(fixture)
    assert old in text, old
    return text.replace(old, new, 1)


# (fixture, old text, new text, field path, marker on the expected line or None);
# a (marker, offset) pair points that many lines away, e.g. at a [[header]] above.
CASES = [
    pytest.param(
        "study.toml",
        'answer = "AB"',
        'answer = "AE"',
        "questions[1].answer",
        'answer = "AE"',
        id="answer-without-choice",
    ),
    pytest.param(
        "study.toml",
        "pass_mark = 2",
        "pass_mark = 3",
        "quiz.pass_mark",
        "pass_mark = 3",
        id="pass-mark-above-question-count",
    ),
    pytest.param(
        "study.toml",
        'kind = "study"',
        'kind = "quiz"',
        "kind",
        'kind = "quiz"',
        id="unknown-kind",
    ),
    pytest.param("study.toml", 'title = "测试学习模块"\n', "", "title", None, id="missing-title"),
    pytest.param(
        "check.toml",
        "weight = 2",
        'weight = "二"',
        "groups[0].items[0].weight",
        'weight = "二"',
        id="wrong-type-weight",
    ),
    pytest.param(
        "study.toml",
        'version = "1"',
        "version = 1",
        "version",
        "version = 1",
        id="wrong-type-version",
    ),
    pytest.param(
        "check.toml",
        'text = "是否落实首问负责制"',
        "text = 3",
        "groups[0].items[1].text",
        "text = 3",
        id="wrong-type-nested-item",
    ),
    pytest.param(
        "study.toml",
        'points = ["主要负责人组织制定并实施本单位安全生产教育和培训计划。"]',
        "points = []",
        "sections[1].points",
        "points = []",
        id="empty-list",
    ),
    pytest.param(
        "letter.toml",
        "主要负责人{signer}",
        "主要负责人{name}",
        "letter.clauses[1]",
        "主要负责人{name}",
        id="unknown-placeholder",
    ),
    pytest.param(
        "letter.toml",
        "{unit}郑重承诺",
        "{unit:>8}郑重承诺",
        "letter.preamble",
        "{unit:>8}",
        id="placeholder-with-format-spec",
    ),
    pytest.param(
        "study.toml",
        'summary = "用于测试的学习模块"',
        'summery = "用于测试的学习模块"',
        "summery",
        "summery",
        id="unknown-top-level-key",
    ),
    pytest.param(
        "study.toml",
        'answer = "B"',
        'answer = "BC"',
        "questions[0].answer",
        'answer = "BC"',
        id="single-choice-several-answers",
    ),
    pytest.param(
        "check.toml",
        "finding = true",
        "finding = false",
        "results",
        "[[results]]",
        id="no-finding-result",
    ),
    pytest.param(
        "check.toml",
        'code = "na"',
        'code = "unchecked"',
        "results[3].code",
        'code = "unchecked"',
        id="reserved-unchecked-code",
    ),
    pytest.param(
        "check.toml",
        'label = "不适用"',
        'label = "未检查"',
        "results[3].label",
        'label = "未检查"',
        id="reserved-unchecked-label",
    ),
    pytest.param(
        "check.toml",
        "score = 0.5",
        "score = 5",
        "results[1].score",
        "score = 5",
        id="score-out-of-range",
    ),
    pytest.param(
        "check.toml",
        'modes = ["self", "peer"]',
        'modes = ["self", "boss"]',
        "groups[0].items[0].modes[1]",
        'modes = ["self", "boss"]',
        id="unknown-mode",
    ),
    pytest.param(
        "check.toml",
        'id = "duty-1"',
        'id = "1.2"',
        "groups[0].items[1]",
        ('text = "是否落实首问负责制"', -1),
        id="item-id-clashes-with-default",
    ),
    pytest.param(
        "study.toml",
        "revised = 2021-06-10",
        'revised = "2021-02-30"',
        "source.revised",
        'revised = "2021-02-30"',
        id="impossible-date",
    ),
    pytest.param(
        "letter.toml",
        'scope = "unit"',
        'scope = "office"',
        "scope",
        'scope = "office"',
        id="bad-scope",
    ),
    pytest.param(
        "letter.toml",
        'signer_role = "unit_head"',
        'signer_role = "boss"',
        "signer_role",
        'signer_role = "boss"',
        id="bad-signer-role",
    ),
]


def expected_line(text: str, marker) -> int | None:
    if marker is None:
        return None
    marker, offset = marker if isinstance(marker, tuple) else (marker, 0)
    return line_of(text, marker) + offset


@pytest.mark.parametrize(("fixture", "old", "new", "path", "marker"), CASES)
def test_problem_has_path_and_line(fixture, old, new, path, marker):
    text = broken(fixture, old, new)
    checklist, problems = load_text(text, "x.toml")
    assert checklist is None
    wanted = expected_line(text, marker)
    assert any(p.path == path and p.line == wanted for p in problems), [str(p) for p in problems]
    for p in problems:
        assert "\n" not in str(p)
        assert p.message  # says what was expected


@pytest.mark.parametrize(("fixture", "old", "new", "path", "marker"), CASES)
def test_validate_command_exit_code_and_line(tmp_path, fixture, old, new, path, marker):
    text = broken(fixture, old, new)
    file = tmp_path / "broken.toml"
    file.write_text(text, encoding="utf-8")
    result = run_cli("checklists", "validate", str(file), data=tmp_path / "data")
    assert result.returncode == 2, result.stderr
    line = expected_line(text, marker)
    where = f"{file}:{line}" if line else str(file)
    assert f"{where}: {path}: " in result.stdout
    assert "Traceback" not in result.stderr
    assert "xiaoneng：" in result.stderr


def test_valid_fixtures_pass(tmp_path):
    result = run_cli("checklists", "validate", str(FIXTURES), data=tmp_path / "data")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "已检查 3 个文件，未发现问题" in result.stdout


def test_syntax_error_reports_tomllib_line(tmp_path):
    text = broken("study.toml", 'title = "测试学习模块"', "title = 测试学习模块")
    file = tmp_path / "syntax.toml"
    file.write_text(text, encoding="utf-8")
    result = run_cli("checklists", "validate", str(file), data=tmp_path / "data")
    line = line_of(text, "title = 测试")
    assert result.returncode == 2
    assert f"{file}:{line}: TOML 格式错误" in result.stdout
    assert f"第 {line} 行第 9 列" in result.stdout
    assert "Traceback" not in result.stderr


def test_non_utf8_file(tmp_path):
    text = fixture_text("check.toml")
    file = tmp_path / "gbk.toml"
    file.write_bytes(text.encode("gbk"))
    result = run_cli("checklists", "validate", str(file), data=tmp_path / "data")
    first_chinese = next(n for n, s in enumerate(text.splitlines(), 1) if not s.isascii())
    assert result.returncode == 2
    assert f"{file}:{first_chinese}: 文件不是 UTF-8 编码" in result.stdout
    assert "GBK" in result.stdout


def test_duplicate_ids_across_files(tmp_path):
    folder = tmp_path / "lists"
    folder.mkdir()
    (folder / "a.toml").write_text(fixture_text("check.toml"), encoding="utf-8")
    copy = fixture_text("check.toml").replace('title = "测试检查表"', 'title = "副本"')
    (folder / "b.toml").write_text(copy, encoding="utf-8")
    result = run_cli("checklists", "validate", str(folder), data=tmp_path / "data")
    assert result.returncode == 2
    line = line_of(copy, 'id = "test-check"')
    assert f"{folder / 'b.toml'}:{line}: id: id “test-check” 与 {folder / 'a.toml'} 重复" in (
        result.stdout
    )
    assert "a.toml:" not in result.stdout


def test_default_validates_bundled_and_data_folder(tmp_path):
    data = tmp_path / "data"
    (data / "checklists").mkdir(parents=True)
    bad = data / "checklists" / "office.toml"
    bad.write_text(broken("study.toml", 'answer = "B"', 'answer = "Z"'), encoding="utf-8")
    result = run_cli("checklists", "validate", data=data)
    assert result.returncode == 2
    assert f"{bad}:" in result.stdout
    assert "questions[0].answer" in result.stdout
    bad.unlink()
    result = run_cli("checklists", "validate", data=data)
    assert result.returncode == 0, result.stdout
    assert "未发现问题" in result.stdout


def test_every_problem_reported_not_just_the_first():
    text = broken("study.toml", 'answer = "B"', 'answer = "Z"')
    text = text.replace("pass_mark = 2", "pass_mark = 7").replace('version = "1"', "version = 1")
    _checklist, problems = load_text(text, "x.toml")
    assert {"questions[0].answer", "quiz.pass_mark", "version"} <= {p.path for p in problems}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nowhere.toml"], "找不到文件或文件夹"),
        (["notes.txt"], "不是 .toml 清单文件"),
    ],
)
def test_bad_arguments_are_user_errors(tmp_path, args, message):
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    args = [str(tmp_path / a) for a in args]
    result = run_cli("checklists", "validate", *args, data=tmp_path / "data")
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
