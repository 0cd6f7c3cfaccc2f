"""Nasty input: roster files and text fields. A clear error or handled; never a crash."""

from __future__ import annotations

import csv
import io
import string

import pytest
from conftest import ACTOR, run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xiaoneng.errors import UserError, XiaonengError
from xiaoneng.services.roster import new_person
from xiaoneng.services.roster_import import read_roster

cells = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)) | st.sampled_from("=+-@\t\r\n,\"'，、"),
    max_size=30,
)


@settings(
    max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None
)
@given(
    rows=st.lists(st.lists(cells, min_size=0, max_size=7), max_size=12),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]),
)
def test_any_csv_is_read_or_refused_clearly(tmp_path, rows, encoding):
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["工号", "姓名", "单位", "职务", "角色"])
    for r in rows:
        writer.writerow(r)
    path = tmp_path / "r.csv"
    path.write_bytes(buf.getvalue().encode(encoding, errors="replace"))
    try:
        parsed = read_roster(path)
    except UserError:
        return
    for row, why in parsed.bad:
        assert isinstance(row, int) and why
    for _row, p in parsed.people:
        assert p.id and p.name and p.unit
        assert not any(ch in p.name for ch in "\x00\x07\x0b\x0c")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_text_field_is_cleaned_or_refused(value):
    try:
        p = new_person("X1", value, value or "单位", value)
    except XiaonengError:
        return
    for field in (p.name, p.unit, p.position):
        assert "\x00" not in field and "\n" not in field and len(field) <= 60


def test_hostile_roster_fields_survive_to_the_roster(core, tmp_path):
    f = tmp_path / "hostile.csv"
    rows = [
        ["工号", "姓名", "单位", "职务", "角色"],
        ["H1", "李\x07四\x0b", "..", "=cmd|' /C calc'!A0", ""],
        ["H2", "王\u202e五", "测试机关", "CON", ""],
        ["H3", "赵六😀", "a/b\\c", "科员", ""],
    ]
    f.write_text("\n".join(",".join(r) for r in rows), encoding="utf-8")
    out = run_cli("roster", "import", str(f), data=core.root)
    assert out.returncode == 0, out.stderr
    people = {p.id: p for p in core.roster.people()}
    assert people["H1"].name == "李四"
    assert people["H3"].name == "赵六😀"
    assert core.verifier.run().ok


@pytest.mark.parametrize("name", ["", "   ", "\x00\x07", "名" * 41])
def test_bad_names_are_user_errors(core, name):
    with pytest.raises(UserError):
        core.roster.add(ACTOR, new_person("Z1", name, "测试机关"))


@pytest.mark.parametrize("pid", ["../etc", "a/b", "工号", "x" * 33, "-1", ""])
def test_bad_ids_are_user_errors(pid):
    with pytest.raises(UserError):
        new_person(pid, "某人", "单位")


def test_huge_csv_is_refused_by_size(core, tmp_path):
    f = tmp_path / "huge.csv"
    with open(f, "w", encoding="utf-8") as fh:
        fh.write("工号,姓名,单位,职务,角色\n")
        line = "1," + "名" * 200 + ",单位,,\n"
        fh.write(line * (60 * 1024 * 1024 // len(line.encode()) + 1))
    out = run_cli("roster", "import", str(f), data=core.root)
    assert out.returncode == 2 and "过大" in out.stderr


def test_xlsx_with_many_rows_is_refused(core, tmp_path):
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(["工号", "姓名", "单位"])
    for i in range(50_002):
        ws.append([f"P{i}", "某", "单位"])
    f = tmp_path / "many.xlsx"
    wb.save(f)
    out = run_cli("roster", "import", str(f), data=core.root, timeout=300)
    assert out.returncode == 2 and "行数过多" in out.stderr, out.stderr


def test_id_alphabet_is_ascii():
    assert all(
        ch in string.ascii_letters + string.digits + "_.-"
        for ch in new_person("a.b-c_1", "某", "单位").id
    )
