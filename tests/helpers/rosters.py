"""Large roster files as an office would send them, for the import tests and
benchmarks/roster_import.py: `people` rows, about `per_unit` people a unit,
units named 导入单位N (new to a demo folder, so an import needs
--create-units)."""

from __future__ import annotations

import csv
from pathlib import Path

HEADER = ["工号", "姓名", "单位", "职务", "角色"]


def roster_rows(people: int, *, per_unit: int = 50, first: int = 0) -> list[list[str]]:
    return [
        [f"R{i:06d}", f"职工{i}", f"导入单位{i // per_unit}", "科员", "职工"]
        for i in range(first, first + people)
    ]


def big_roster(path: Path, people: int, *, per_unit: int = 50, first: int = 0) -> Path:
    """A roster of `people` rows as .xlsx or .csv (by the path's suffix)."""
    rows = roster_rows(people, per_unit=per_unit, first=first)
    if path.suffix == ".csv":
        with open(path, "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(HEADER)
            w.writerows(rows)
        return path
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path
