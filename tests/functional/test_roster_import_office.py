"""The office's own roster spreadsheets through the real `xiaoneng roster import`
(issue 13, "The office's own spreadsheets").

Fixtures are built here with openpyxl as offices keep them: a merged title
row above the header, a date line, 序号, other column names, numeric and
full-width 工号, a 部门 merged down over its people. `--check` previews new,
changed, unchanged and bad rows without writing; unknown units are listed and
created only with `--create-units`; look-alike unit names are one unit.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from conftest import init_cli, run_cli
from openpyxl import Workbook


@pytest.fixture
def agency(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    init_cli(data, "测试机关（本级）")
    for pid, name, unit, position in (
        ("1010", "钱十", "测试机关（本级）", "科员"),  # the sheet leaves 职务 blank: kept
        ("1011", "孙十一", "测试机关（本级）", ""),
    ):
        done = run_cli(
            "roster", "add", "--id", pid, "--name", name, "--unit", unit,
            "--position", position, data=data,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
    return data


def office_roster(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(["测试机关干部职工花名册"])
    ws.append(["填报日期：2026年3月"])
    ws.append(["序号", "职工号", "姓  名", "处室", "岗位", "权限"])
    ws.append([1, 1006.0, "张三", "测试机关(本级)", "科员", None])  # half-width brackets
    ws.append([2, "１００７", "李　四", None, "副主任", "单位负责人"])  # merged 处室 above
    ws.append([3, 1010, "钱十", "测试机关（本级）", None, None])  # unchanged
    ws.append([4, 1011, "孙十一", "档案室", "馆员", None])  # changed: unit, 职务
    ws.append([5, None, "没工号", "档案室", None, None])  # bad
    ws.append([6, 1012, "周十二", "新设科\u200b", "科员", "老板"])  # bad role
    ws.merge_cells("A1:F1")
    ws.merge_cells("A2:F2")
    ws.merge_cells("D4:D5")
    wb.save(path)
    return path


def _folder(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*.json"))
    }


def test_check_previews_without_writing(agency, tmp_path):
    f = office_roster(tmp_path / "花名册.xlsx")
    before = _folder(agency)
    out = run_cli("roster", "import", str(f), "--check", data=agency)
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert "表头在第 3 行" in text
    assert "将新增 2 人，修改 1 人，不变 1 人，有问题 2 行" in text
    assert "1006  张三  测试机关(本级)" in text and "1007  李四" in text
    assert "1011  孙十一：单位 测试机关（本级） → 档案室；职务 （空） → 馆员" in text
    assert "花名册.xlsx 第 8 行“工号”：为空" in text
    assert "花名册.xlsx 第 9 行“角色”" in text
    assert "档案室" in text.split("尚不存在的单位")[1]
    assert _folder(agency) == before  # nothing written, not even a backup
    as_json = run_cli("roster", "import", str(f), "--check", "--json", data=agency)
    plan = json.loads(as_json.stdout)
    assert plan["counts"] == {"new": 2, "changed": 1, "unchanged": 1, "bad": 2}
    assert [p["id"] for p in plan["new"]] == ["1006", "1007"]
    assert plan["new"][1] == {
        "row": 5, "id": "1007", "name": "李四", "unit": "测试机关(本级)",
        "position": "副主任", "roles": ["unit_head"],
    }  # fmt: skip
    assert plan["changed"][0]["changes"]["unit"] == {"from": "测试机关（本级）", "to": "档案室"}
    assert plan["unchanged"] == [{"row": 6, "id": "1010"}]
    assert [(b["row"], b["column"]) for b in plan["bad"]] == [(8, "工号"), (9, "角色")]
    assert plan["unknown_units"] == ["档案室"]
    assert _folder(agency) == before


def test_unknown_units_need_create_units_and_look_alikes_are_one_unit(agency, tmp_path):
    f = office_roster(tmp_path / "花名册.xlsx")
    refused = run_cli("roster", "import", str(f), "--skip-bad", data=agency)
    assert (
        refused.returncode == 2
        and "档案室" in refused.stderr
        and "--create-units" in refused.stderr
    )
    ids = {p["id"] for p in json.loads(run_cli("roster", "list", "--json", data=agency).stdout)}
    assert ids == {"A001", "1010", "1011"}
    done = run_cli("roster", "import", str(f), "--skip-bad", "--create-units", data=agency)
    assert done.returncode == 0, done.stderr
    assert "新增 2 人，修改 1 人，不变 1 人，跳过 2 行" in done.stdout
    people = {
        p["id"]: p for p in json.loads(run_cli("roster", "list", "--json", data=agency).stdout)
    }
    assert people["1006"]["unit"] == "测试机关（本级）"  # not a second unit with () brackets
    assert people["1007"]["name"] == "李四" and people["1007"]["roles"] == ["unit_head"]
    assert people["1011"]["unit"] == "档案室" and people["1011"]["position"] == "馆员"
    assert people["1010"]["position"] == "科员"  # a blank cell changes nothing
    out = run_cli("status", "--json", data=agency)
    units = {u["name"] for u in json.loads(out.stdout)["units"]}
    assert units == {"测试机关（本级）", "档案室"}
    assert run_cli("verify", data=agency).returncode == 0
    again = run_cli("roster", "import", str(f), "--check", "--json", data=agency)
    assert json.loads(again.stdout)["counts"] == {"new": 0, "changed": 0, "unchanged": 4, "bad": 2}


def test_bad_rows_stop_the_import_unless_skipped(agency, tmp_path):
    f = office_roster(tmp_path / "花名册.xlsx")
    out = run_cli("roster", "import", str(f), "--create-units", data=agency)
    assert out.returncode == 2
    assert "第 8 行" in out.stderr and "第 9 行" in out.stderr and "未导入任何人员" in out.stderr
    ids = {p["id"] for p in json.loads(run_cli("roster", "list", "--json", data=agency).stdout)}
    assert ids == {"A001", "1010", "1011"}


def test_full_width_id_logs_in_as_ascii(agency, tmp_path):
    f = tmp_path / "r.csv"
    f.write_text("工号,姓名,单位\n１０２０,吴二十,测试机关（本级）\n", encoding="utf-8")
    pins = tmp_path / "pins.csv"
    out = run_cli("roster", "import", str(f), "--pins-out", str(pins), data=agency)
    assert out.returncode == 0, out.stderr
    pin = pins.read_text("utf-8-sig").splitlines()[1].split(",")[3]
    from xiaoneng.services.core import open_core

    core = open_core(agency)
    assert core.auth.login("１０２０", pin).id == "1020"
    assert core.auth.login("1020\u200b ", pin).id == "1020"


def test_abandon_without_an_unfinished_import_and_no_file(agency):
    nothing = run_cli("roster", "import", "--abandon", data=agency)
    assert nothing.returncode == 2 and "没有未完成的名册导入" in nothing.stderr
    no_file = run_cli("roster", "import", data=agency)
    assert no_file.returncode == 2 and "请给出名册文件" in no_file.stderr
