"""Every kind of exported document rendered by LibreOffice (all files in one
soffice run), from a small agency's real records, plus documents full of hostile text."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.export_data import TITLES, export_year, hostile_documents, new_agency, populate
from render.harness import pdf_pages_words, pdf_text, render_pdfs, require_renderer

from xiaoneng.services.ledger import short


@pytest.fixture(scope="module")
def agency(tmp_path_factory):
    core, clock = new_agency(tmp_path_factory.mktemp("agency") / "data")
    facts = populate(core, clock)
    return core, facts


@pytest.fixture(scope="module")
def exported(agency, tmp_path_factory) -> dict[str, list[Path]]:
    return export_year(agency[0], tmp_path_factory.mktemp("exports"))


@pytest.fixture(scope="module")
def rendered(exported, tmp_path_factory) -> dict[Path, Path]:
    require_renderer()
    hostile = hostile_documents(tmp_path_factory.mktemp("hostile"))
    docs = [p for paths in exported.values() for p in paths] + hostile
    pdfs = render_pdfs(docs, tmp_path_factory.mktemp("pdf"))
    return dict(zip(docs, pdfs, strict=True))


def test_every_document_renders_with_its_title_and_page_numbers(exported, rendered):
    for prefix, paths in exported.items():
        for path in paths:
            pages = pdf_pages_words(rendered[path])
            first = pages[0]
            top = "".join(w.text for line in first.lines()[:2] for w in line)
            assert TITLES[prefix] in top, (path.name, top)
            landscape = prefix == "整改台账"
            type_bottom = first.height - (26 if landscape else 35) * 72 / 25.4
            bottom = [w for w in first.words if w.y0 > type_bottom]
            assert "".join(w.text for w in bottom).endswith("—1—"), path.name
            assert (first.width > first.height) == landscape


def test_rendered_chinese_text_is_intact(exported, rendered, agency):
    _, facts = agency
    sheet = "".join(pdf_text(rendered[exported["签到表"][0]]).split())
    for name in ("教师甲", "教师乙", "园长甲", "职工丙", "领导甲", "请假", "代签", "补签"):
        assert name in sheet
    letter = next(p for p in exported["承诺书"] if "空白待签" not in p.name)
    text = "".join(pdf_text(rendered[letter]).split())
    assert "".join(facts["letter"].clauses[0].split()) in text
    assert short(facts["letter_entry"]["hash"]) in text
    ledger_text = "".join(pdf_text(rendered[exported["整改台账"][0]]).split())
    assert "已销号" in ledger_text and "（已逾期）" in ledger_text


def test_hostile_documents_render(rendered):
    hostile = [p for p in rendered if p.parent.name.startswith("hostile")]
    assert len(hostile) == 3
    letter = "".join(pdf_text(rendered[hostile[0]]).split())
    assert "张三/../李四\\王五:*?" in letter and "结束标记乙" in letter and "长" * 300 in letter
    assert len(pdf_pages_words(rendered[hostile[0]])) > 3
    sheet = "".join(pdf_text(rendered[hostile[1]]).split())
    assert "学习签到表" in sheet and "代签" in sheet
