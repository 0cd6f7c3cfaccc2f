"""`xiaoneng posts import|list` through the real process: JSON shapes outside
scripts rely on, the preview, bad input as exit 2 with named rows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_cli
from helpers.jinguo_sheets import ROWS, application_xlsx

ITEM_KEYS = {
    "id",
    "name",
    "organisation",
    "level",
    "year",
    "state",
    "members",
    "women",
    "conditions_failed",
}


@pytest.fixture
def agency(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    out = run_cli(
        "init", "--unit", "测试机关", "--admin-id", "A001", "--admin-name", "管理员甲",
        "--pin-stdin", data=data, input="482915\n",
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    return data


def test_check_import_and_list(agency, tmp_path):
    sheet = application_xlsx(tmp_path / "申报表.xlsx")
    out = run_cli("posts", "import", str(sheet), "--check", "--json", "--year", "2026", data=agency)
    assert out.returncode == 0, out.stderr
    plan = json.loads(out.stdout)
    assert plan["counts"] == {"new": 4, "changed": 0, "unchanged": 0, "bad": 0, "flagged": 2}
    assert plan["header_row"] == 3 and plan["new"][0]["row"] == 4
    listed = run_cli("posts", "list", "--json", "--year", "2026", data=agency)
    assert json.loads(listed.stdout) == []  # the preview wrote nothing

    out = run_cli("posts", "import", str(sheet), "--json", "--year", "2026", data=agency)
    assert out.returncode == 0, out.stderr
    done = json.loads(out.stdout)
    assert done["added"] == 4 and done["flagged"] == 2 and len(done["ids"]) == 4

    items = json.loads(run_cli("posts", "list", "--json", "--year", "2026", data=agency).stdout)
    assert len(items) == 4 and all(set(i) >= ITEM_KEYS for i in items)
    assert {i["state"] for i in items} == {"applied"}
    flagged = {i["name"]: i["conditions_failed"] for i in items if i["conditions_failed"]}
    assert set(flagged) == {"营业厅班组", "巾帼服务站"}
    national = json.loads(
        run_cli(
            "posts", "list", "--level", "全国级", "--json", "--year", "2026", data=agency
        ).stdout
    )
    assert [i["name"] for i in national] == ["巾帼服务站"]
    text = run_cli("posts", "list", "--year", "2026", data=agency)
    assert "共 4 个岗位，其中 2 个不符合或无法核对硬性条件" in text.stdout
    again = run_cli("posts", "import", str(sheet), "--year", "2026", data=agency)
    assert again.returncode == 2 and "没有要新增或修改的岗位（4 个与登记相同）" in again.stderr


def test_bad_input_is_exit_two_with_rows_named(agency, tmp_path):
    rows = [list(r) for r in ROWS]
    rows[0][8] = "十人"
    bad = application_xlsx(tmp_path / "坏表.xlsx", rows)
    out = run_cli("posts", "import", str(bad), "--year", "2026", data=agency)
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert "坏表.xlsx 第 4 行“岗位人数”：岗位人数应为整数，实际为“十人”" in out.stderr
    assert "未导入任何岗位" in out.stderr
    items = json.loads(run_cli("posts", "list", "--json", "--year", "2026", data=agency).stdout)
    assert items == []
    for name, content in (("a.xls", b"\xd0\xcf"), ("b.xlsx", b"not a zip")):
        f = tmp_path / name
        f.write_bytes(content)
        out = run_cli("posts", "import", str(f), data=agency)
        assert out.returncode == 2 and "Traceback" not in out.stderr, out.stderr
        assert name in out.stderr
    out = run_cli("posts", "import", str(tmp_path / "missing.csv"), data=agency)
    assert out.returncode == 2 and "找不到文件" in out.stderr
    out = run_cli("posts", "list", "--level", "区级", data=agency)
    assert out.returncode == 2 and "Traceback" not in out.stderr
