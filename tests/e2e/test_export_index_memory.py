"""The 归档目录 of a big export is written in bounded memory: its rows are
spooled to disk as the batches finish (services.export_spool) and the sheet
is written row by row (export.workbook.StreamedSheet)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

# Rows of an export handed to the spool in batches out of order, as the pool
# returns them, then read back sorted into the index sheet, in a process of
# its own: how much its peak resident memory grew meanwhile. Kept in a list
# the rows alone cost about 2 kB each, and the in-memory workbook 3 kB more.
INDEX = r"""
import datetime as dt, json, random, sys
from pathlib import Path
from xiaoneng.export.common import LedgerHead
from xiaoneng.export.index import Entry, IndexRow
from xiaoneng.services.export_spool import IndexSpool
from xiaoneng.services.export_stream import Made
from xiaoneng.export.index import index_workbook

n, folder, chunk = int(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])

def made(i):
    kind = ("承诺书", "检查表")[i * 2 // n]
    name = f"{kind}〔2026〕H{i % 97}-{i:06d}_教职工{i:06d}.docx"
    entry = Entry(f"{kind}〔2026〕H{i % 97}-{i:06d}", f"第{i % 1700}幼儿园教职工{i:06d}廉洁从业承诺书",
                  f"教职工{i:06d}", dt.date(2026, 1 + i % 12, 1 + i % 28), f"{i:08x}", (i % 1700, i))
    return Made((i * 2 // n, *entry.order, name), f"{kind}/{name}",
                IndexRow(entry, kind, f"{kind}/{name}", 1 + i % 3))

def peak():  # kB; VmHWM is this program's peak (ru_maxrss may be the parent's)
    with open("/proc/self/status") as lines:
        return next(int(line.split()[1]) for line in lines if line.startswith("VmHWM:"))

starts = list(range(0, n, 50))
random.Random(5).shuffle(starts)
before = peak()
spool = IndexSpool(folder, chunk=chunk)
for start in starts:
    spool.add([made(i) for i in range(start, min(start + 50, n))])
rows = spool.finish()
sheet = index_workbook(rows, agency="示范市", today=dt.date(2026, 12, 1), head=LedgerHead(9, "ab12"))
sheet.save(folder / "归档目录.xlsx")
pages = sum(r.pages or 0 for r in rows)
print(json.dumps({"grown_kb": peak() - before, "rows": len(rows), "pages": pages}))
"""


# Rows sorted in memory before a run of them goes to disk: a quarter of the
# product's (4,096), so that a few thousand rows show what 100,000 would.
# (Merging the runs reads a block of each, so it costs more the smaller they are.)
CHUNK = 1024


def _index(n: int, folder: Path) -> dict:
    folder.mkdir()
    result = subprocess.run(
        [sys.executable, "-c", INDEX, str(n), str(folder), str(CHUNK)],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads VmHWM")
def test_the_index_of_nine_thousand_files_takes_little_more_memory_than_of_one(tmp_path):
    small = _index(1_000, tmp_path / "small")
    large = _index(9_000, tmp_path / "large")
    assert large["rows"] == 9_000 and large["pages"] == 18_000
    # 8,000 more rows: spooled, under 1 MB more (measured); the rows kept in
    # the spool until the end, 11.6 MB more; in a list with the in-memory
    # workbook as before, about 37 MB.
    assert large["grown_kb"] - small["grown_kb"] < 5_000, (small, large)
    sheet = openpyxl.load_workbook(tmp_path / "large" / "归档目录.xlsx", read_only=True).active
    numbers = [row[0] for row in sheet.iter_rows(min_row=3, max_col=3, values_only=True)]
    assert numbers[:9_000] == list(range(1, 9_001))
    firsts = sheet.iter_rows(min_row=3, max_row=4, min_col=3, max_col=3, values_only=True)
    assert [r[0] for r in firsts] == ["承诺书〔2026〕H0-000000", "承诺书〔2026〕H51-001700"]
    assert sorted(p.name for p in (tmp_path / "large").iterdir()) == ["归档目录.xlsx"]
