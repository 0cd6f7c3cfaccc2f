"""Huge roster files through the real `xiaoneng roster import` are refused with
exit 2: a CSV over the size limit (60 MB) and a workbook with too many rows
(50,002). Writing and reading them takes seconds, so they run with the e2e tests."""

from __future__ import annotations

from conftest import run_cli


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
