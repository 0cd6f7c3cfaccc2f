"""`xiaoneng checklists import`: a spreadsheet of check items -> a check template that validates."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from conftest import run_cli

from xiaoneng.checklists import load_file
from xiaoneng.checklists.sheet import RowsRejected, import_sheet
from xiaoneng.errors import UserError

FORMULA = "=cmd|' /C calc'!A0"


def write_xlsx(path: Path, rows: list[list], merge: list[str] = ()) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for cells in merge:
        sheet.merge_cells(cells)
    book.save(path)
    return path


def office_sheet(path: Path) -> Path:
    """Title row above the header, extra columns, columns out of order, merged 分组 cells."""
    rows = [
        ["2026年度“三查”自查表", None, None, None, None, None],
        ["序号", "检查项", "分组", "分值（分）", "依据", "备注"],
        [1, "是否清楚本岗位职责", "查履职", 2, "《条例》第十条", "重点"],
        [2, "是否落实首问负责制", None, "1.5", "《条例》第十二条", None],
        [None, None, None, None, None, None],
        [3, FORMULA, None, None, "《条例》第十三条", None],
        [4, "有无“庸、懒、散”现象", "查作风", "３", "《条例》第十五条", None],
        [5, "是否及时整改", "查成效", 1, "《条例》第二十条", None],
    ]
    return write_xlsx(path, rows, merge=["A1:F1", "C3:C6"])


def test_xlsx_import(tmp_path):
    result = import_sheet(office_sheet(tmp_path / "sancha.xlsx"), title="三查自查表")
    assert result.counts == {"groups": 3, "items": 5}
    check, problems = load_file(result.out)
    assert problems == [], [str(p) for p in problems]
    assert (check.id, check.title, check.kind) == ("sancha", "三查自查表", "check")
    assert check.modes == ("self", "peer", "lead")
    assert [g.title for g in check.groups] == ["查履职", "查作风", "查成效"]
    duty = check.groups[0].items
    assert [(i.id, i.text, i.basis, i.weight) for i in duty] == [
        ("1.1", "是否清楚本岗位职责", "《条例》第十条", 2.0),
        ("1.2", "是否落实首问负责制", "《条例》第十二条", 1.5),
        ("1.3", FORMULA, "《条例》第十三条", 1.0),  # formula kept as text, blank 分值 = 1
    ]
    assert check.groups[1].items[0].weight == 3.0
    assert [(r.code, r.label, r.score, r.finding) for r in check.results] == [
        ("ok", "符合", 1.0, False),
        ("partial", "基本符合", 0.5, False),
        ("fail", "不符合", 0.0, True),
        ("na", "不适用", None, False),
    ]


def test_group_only_rows_set_the_group(tmp_path):
    rows = [
        ["分组", "检查项", "依据", "分值"],
        ["查履职"],
        [None, "甲", "依据甲", 1],
        ["查作风", None, None, None],
        [None, "乙", "依据乙", 2],
    ]
    result = import_sheet(write_xlsx(tmp_path / "a.xlsx", rows))
    check, _ = load_file(result.out)
    assert [(g.title, len(g.items)) for g in check.groups] == [("查履职", 1), ("查作风", 1)]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_csv_import(tmp_path, encoding):
    text = (
        "分组,检查项,依据,分值,备注\n"
        '查履职,"是否清楚职责，并履职",《条例》第十条,2,\n'
        ",是否落实首问负责制,《条例》第十二条,,\n"
        "\n"
        '查作风,"+有无门难进",《条例》第十五条,1,x\n'
    )
    source = tmp_path / "check-list.csv"
    source.write_bytes(text.encode(encoding))
    result = import_sheet(source, checklist_id="my-check")
    check, problems = load_file(result.out)
    assert problems == []
    assert check.id == "my-check" and check.title == "check-list"
    assert [i.text for _g, i in check.items_for("self")] == [
        "是否清楚职责，并履职",
        "是否落实首问负责制",
        "+有无门难进",
    ]


def test_bad_rows_reported_and_nothing_written(tmp_path):
    rows = [
        ["分组", "检查项", "依据", "分值"],
        ["查履职", "甲", "依据甲", "两分"],
        [None, None, "依据乙", 1],
        [None, "丙", None, -1],
        [None, "丁", "依据丁", True],
        [None, "戊", "依据戊", 1],
    ]
    source = write_xlsx(tmp_path / "bad.xlsx", rows)
    with pytest.raises(RowsRejected) as caught:
        import_sheet(source)
    found = [(p.line, p.path) for p in caught.value.problems]
    assert found == [(2, "分值"), (3, "检查项"), (4, "依据"), (4, "分值"), (5, "分值")]
    assert "“两分”" in caught.value.problems[0].message
    assert not (tmp_path / "bad.toml").exists()


def test_first_row_without_group_is_bad(tmp_path):
    rows = [["分组", "检查项", "依据", "分值"], [None, "甲", "依据", 1]]
    with pytest.raises(RowsRejected) as caught:
        import_sheet(write_xlsx(tmp_path / "a.xlsx", rows))
    assert [(p.line, p.path) for p in caught.value.problems] == [(2, "分组")]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([["分组", "检查项", "分值"], ["a", "b", 1]], "缺少 依据"),
        ([["分组", "检查项", "依据", "分值"]], "没有任何检查项"),
    ],
)
def test_sheet_level_problems(tmp_path, rows, message):
    with pytest.raises(UserError, match=message):
        import_sheet(write_xlsx(tmp_path / "a.xlsx", rows))


def test_cli_import_then_validate(tmp_path):
    source = office_sheet(tmp_path / "sancha.xlsx")
    data = tmp_path / "data"
    out = tmp_path / "out.toml"
    result = run_cli("checklists", "import", str(source), "--out", str(out), "--json", data=data)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"groups": 3, "items": 5, "out": str(out)}
    check = run_cli("checklists", "validate", str(out), data=data)
    assert check.returncode == 0, check.stdout
    again = run_cli("checklists", "import", str(source), "--out", str(out), data=data)
    assert again.returncode == 2 and "已存在" in again.stderr
    forced = run_cli(
        "checklists",
        "import",
        str(source),
        "--out",
        str(out),
        "--force",
        "--title",
        "新标题",
        data=data,
    )
    assert forced.returncode == 0, forced.stderr
    assert load_file(out)[0].title == "新标题"


def test_cli_bad_rows_exit_2(tmp_path):
    source = tmp_path / "bad.csv"
    source.write_text(
        "分组,检查项,依据,分值\n查履职,甲,依据,十分\n查履职,,依据,1\n", encoding="utf-8"
    )
    result = run_cli("checklists", "import", str(source), data=tmp_path / "data")
    assert result.returncode == 2
    assert f"{source}: 第 2 行: 分值: " in result.stderr
    assert f"{source}: 第 3 行: 检查项: 检查项为空" in result.stderr
    assert "未写入任何文件" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "bad.toml").exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.xlsx", None, "找不到检查项表格"),
        ("old.xls", b"\xd0\xcf\x11\xe0", "另存为"),
        ("broken.xlsx", b"PK\x03\x04 not really", "不是有效的 .xlsx"),
        ("list.txt", b"x", "不受支持"),
        ("empty.csv", b"", "没有找到表头"),
    ],
)
def test_cli_bad_files_exit_2(tmp_path, name, content, message):
    source = tmp_path / name
    if content is not None:
        source.write_bytes(content)
    result = run_cli("checklists", "import", str(source), data=tmp_path / "data")
    assert result.returncode == 2
    assert message in result.stderr and name in result.stderr
    assert "Traceback" not in result.stderr
