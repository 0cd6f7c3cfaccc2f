"""Nasty roster files through the real `xiaoneng roster import`: hostile
fields are cleaned and kept, huge files and too many rows are refused (exit 2)."""

from __future__ import annotations

from conftest import run_cli


def test_hostile_roster_fields_survive_to_the_roster(core, tmp_path):
    f = tmp_path / "hostile.csv"
    rows = [
        ["工号", "姓名", "单位", "职务", "角色"],
        ["H1", "李\x07四\x0b", "..", "=cmd|' /C calc'!A0", ""],
        ["H2", "王\u202e五", "测试机关", "CON", ""],
        ["H3", "赵六😀", "a/b\\c", "科员", ""],
    ]
    f.write_text("\n".join(",".join(r) for r in rows), encoding="utf-8")
    out = run_cli("roster", "import", str(f), "--create-units", data=core.root)
    assert out.returncode == 0, out.stderr
    people = {p.id: p for p in core.roster.people()}
    assert people["H1"].name == "李四"
    assert people["H3"].name == "赵六😀"
    assert core.verifier.run().ok


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
