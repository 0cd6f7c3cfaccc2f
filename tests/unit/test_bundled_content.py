"""The facts issue 12 corrected and the coverage it added stay in the bundled
files: each check here names the fix, so an edit that undoes one fails."""

from __future__ import annotations

import re

import pytest

from xiaoneng.checklists import load_catalogue
from xiaoneng.model.checklist import CheckTemplate, LetterTemplate, StudyModule
from xiaoneng.paths import bundled_checklists_dir


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue([bundled_checklists_dir()])


def items(template: CheckTemplate) -> dict[str, str]:
    """item text -> its basis, over all groups."""
    return {i.text: i.basis for g in template.groups for i in g.items}


def basis_of(found: dict[str, str], *words: str) -> str:
    """The basis of the one item whose text holds all `words`."""
    hits = [b for t, b in found.items() if all(w in t for w in words)]
    assert len(hits) == 1, (words, hits)
    return hits[0]


def test_food_checks_rest_on_the_right_texts(catalogue):
    found = items(catalogue.get("safety-hazard-check"))
    supplier = basis_of(found, "供货者", "合格证明")
    assert "《食品安全法》第五十三条" in supplier
    assert "第五十五条" not in supplier and "第五十七条" not in supplier
    samples = basis_of(found, "留样", "每餐")
    assert "托儿所幼儿园卫生保健工作规范" in samples
    assert "第五十七条" not in samples and "卫生保健管理办法" not in samples


@pytest.mark.parametrize(
    ("words", "cited"),
    [
        (("大型玩具",), "学前教育法"),
        (("护栏", "防坠落"), "未成年人保护法"),
        (("安全保卫人员", "视频监控"), "学前教育法"),
        (("违法犯罪记录",), "学前教育法"),
        (("每年进行健康检查", "保育员"), "学前教育法"),
        (("晨午检",), "学前教育法"),
        (("药品", "消毒剂"), "学前教育法"),
        (("校车",), "校车安全管理条例"),
        (("校方责任保险",), "学前教育法"),
        (("安全教育", "防走失"), "未成年人保护法"),
        (("大型群众性活动",), "《消防法》第二十条"),
        (("每日防火巡查",), "消防法"),
    ],
)
def test_childrens_units_are_covered(catalogue, words, cited):
    assert cited in basis_of(items(catalogue.get("safety-hazard-check")), *words)


def test_sancha_unit_items_on_accountability_and_internal_rules(catalogue):
    found = items(catalogue.get("sancha-check"))
    assert "效能问责" in basis_of(found, "责任追究制", "处理")
    assert basis_of(found, "修订了本单位《内部工作制度》")


def test_the_safety_letter_sets_targets_fire_duty_study_and_assessment(catalogue):
    letter = catalogue.get("letter-work-safety")
    assert isinstance(letter, LetterTemplate)
    text = "\n".join(letter.clauses)
    assert "责任事故" in text  # a concrete yearly target
    assert "消防安全责任人" in text
    assert "学习" in text and "安全生产法" in text
    assert "考核" in text and ("奖惩" in text or "表彰" in text)


def test_no_quiz_asks_what_to_do_first(catalogue):
    """For children, protecting and evacuating them comes first, not reporting:
    questions ask what the cited article requires instead."""
    for module in catalogue.studies():
        assert isinstance(module, StudyModule)
        for q in module.questions:
            assert not re.search(r"首先(应当|要|该)?(做|怎么|采取)", q.text), (module.id, q.text)
