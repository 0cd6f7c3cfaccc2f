"""Word test papers and their answer key, read back with python-docx (rendering
them is tests/e2e/test_paper_render.py)."""

from __future__ import annotations

import re

import pytest
from conftest import ACTOR, person
from helpers.docx_text import docx_text as text_of

from xiaoneng.errors import OperationError, PermissionDenied, UserError
from xiaoneng.model.checklist import Question, Source, StudyModule
from xiaoneng.model.paper import draw_paper
from xiaoneng.services.paper_export import PaperExport, draw_copies, paper_number

MODULE = "work-safety-law-2021"


def test_n_papers_each_a_different_draw_and_one_key(org, tmp_path):
    module = org.study.module(MODULE)
    paths = PaperExport(org).run(ACTOR, MODULE, 4, folder=tmp_path, seed=2024)
    assert len(paths) == 5
    papers, key = paths[:4], paths[4]
    drawn = draw_copies(module, 2024, 4)
    assert drawn[0] == draw_paper(module, 2024)  # copy 1: the seed given
    shapes = {tuple((q.index, q.order) for q in p.questions) for p in drawn}
    assert len(shapes) == 4 and len({p.seed for p in drawn}) == 4
    for n, (path, paper) in enumerate(zip(papers, drawn, strict=True), start=1):
        number = str(paper_number(module, 2026, paper.seed))
        assert path.name.startswith(f"{number}_第{n}份_")
        text = text_of(path)
        assert f"编号：{number}　第 {n}/4 份" in text
        assert "姓名" in text and "单位" in text and "得分" in text
        assert f"答对 {module.pass_mark} 题及以上为合格" in text
        shown = re.findall(r"^(\d+)\. (.{15})", text, re.MULTILINE)
        assert shown == [(str(k), q.text[:15]) for k, q in enumerate(paper.questions, 1)]
        for q in paper.questions:
            for k, choice in enumerate(q.choices):
                assert f"{'ABCDEF'[k]}. {choice}" in text
    key_text = text_of(key)
    assert key.name.startswith("答案〔2026〕")
    for paper in drawn:
        assert str(paper.seed) in key_text
        assert str(paper_number(module, 2026, paper.seed)) in key_text
        first = paper.questions[0]
        assert f"1-5：{first.answer_letters()} " in key_text
        assert first.ref in key_text


def test_the_same_seed_gives_the_same_set(org):
    a = draw_copies(org.study.module(MODULE), 7, 3)
    b = draw_copies(org.study.module(MODULE), 7, 3)
    assert a == b


def test_only_the_office_exports_papers_and_bad_arguments_are_named(org):
    with pytest.raises(PermissionDenied):
        PaperExport(org).plan(person(org, "S1"), MODULE, 2)
    with pytest.raises(UserError, match="份数应在 1～200"):
        PaperExport(org).plan(ACTOR, MODULE, 0)
    with pytest.raises(UserError, match="抽题号"):
        PaperExport(org).plan(ACTOR, MODULE, 1, seed=-1)
    with pytest.raises(UserError, match="不存在"):
        PaperExport(org).plan(ACTOR, "no-such-module", 1)


def test_a_bank_too_small_for_the_copies_is_refused():
    tiny = StudyModule(
        id="tiny",
        kind="study",
        title="小题库",
        version="1",
        source=Source("某条例", "某机关", "2024-01-01", ""),
        file="tiny.toml",
        content_hash="0" * 64,
        questions=(Question("single", "问题？", ("甲", "乙"), frozenset({0}), "", "第一条"),),
        pass_mark=1,
    )
    assert len(draw_copies(tiny, 1, 2)) == 2  # two orders of two choices
    with pytest.raises(OperationError, match="只能抽出 2 份"):
        draw_copies(tiny, 1, 3)
