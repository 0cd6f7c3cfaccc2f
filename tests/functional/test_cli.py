"""The command-line contract, through the real `xiaoneng` process."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import ACTOR, init_cli, run_cli

from xiaoneng.services.roster import new_person
from xiaoneng.store.repos.ledger import segment_part

HEADER = "工号,姓名,单位,职务,角色\n"


@pytest.fixture
def agency(tmp_path: Path) -> Path:
    return init_cli(tmp_path / "data", pin="482915")


def test_init_prints_a_random_initial_pin_when_none_given(tmp_path):
    out = run_cli(
        "init", "--unit", "某机关", "--admin-id", "A9", "--admin-name", "某人", data=tmp_path / "d"
    )
    assert out.returncode == 0, out.stderr
    assert "初始 PIN" in out.stdout
    again = run_cli(
        "init", "--unit", "某机关", "--admin-id", "A9", "--admin-name", "某人", data=tmp_path / "d"
    )
    assert again.returncode == 1 and "已经初始化" in again.stderr


def test_roster_add_and_list_json(agency):
    out = run_cli(
        "roster",
        "add",
        "--id",
        "1002",
        "--name",
        "林某",
        "--unit",
        "测试机关",
        "--position",
        "科员",
        "--role",
        "staff",
        "--role",
        "unit_head",
        "--json",
        data=agency,
    )
    assert out.returncode == 0, out.stderr
    added = json.loads(out.stdout)
    assert added["id"] == "1002" and len(added["initial_pin"]) == 6
    listed = json.loads(run_cli("roster", "list", "--json", data=agency).stdout)
    person = next(p for p in listed if p["id"] == "1002")
    assert person == {
        "id": "1002",
        "name": "林某",
        "unit": "测试机关",
        "unit_id": person["unit_id"],
        "position": "科员",
        "roles": ["staff", "unit_head"],
        "active": True,
    }
    human = run_cli(
        "roster", "add", "--id", "1003", "--name", "陈某", "--unit", "测试机关", data=agency
    )
    assert "初始 PIN 是" in human.stdout


def test_user_mistakes_exit_2_in_chinese_without_traceback(agency):
    cases = [
        ("roster", "add", "--id", "1002", "--name", "某", "--unit", "没有的单位"),
        ("roster", "add", "--id", "a b", "--name", "某", "--unit", "测试机关"),
        ("roster", "add", "--id", "1002", "--name", "某", "--unit", "测试机关", "--role", "boss"),
        ("roster", "add", "--id", "A001", "--name", "重复", "--unit", "测试机关"),
        ("roster", "import", "no-such-file.csv"),
        ("roster", "add", "--name", "缺工号", "--unit", "测试机关"),
    ]
    for args in cases:
        out = run_cli(*args, data=agency)
        assert out.returncode == 2, (args, out.stderr)
        assert "Traceback" not in out.stderr
        assert out.stderr.startswith("xiaoneng："), out.stderr
        assert len(out.stderr.strip().splitlines()) == 1, out.stderr


def test_commands_on_an_uninitialised_folder_refuse(tmp_path):
    out = run_cli("roster", "list", data=tmp_path / "empty")
    assert out.returncode == 1 and "xiaoneng init" in out.stderr


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_roster_import_csv_encodings(agency, tmp_path, encoding):
    f = tmp_path / f"roster-{encoding}.csv"
    f.write_text(
        HEADER + "2001,张某,振兴幼儿园,园长,单位负责人\n2002,李某,振兴幼儿园,教师,\n",
        encoding=encoding,
    )
    out = run_cli("roster", "import", str(f), "--create-units", data=agency)
    assert out.returncode == 0, out.stderr
    listed = {
        p["id"]: p for p in json.loads(run_cli("roster", "list", "--json", data=agency).stdout)
    }
    assert listed["2001"]["roles"] == ["unit_head"] and listed["2001"]["unit"] == "振兴幼儿园"
    assert listed["2002"]["roles"] == ["staff"]


def test_roster_import_reports_every_bad_row_and_imports_nothing(agency, tmp_path):
    f = tmp_path / "bad.csv"
    f.write_text(
        HEADER
        + "2001,张某,振兴幼儿园,园长,\n"
        + ",无工号,振兴幼儿园,,\n"
        + "\n"
        + "2003,,振兴幼儿园,,\n"
        + "2001,重复,振兴幼儿园,,\n"
        + "2005,王某,振兴幼儿园,,老板\n"
        + "A001,管理员重名,测试机关,,\n",  # an existing person: a change, not a bad row
        encoding="utf-8",
    )
    out = run_cli("roster", "import", str(f), "--create-units", data=agency)
    assert out.returncode == 2
    for row in ("第 3 行", "第 5 行", "第 6 行", "第 7 行"):
        assert row in out.stderr, row
    assert "bad.csv 第 2 行" not in out.stderr and "Traceback" not in out.stderr
    assert "bad.csv 第 8 行" not in out.stderr
    ids = {p["id"] for p in json.loads(run_cli("roster", "list", "--json", data=agency).stdout)}
    assert ids == {"A001"}
    skipped = run_cli("roster", "import", str(f), "--skip-bad", "--create-units", data=agency)
    assert skipped.returncode == 0, skipped.stderr
    ids = {p["id"] for p in json.loads(run_cli("roster", "list", "--json", data=agency).stdout)}
    assert ids == {"A001", "2001"}


def test_roster_import_wrong_columns(agency, tmp_path):
    f = tmp_path / "cols.csv"
    f.write_text("编号,名字\n1,张\n", encoding="utf-8")
    out = run_cli("roster", "import", str(f), data=agency)
    assert out.returncode == 2 and "缺少列" in out.stderr


def test_roster_import_xlsx_with_merged_units_and_formula(agency, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["工号", "姓名", "单位", "职务", "角色"])
    ws.append(["3001", "甲某", "华侨托儿所", "所长", "unit_head"])
    ws.append([3002, "乙某", None, "教师", None])
    ws.append(["3003", "=cmd|' /C calc'!A0", None, "教师", None])
    ws.merge_cells("C2:C4")
    f = tmp_path / "r.xlsx"
    wb.save(f)
    out = run_cli("roster", "import", str(f), data=agency)
    assert out.returncode == 2 and "第 4 行" in out.stderr and "公式" in out.stderr
    out = run_cli(
        "roster",
        "import",
        str(f),
        "--skip-bad",
        "--create-units",
        "--pins-out",
        str(tmp_path / "pins.csv"),
        data=agency,
    )
    assert out.returncode == 0, out.stderr
    listed = {
        p["id"]: p for p in json.loads(run_cli("roster", "list", "--json", data=agency).stdout)
    }
    assert listed["3002"]["unit"] == "华侨托儿所"
    pins = (tmp_path / "pins.csv").read_text("utf-8-sig")
    assert "3001" in pins and "3002" in pins
    assert oct(os.stat(tmp_path / "pins.csv").st_mode & 0o777) == "0o600"


def test_broken_xlsx_is_a_clear_error(agency, tmp_path):
    f = tmp_path / "broken.xlsx"
    f.write_bytes(b"PK\x03\x04 not really a zip")
    out = run_cli("roster", "import", str(f), data=agency)
    assert out.returncode == 2 and "不是有效的 .xlsx" in out.stderr


def test_demo_refuses_a_folder_with_other_data(agency, tmp_path):
    before = sorted(p.name for p in agency.rglob("*"))
    out = run_cli("demo", "--no-tui", "--force", data=agency)
    assert out.returncode == 1 and "正式数据" in out.stderr
    assert sorted(p.name for p in agency.rglob("*")) == before
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("mine", encoding="utf-8")
    out = run_cli("demo", "--no-tui", data=other)
    assert out.returncode == 1 and (other / "notes.txt").read_text("utf-8") == "mine"
    assert sorted(p.name for p in other.iterdir()) == ["notes.txt"]


def test_backup_and_restore_bring_data_back(agency, tmp_path):
    out = run_cli("backup", "--out", str(tmp_path / "b.zip"), data=agency)
    assert out.returncode == 0, out.stderr
    run_cli("roster", "add", "--id", "1009", "--name", "后加", "--unit", "测试机关", data=agency)
    (agency / "org.json").write_text("{broken", encoding="utf-8")
    broken = run_cli("roster", "list", data=agency)
    assert broken.returncode == 1 and "org.json" in broken.stderr and "备份" in broken.stderr
    restored = run_cli("restore", str(tmp_path / "b.zip"), "--yes", data=agency)
    assert restored.returncode == 0, restored.stderr
    ids = {p["id"] for p in json.loads(run_cli("roster", "list", "--json", data=agency).stdout)}
    assert ids == {"A001"}
    assert run_cli("verify", data=agency).returncode == 0
    refused = run_cli("backup", "--out", str(tmp_path / "b.zip"), data=agency)
    assert refused.returncode == 2


def test_help_texts_say_what_commands_do():
    out = run_cli("--help")
    assert out.returncode == 0
    for word in ("demo", "init", "roster", "verify", "backup"):
        assert word in out.stdout
    sub = run_cli("roster", "import", "--help")
    assert "工号,姓名,单位,职务,角色" in sub.stdout


def test_verify_exit_codes_and_the_first_bad_entry(core):
    """`verify` says 台账完整 (exit 0); after an entry's time is edited, exit 1 naming it."""
    for i in range(3):
        core.roster.add(ACTOR, new_person(f"V{i}", f"职工{i}", "测试机关"), pin="482915")
    ok = run_cli("verify", data=core.root)
    assert ok.returncode == 0, ok.stderr
    assert "台账完整" in ok.stdout
    segment = core.root / segment_part(0)
    data = json.loads(segment.read_text("utf-8"))
    data["entries"]["3"]["time"] = "2020-01-01T00:00:00+08:00"
    segment.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    bad = run_cli("verify", data=core.root)
    assert bad.returncode == 1
    assert "第 3 条" in bad.stderr and "Traceback" not in bad.stderr
