"""`xiaoneng export papers` through the real process, every file rendered by
LibreOffice in one run: N papers with different draws, each question kept on
one page with its choices, and the key naming every copy."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from conftest import run_cli
from render.harness import pdf_pages_words, pdf_text, render_pdfs, require_renderer

from xiaoneng.services.core import open_core
from xiaoneng.services.paper_export import draw_copies, paper_number

MODULE = "work-safety-law-2021"
COPIES = 3
SEED = 42


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    require_renderer()
    root = tmp_path_factory.mktemp("agency") / "data"
    init = run_cli(
        "init", "--unit", "测试机关", "--admin-id", "A001", "--admin-name", "管理员甲",
        "--pin-stdin", data=root, input="135792\n",
    )  # fmt: skip
    assert init.returncode == 0, init.stderr
    out = tmp_path_factory.mktemp("papers")
    result = run_cli(
        "export", "papers", "--module", MODULE, "--copies", str(COPIES), "--seed", str(SEED),
        "--out", str(out), data=root,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    docs = sorted(out.glob("*.docx"), key=lambda p: (p.name.startswith("答案"), p.name))
    pdfs = render_pdfs(docs, tmp_path_factory.mktemp("pdf"))
    module = open_core(root).study.module(MODULE)
    return module, dict(zip(docs, pdfs, strict=True)), result.stdout


def test_each_copy_is_its_own_draw_and_renders_whole(exported):
    module, rendered, stdout = exported
    papers = draw_copies(module, SEED, COPIES)
    year = dt.date.today().year
    docs = sorted(
        (p for p in rendered if p.name.startswith("试卷")),
        key=lambda p: int(re.search(r"_第(\d+)份_", p.name).group(1)),
    )
    assert len(docs) == COPIES and f"试卷 {COPIES} 份和答案 1 份" in stdout
    orders = set()
    for doc, paper in zip(docs, papers, strict=True):
        number = str(paper_number(module, year, paper.seed))
        assert doc.name.startswith(number)
        pages = pdf_pages_words(rendered[doc])
        first = squeeze(" ".join(w.text for w in pages[0].words))
        assert "学习测验试卷" in first and squeeze(number) in first
        assert "姓名" in first and "得分" in first
        texts = [
            squeeze(pdf_text(rendered[doc], first=n, last=n)) for n in range(1, len(pages) + 1)
        ]
        for n, text in enumerate(texts, start=1):
            assert text.endswith(f"—{n}—"), (doc.name, n)  # the page number at the foot
        where = []
        for k, q in enumerate(paper.questions, start=1):
            head = squeeze(f"{k}.{q.text}")[:14]
            last = squeeze(f"{'ABCDEF'[len(q.choices) - 1]}.{q.choices[-1]}")
            on = [n for n, t in enumerate(texts) if head in t]
            assert on, (doc.name, k, head)
            assert last in texts[on[0]], f"{doc.name}: question {k} split across pages"
            where.append((on[0], texts[on[0]].index(head)))
        assert where == sorted(where)  # in the order drawn
        orders.add(tuple(q.index for q in paper.questions))
    assert len(orders) == COPIES  # different draws, not only different choice orders


def test_the_key_lists_every_copy_with_answers_and_refs(exported):
    module, rendered, _ = exported
    papers = draw_copies(module, SEED, COPIES)
    [key] = [p for p in rendered if p.name.startswith("答案")]
    text = squeeze(pdf_text(rendered[key]))
    assert "学习测验试卷答案" in text
    page1 = squeeze(pdf_text(rendered[key], first=1, last=1))
    assert "答案只供办公室阅卷" in page1  # with the marking table, not alone at the end
    last_ref = squeeze(papers[-1].questions[-1].ref)
    pages = len(pdf_pages_words(rendered[key]))
    assert last_ref in squeeze(pdf_text(rendered[key], first=pages, last=pages))
    for paper in papers:
        assert f"{squeeze(str(paper_number(module, dt.date.today().year, paper.seed)))}" in text
        first = " ".join(q.answer_letters() for q in paper.questions[:5])
        assert squeeze(f"1-5：{first}") in text
    assert squeeze(papers[0].questions[0].ref) in text
