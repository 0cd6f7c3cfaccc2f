"""The 归档目录 of a whole agency's export: memory and CPU of its index rows.

A complete `export all` at 50,000 staff writes about 120,000 files. Its
main process keeps a row for each for the archive index and writes the
index as .docx and .xlsx at the end. This measures that part alone, on
synthetic rows (no data folder), each stage in a fresh process:

- spool: the rows added batch by batch out of order and read back sorted,
  through the index spool (services.export_spool) or, `list`, kept in a list
  and sorted as the export did before;
- xlsx:  the sheet in openpyxl's write-only mode from the spool (`stream`), or
  the in-memory workbook from a list (`book`, as before);
- docx:  the Word index from the spool, or from a list of rows (as before).

It prints, for each, the CPU seconds and how much the process's peak resident
memory grew (VmHWM) above what it had before the rows were made.

    uv run python benchmarks/export_index.py --n 120000 [--stages spool,xlsx,docx] [--new-only]

The Word index takes about 2 ms of CPU a row either way (its rows are
measured for the page model: export.pagination); `--stages spool,xlsx`
compares the rest in a minute.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

CHILD = r"""
import datetime as dt, json, random, resource, sys, tempfile, time
from pathlib import Path
from xiaoneng.export.common import LedgerHead
from xiaoneng.export.index import HEADERS, Entry, IndexRow, archive_index, index_workbook
from xiaoneng.export.workbook import SheetFile, add_table, new_workbook
from xiaoneng.services.export_archive import sortable
from xiaoneng.services.export_spool import IndexSpool
from xiaoneng.services.export_stream import Made

n, stage, way = int(sys.argv[1]), sys.argv[2], sys.argv[3]
KINDS = ["承诺书", "检查表", "学习记录", "签到表"]

def made(i):
    k = KINDS[i * len(KINDS) // n]
    number = f"{k}〔2026〕H{i % 97}-{i:06d}"
    who = f"教职工{i:06d}"
    entry = Entry(number, f"第{i % 1700}幼儿园{who}廉洁从业承诺书", who,
                  dt.date(2026, 1 + i % 12, 1 + i % 28), f"{i * 2654435761 % 16**8:08x}",
                  (i % 1700, i))
    name = f"{number}_{who}.docx"
    return Made((KINDS.index(k), *entry.order, name), f"{k}/{name}",
                IndexRow(entry, k, f"{k}/{name}", 1 + i % 3))

def batches():  # batches of 50 rows, handed back out of order as a pool does
    order = list(range(0, n, 50))
    random.Random(7).shuffle(order)
    for start in order:
        yield [made(i) for i in range(start, min(start + 50, n))]

def hwm():
    with open("/proc/self/status") as lines:
        return next(int(l.split()[1]) for l in lines if l.startswith("VmHWM:"))

head, today = LedgerHead(185004, "abcdef12"), dt.date(2026, 12, 1)
with tempfile.TemporaryDirectory() as d:
    folder = Path(d)
    base, cpu = hwm(), time.process_time()
    if way == "list":
        kept = [m for b in batches() for m in b]
        kept.sort(key=lambda m: sortable(m.filed))
        rows = [m.row for m in kept]
        del kept
    else:
        spool = IndexSpool(folder)
        for b in batches():
            spool.add(b)
        rows = spool.finish()
    pages = sum(r.pages or 0 for r in rows)
    if stage == "xlsx" and way == "list":
        book = new_workbook()
        cells = ([k, r.kind, r.entry.number, r.entry.title, r.entry.who, r.entry.date, r.pages,
                  r.entry.ledger, r.file] for k, r in enumerate(rows, start=1))
        add_table(book, "归档目录", HEADERS, cells, caption="归档目录", footer="脚注")
        SheetFile(book).save(folder / "i.xlsx")
    elif stage == "xlsx":
        index_workbook(rows, agency="示范市", today=today, head=head).save(folder / "i.xlsx")
    elif stage == "docx":
        doc = archive_index(rows, agency="示范市", today=today, head=head)
        doc.save(folder / "i.docx")
    took = time.process_time() - cpu
    print(json.dumps({"cpu": round(took, 2), "grown_mb": round((hwm() - base) / 1024, 1),
                      "pages": pages}))
"""


def run(n: int, stage: str, way: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(n), stage, way],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=120_000)
    parser.add_argument("--stages", default="spool,xlsx,docx")
    parser.add_argument("--new-only", action="store_true", help="skip the former way")
    args = parser.parse_args()
    ways = {"spool": ("list", "spool"), "xlsx": ("list", "stream"), "docx": ("list", "spool")}
    print(f"{args.n} index rows; peak memory growth and CPU of each stage (a process each)")
    for stage in args.stages.split(","):
        if args.new_only:
            new = run(args.n, stage, ways[stage][1])
            print(f"  {stage:5}  {ways[stage][1]}: {new['grown_mb']:7.1f} MB {new['cpu']:7.1f} s")
            continue
        old, new = (run(args.n, stage, way) for way in ways[stage])  # the former way first
        print(
            f"  {stage:5}  {ways[stage][0]}: {old['grown_mb']:7.1f} MB {old['cpu']:7.1f} s"
            f"   {ways[stage][1]}: {new['grown_mb']:7.1f} MB {new['cpu']:7.1f} s"
            f"   memory {old['grown_mb'] / max(new['grown_mb'], 0.1):.1f}x less,"
            f" CPU {new['cpu'] / max(old['cpu'], 0.01):.2f}x"
        )


if __name__ == "__main__":
    main()
