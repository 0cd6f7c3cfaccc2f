"""A study record of thousands of people is built in bounded memory, with its
long tables streamed (export.streamed), and reads back with every row."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import docx
import pytest

# A study record of the whole agency, built in a process of its own: the
# growth of its resident memory while the document is built, saved and its
# pages counted. In the tree this is about 50 kB a row (100 MB here); streamed
# it is 20 MB, mostly the template and the page model's caches of measured
# paragraphs, which are bounded.
BIG_RECORD = """
import json, sys
from xiaoneng.checklists.catalogue import load_catalogue
from xiaoneng.paths import bundled_checklists_dir
from xiaoneng.export import study_record as sr
from xiaoneng.export.common import Directory, PersonInfo, Signature
from xiaoneng.model.records import Completion

n, out = int(sys.argv[1]), sys.argv[2]
module = next(m for m in load_catalogue([bundled_checklists_dir()]).studies())
units = {f"u{k:04d}": f"示范单位第{k}科室" for k in range(1, n // 30 + 2)}
people = {
    str(100000 + i): PersonInfo(str(100000 + i), f"职工{i}号", f"u{i // 30 + 1:04d}", "科员")
    for i in range(n)
}
done, pending = [], []
for i, pid in enumerate(people):
    if i % 5:
        when = f"2026-0{1 + i % 9}-1{i % 10}T09:{i % 60:02d}:00+08:00"
        ref = {"id": module.id, "version": module.version}
        c = Completion(pid, ref, f"a{i}", 9, 10, 1 + i % 3, when)
        done.append(sr.Done(c, Signature(when, 1000 + i, f"{i:012x}")))
    else:
        pending.append(sr.Pending(pid, "未学习"))
directory = Directory("示范市直属机关", units, people)

def status(field):  # kB; VmHWM is this program's peak (ru_maxrss may be the parent's)
    with open("/proc/self/status") as lines:
        return next(int(line.split()[1]) for line in lines if line.startswith(field))

before = status("VmRSS:")
doc = sr.study_record(module, done, pending, directory, period="2026年")
data = doc.to_bytes()
pages = doc.page_count()
with open(out, "wb") as f:
    f.write(data)
grown = status("VmHWM:") - before
print(json.dumps({"grown_kb": grown, "pages": pages, "done": len(done), "pending": len(pending)}))
"""


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _cell_text(tc) -> str:
    """A cell's text as python-docx gives it (its paragraphs, a line each),
    read from the XML: python-docx's `row.cells` took over 10 s here."""
    return "\n".join("".join(t.text or "" for t in p.iter(f"{_W}t")) for p in tc.iter(f"{_W}p"))


def _numbers(body, headers):
    """The 序号 of every body row of the tables that have `headers` (a table
    continued on the next page with the closing repeats its header row)."""
    found = []
    for table in body.iter(f"{_W}tbl"):
        rows = [[_cell_text(tc) for tc in tr.iter(f"{_W}tc")] for tr in table.iter(f"{_W}tr")]
        if tuple(rows[0]) == headers:
            found += [int(r[0]) for r in rows[1:]]
    return found


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads VmRSS")
def test_a_study_record_of_thousands_is_built_in_bounded_memory(tmp_path):
    from xiaoneng.export.study_record import DONE_HEADERS, PENDING_HEADERS

    out = tmp_path / "学习记录.docx"
    result = subprocess.run(
        [sys.executable, "-c", BIG_RECORD, "2000", str(out)],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    measured = json.loads(result.stdout.strip().splitlines()[-1])
    assert measured["done"] == 1600 and measured["pending"] == 400
    assert measured["grown_kb"] < 40_000, measured  # 20 MB; in the tree it grows by 100 MB
    body = docx.Document(str(out)).element.body
    assert _numbers(body, DONE_HEADERS) == list(range(1, 1601))
    assert _numbers(body, PENDING_HEADERS) == list(range(1, 401))
    assert measured["pages"] > 80
