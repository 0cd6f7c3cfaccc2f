"""`xiaoneng export` through the real process: exit codes, messages, folders, files."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import docx
import pytest
from conftest import run_cli
from helpers.export_data import populate

YEAR = ("--from", "2026-01-01", "--to", "2026-12-31")


@pytest.fixture
def data(org, clock) -> Path:
    populate(org, clock)
    return org.root


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def _documents(folder: Path) -> list[str]:
    """The exported files, as 'kind folder/name', without the index."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.glob("*/*") if p.is_file())


def _one_line_error(out, *needles: str) -> None:
    assert out.returncode == 2, out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("xiaoneng："), out.stderr
    assert "Traceback" not in out.stderr and out.stdout == ""
    for needle in needles:
        assert needle in lines[0]


def test_bad_kind_date_and_unit_exit_2_with_one_chinese_line(data):
    _one_line_error(run_cli("export", "letters", data=data), "导出类型无效：letters", "all")
    _one_line_error(
        run_cli("export", "all", "--from", "2026-02-30", data=data), "起始日期", "不是有效的日期"
    )
    _one_line_error(run_cli("export", "all", "--to", "明天", data=data), "截止日期")
    _one_line_error(run_cli("export", "all", *YEAR[2:], "--from", "2027-01-01", data=data), "晚于")
    _one_line_error(run_cli("export", "all", "--unit", "火星", data=data), "单位“火星”不存在")
    _one_line_error(run_cli("export", data=data), "参数错误")
    assert not (data / "exports").exists()


def test_default_folder_is_exports_of_today_and_everything_is_listed(data):
    out = run_cli("export", "report", data=data)
    assert out.returncode == 0, out.stderr
    folder = data / "exports" / dt.date.today().isoformat()
    assert _files(folder) == ["年度汇总", "归档目录.docx", "归档目录.xlsx"]
    (name,) = _documents(folder)
    assert name.startswith("年度汇总/年度汇总〔2026〕总_")
    lines = out.stdout.strip().splitlines()
    assert lines[0].startswith("已导出 1 个文件（共 ")
    assert lines[0].endswith(f"页）到 {folder.resolve()}{os.sep}")
    assert lines[1:] == [f"  {name}", "归档目录：归档目录.docx、归档目录.xlsx"]
    assert "导出 Word 文档" in out.stderr  # the progress bar's label


def test_all_kinds_with_out_lists_each_file_and_never_overwrites(data, tmp_path):
    out_dir = tmp_path / "导出"
    first = run_cli("export", "all", "--out", str(out_dir), *YEAR, data=data)
    assert first.returncode == 0, first.stderr
    assert _files(out_dir) == sorted(
        ["学习签到表", "学习记录", "检查表", "整改台账", "承诺书", "年度汇总"]
        + ["归档目录.docx", "归档目录.xlsx"]
    )
    names = _documents(out_dir)
    kinds = {n.split("/")[1].split("〔", 1)[0] for n in names}
    assert kinds == {"签到表", "学习记录", "自查表", "互查表", "巡查表", "整改台账", "承诺书"} | {
        "年度汇总"
    }
    lines = first.stdout.strip().splitlines()
    listed = [line.strip() for line in lines[1:-1]]
    assert sorted(listed) == names
    assert lines[0].startswith(f"已导出 {len(names)} 个文件（共 ")
    letter = next(n for n in names if n.startswith("承诺书/"))
    before = (out_dir / letter).read_bytes()
    again = run_cli("export", "commitments", "--out", str(out_dir), *YEAR, data=data)
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip().splitlines()[1].strip() == letter.replace(".docx", "_2.docx")
    assert (out_dir / letter).read_bytes() == before
    assert again.stdout.strip().endswith("归档目录：归档目录_2.docx、归档目录_2.xlsx")


def test_unit_filter_keeps_to_that_unit(data, tmp_path):
    out_dir = tmp_path / "kg"
    out = run_cli(
        "export", "commitments", "--unit", "测试幼儿园", "--blank", "--out", str(out_dir), *YEAR,
        data=data,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    names = _documents(out_dir)
    assert names and all("_测试幼儿园_" in n for n in names)
    assert sum("空白待签" in n for n in names) == 3  # the kindergarten's three staff letters
    sheet = run_cli(
        "export", "signin", "--unit", "测试机关", "--out", str(out_dir), *YEAR, data=data
    )
    assert sheet.returncode == 0, sheet.stderr
    path = out_dir / sheet.stdout.strip().splitlines()[1].strip()
    rows = [[c.text for c in r.cells] for r in docx.Document(str(path)).tables[-1].rows]
    assert {r[1] for r in rows[1:]} == {"职工丙", "领导甲"}


def test_nothing_to_export_says_so(data, tmp_path):
    out = run_cli(
        "export", "checks", "--from", "2025-01-01", "--to", "2025-12-31", "--out",
        str(tmp_path / "none"), data=data,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "没有符合条件的记录，未导出任何文件。"
    assert not (tmp_path / "none").exists()


def test_bad_settings_file_is_named(data, tmp_path):
    (data / "settings.toml").write_text('[fonts]\nheading9 = "黑体"\n', encoding="utf-8")
    out = run_cli("export", "report", "--out", str(tmp_path / "x"), data=data)
    _one_line_error(out, "settings.toml", "heading9")
