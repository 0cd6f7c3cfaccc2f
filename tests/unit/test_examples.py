"""The fast subset draws a third of each property test's examples; a full run
(CI) draws them all; XN_EXAMPLES chooses explicitly."""

from __future__ import annotations

import pytest
from helpers import examples as ex
from hypothesis import settings


@pytest.fixture
def restored(request: pytest.FixtureRequest):
    yield
    ex.choose(request.config.option.markexpr)  # this run's own choice again


@pytest.mark.parametrize(
    ("markexpr", "quick"),
    [("not e2e", True), ("unit", True), ("unit or functional", True), ("", False), ("e2e", False)],
)
def test_the_run_selected_decides(restored, monkeypatch, markexpr, quick):
    monkeypatch.delenv("XN_EXAMPLES", raising=False)
    assert ex.choose(markexpr) is quick
    assert ex.examples(300) == (100 if quick else 300)
    assert settings.default.max_examples == (34 if quick else 100)


def test_never_fewer_than_ten(restored, monkeypatch):
    monkeypatch.delenv("XN_EXAMPLES", raising=False)
    ex.choose("not e2e")
    assert ex.examples(20) == 10 and ex.examples(31) == 11


@pytest.mark.parametrize(("wanted", "quick"), [("full", False), ("quick", True)])
def test_xn_examples_overrides(restored, monkeypatch, wanted, quick):
    monkeypatch.setenv("XN_EXAMPLES", wanted)
    assert ex.choose("not e2e") is quick and ex.choose("") is quick
