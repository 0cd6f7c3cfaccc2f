"""Refusing crafted files: seconds and peak memory of one `xiaoneng` process each.

Each bomb is small on disk and huge once unpacked or parsed; a refusal must
take a few seconds and stay under 300 MB. For scale, the same command reads
an honest 50,000-person roster (the largest allowed) in the same run; the
ratio bomb/honest says a bomb costs no more than a real file.

    uv run python benchmarks/file_bombs.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))
sys.path.insert(0, str(HERE))

from common import table  # noqa: E402
from helpers.bombs import docx_bomb, million_rows, one_wide_row, run_measured, xlsx  # noqa: E402


def honest_roster(path: Path, people: int = 50_000) -> Path:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(["工号", "姓名", "单位", "职务", "角色"])
    for i in range(people):
        ws.append([f"P{i:05d}", f"人员{i}", "测试机关", "科员", "职工"])
    wb.save(path)
    return path


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        data = tmp / "data"
        subprocess.run(
            [sys.executable, "-m", "xiaoneng", "--data", str(data), "init", "--unit", "测试机关",
             "--admin-id", "A001", "--admin-name", "管理员甲"],
            check=True, capture_output=True,
        )  # fmt: skip
        csv = tmp / "field.csv"
        with open(csv, "w", encoding="utf-8") as fh:
            fh.write("工号,姓名,单位\n1,甲,测试机关\n2," + "名" * (20 * 1024 * 1024 // 3) + ",A\n")
        cases = [
            ("roster 1M rows .xlsx", ["roster", "import", "--check", str(xlsx(tmp / "r.xlsx", million_rows))]),
            ("roster 5M-cell row", ["roster", "import", "--check", str(xlsx(tmp / "w.xlsx", one_wide_row))]),
            ("roster 3M shared strings", ["roster", "import", "--check", str(xlsx(tmp / "s.xlsx", lambda fh: None, strings=b"<si><t>x</t></si>" * 3_000_000))]),
            ("roster 20 MB csv field", ["roster", "import", "--check", str(csv)]),
            ("regulation 70 MB .docx body", ["regulation", "import", str(docx_bomb(tmp / "d.docx"))]),
        ]  # fmt: skip
        honest = honest_roster(tmp / "honest.xlsx")
        code, err, base_s, base_mb = run_measured(
            "roster", "import", "--check", str(honest), data=data
        )
        assert code == 0, err
        rows = [
            (
                "honest 50,000-person roster",
                f"{honest.stat().st_size // 1024} KB",
                "read",
                f"{base_s:.2f} s",
                f"{base_mb:.0f} MB",
            )
        ]
        worst = 0.0
        for name, args in cases:
            f = Path(args[-1])
            code, err, s, mb = run_measured(*args, data=data)
            rows.append(
                (
                    name,
                    f"{f.stat().st_size // 1024} KB",
                    f"exit {code}",
                    f"{s:.2f} s",
                    f"{mb:.0f} MB",
                )
            )
            worst = max(worst, s / base_s)
        table(rows, ("file", "size", "result", "time", "peak memory"))  # fmt: skip
        print(f"ratio slowest bomb/honest roster = {worst:.2f}")


if __name__ == "__main__":
    main()
