"""`[source] effective` may be left out while the date a revision took effect is unconfirmed."""

from __future__ import annotations

from pathlib import Path

from xiaoneng.checklists.loader import load_text

STUDY = (Path(__file__).parents[1] / "fixtures" / "checklists" / "study.toml").read_text("utf-8")


def test_without_effective_the_label_claims_no_date():
    text = STUDY.replace('effective = "2021-09-01"\n', "")
    module, problems = load_text(text, "x.toml")
    assert problems == []
    assert module.source.effective == ""
    assert module.source.label() == "《中华人民共和国安全生产法》（2021年修正）"


def test_with_effective_the_label_names_it():
    module, _ = load_text(STUDY, "x.toml")
    assert module.source.label() == "《中华人民共和国安全生产法》（2021年修正，2021年9月1日起施行）"


def test_a_bad_effective_is_still_a_problem():
    module, problems = load_text(STUDY.replace('"2021-09-01"', '"2021-9-1"'), "x.toml")
    assert module is None and [p.path for p in problems] == ["source.effective"]
