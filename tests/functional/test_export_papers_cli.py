"""`xiaoneng export papers`: without paper options it files the papers sat (as
`export all` does, in 试卷/); --copies or --seed without --module is a mistake."""

from __future__ import annotations

from conftest import ADMIN_PIN, person, run_cli

MODULE = "work-safety-law-2021"


def test_export_papers_files_the_papers_sat(org, tmp_path):
    org.study_office.record_paper(person(org, "A001"), "S1", MODULE, 31, correct=17, pin=ADMIN_PIN)
    out = tmp_path / "out"
    result = run_cli(
        "export", "papers", "--from", "2026-01-01", "--to", "2026-12-31", "--out", str(out),
        data=org.root,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    filed = sorted(p.name for p in (out / "试卷").glob("*.docx"))
    assert len(filed) == 2 and filed[0].startswith("答案〔2026〕") and "-31_" in filed[1]
    assert "试卷/" in result.stdout and "归档目录" in result.stdout


def test_paper_options_without_a_module_are_refused(org):
    result = run_cli("export", "papers", "--copies", "2", data=org.root)
    assert result.returncode == 2 and "须给出 --module" in result.stderr
    assert "Traceback" not in result.stderr
