"""`[quiz] draw`, the section each question tests, and `xiaoneng checklists paper`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_cli

from xiaoneng.checklists.loader import load_text

FIXTURES = Path(__file__).parents[1] / "fixtures" / "checklists"
STUDY = (FIXTURES / "study.toml").read_text(encoding="utf-8")

EXTRA = """
[[questions]]
type = "single"
text = "主要负责人应当组织制定什么计划？"
choices = ["安全生产教育和培训计划", "年度采购计划", "职工休假计划"]
answer = "A"
explanation = "见第二十一条。"
ref = "第二十一条"

[[questions]]
type = "single"
text = "目录中共有几章？"
choices = ["五章", "七章"]
answer = "B"
explanation = "见目录。"
ref = "目录"
"""


def study(quiz: str = "pass_mark = 2", extra: str = EXTRA) -> str:
    return STUDY.replace("pass_mark = 2", quiz) + extra


def test_each_question_tests_the_section_its_ref_names():
    module, problems = load_text(study(), "x.toml")
    assert problems == []
    # 第五条 -> section 0; 第五十三条 -> section 1 (refs); 第二十一条 -> section 1; 目录 -> none
    assert [q.section for q in module.questions] == [0, 1, 1, None]
    assert module.draw is None and module.paper_size == 4


def test_an_explicit_section_title_wins_over_the_ref():
    text = study(extra=EXTRA.replace('ref = "目录"', 'ref = "目录"\nsection = "第一章 总则"'))
    module, problems = load_text(text, "x.toml")
    assert problems == [] and module.questions[3].section == 0


def test_draw_is_read():
    module, problems = load_text(study("pass_mark = 2\ndraw = 3"), "x.toml")
    assert problems == [] and module.draw == 3 and module.paper_size == 3


@pytest.mark.parametrize(
    ("quiz", "extra", "path", "words"),
    [
        ("pass_mark = 2\ndraw = 5", EXTRA, "quiz.draw", "题库只有 4 道题"),
        ("pass_mark = 1\ndraw = 1", EXTRA, "quiz.draw", "少于有题目的 2 节"),
        ("pass_mark = 3\ndraw = 2", EXTRA, "quiz.pass_mark", "每次只抽 2 题"),
        ("pass_mark = 2\ndraw = 0", EXTRA, "quiz.draw", "应不小于 1"),
        ('pass_mark = 2\ndraw = "3"', EXTRA, "quiz.draw", "应为整数"),
        (
            "pass_mark = 2",
            EXTRA.replace('ref = "目录"', 'ref = "目录"\nsection = "第一章总则 "'),
            "questions[3].section",
            "是否应为 “第一章 总则”",
        ),
    ],
)
def test_bad_draw_or_section_is_a_problem_with_its_line(quiz, extra, path, words):
    text = study(quiz, extra)
    module, problems = load_text(text, "x.toml")
    assert module is None
    [problem] = [p for p in problems if p.path == path]
    assert words in problem.message
    key = path.rsplit(".", 1)[1]
    assert text.splitlines()[problem.line - 1].startswith(key)


def write(tmp_path: Path, text: str) -> Path:
    data = tmp_path / "data"
    (data / "checklists").mkdir(parents=True)
    (data / "checklists" / "office.toml").write_text(text, encoding="utf-8")
    return data


def paper(data: Path, *args: str) -> dict:
    result = run_cli("checklists", "paper", *args, "--json", data=data)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_paper_json_is_reproducible_and_keys_match_the_bank(tmp_path):
    data = write(tmp_path, study("pass_mark = 2\ndraw = 3"))
    first = paper(data, "test-study", "--seed", "42")
    assert paper(data, "test-study", "--seed", "42") == first
    assert (first["module"], first["version"], first["seed"]) == ("test-study", "1", 42)
    assert len(first["questions"]) == 3
    module, _ = load_text(study("pass_mark = 2\ndraw = 3"), "x.toml")
    for q in first["questions"]:
        assert set(q) >= {"text", "choices", "answer", "ref"}
        bank = module.questions[q["index"]]
        right = {q["choices"][ord(c) - 65] for c in q["answer"]}
        assert right == {bank.choices[i] for i in bank.answer}
        assert q["text"] == bank.text and q["ref"] == bank.ref


def test_different_seeds_give_different_papers(tmp_path):
    data = write(tmp_path, study("pass_mark = 2\ndraw = 3"))
    papers = {
        json.dumps(paper(data, "test-study", "--seed", str(s))["questions"]) for s in range(6)
    }
    assert len(papers) > 1


def test_paper_without_seed_names_the_seed_that_reproduces_it(tmp_path):
    data = write(tmp_path, study())
    result = run_cli("checklists", "paper", "test-study", data=data)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "测试学习模块　测验"
    seed = int(lines[1].split("--seed ")[1].split()[0])
    again = run_cli("checklists", "paper", "test-study", "--seed", str(seed), data=data)
    assert again.stdout == result.stdout
    assert "一、单选题" in result.stdout and "二、多选题" in result.stdout
    assert "答对 2 题为通过" in result.stdout
    answers = lines[lines.index("答案与依据") + 1 :]
    assert len(answers) == 4 and answers[0].startswith("1. ")


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["no-such-module"], "没有 id 为 “no-such-module” 的学习模块"),
        (["sancha-check"], "是检查表，不是学习模块"),
        (["test-study", "--seed", "-1"], "参数错误"),
        (["test-study", "--seed", "abc"], "参数错误"),
    ],
)
def test_bad_module_or_seed_is_one_line_exit_2(tmp_path, args, words):
    data = write(tmp_path, study())
    result = run_cli("checklists", "paper", *args, data=data)
    assert result.returncode == 2
    assert words in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_a_broken_module_file_is_named(tmp_path):
    data = write(tmp_path, study().replace('version = "1"', "version = 1"))
    (data / "checklists" / "office.toml").rename(data / "checklists" / "test-study.toml")
    result = run_cli("checklists", "paper", "test-study", data=data)
    assert result.returncode == 2
    assert "test-study.toml 有问题未加载" in result.stderr
