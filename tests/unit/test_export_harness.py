"""The render harness itself: skip on a developer machine, fail under CI."""

from __future__ import annotations

import pytest
from render import harness
from render.harness import Word, group_lines


def test_missing_renderer_skips_without_ci(monkeypatch):
    monkeypatch.setattr(harness.shutil, "which", lambda _name: None)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception):
        harness.require_renderer()


def test_missing_renderer_fails_under_ci(monkeypatch):
    monkeypatch.setattr(harness.shutil, "which", lambda _name: None)
    monkeypatch.setenv("CI", "1")
    with pytest.raises(pytest.fail.Exception, match="CI is set"):
        harness.require_renderer()


def test_half_installed_renderer_fails_even_without_ci(monkeypatch):
    real_which = harness.shutil.which
    monkeypatch.setattr(
        harness.shutil, "which", lambda name: None if name == "pdftotext" else real_which(name)
    )
    monkeypatch.delenv("CI", raising=False)
    if harness.soffice() is None:
        pytest.skip("needs LibreOffice installed to test the half-installed case")
    with pytest.raises(pytest.fail.Exception, match="pdftotext"):
        harness.require_renderer()


def test_fonts_conf_is_valid_xml_and_maps_the_official_faces():
    from lxml import etree

    root = etree.parse(str(harness.FONTS_CONF)).getroot()  # fontconfig rejects invalid XML
    families = {a.findtext("family") for a in root.iter("alias")}
    assert {"方正小标宋简体", "仿宋_GB2312", "楷体_GB2312", "黑体", "宋体"} <= families


def test_group_lines_orders_words_by_baseline_then_x():
    words = [Word("b", 50, 0, 60, 10), Word("a", 10, 0, 20, 10.5), Word("c", 10, 30, 20, 40)]
    assert [[w.text for w in line] for line in group_lines(words)] == [["a", "b"], ["c"]]
