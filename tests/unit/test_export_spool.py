"""The index spool gives the rows of an export in filing order, as sorting a
list of them did, from a file on disk (export_spool)."""

from __future__ import annotations

import datetime as dt
import os
import random

import pytest

from xiaoneng.export.index import Entry, IndexRow
from xiaoneng.services.export_archive import sortable
from xiaoneng.services.export_spool import BLOCK, IndexSpool, SpooledFiles
from xiaoneng.services.export_stream import Made


def _made(i: int, rng: random.Random) -> Made:
    # Mixed keys as the kinds give them: None, numbers, text and nested tuples,
    # with ties on everything but the file name.
    kind = rng.randrange(3)
    part: object = rng.choice([None, rng.randrange(5), rng.random() * 5, f"第{rng.randrange(5)}"])
    order = (part, (rng.randrange(3), str(rng.randrange(3))))
    name = f"件{rng.randrange(40):02d}-{i}.docx"
    entry = Entry(f"编号{i}", f"题名{i}", "张三", dt.date(2026, 1, 1 + i % 28), "abcd", order)
    row = IndexRow(entry, f"类{kind}", f"类{kind}/{name}", None if i % 7 == 0 else 1 + i % 3)
    return Made((kind, *order, name), row.file, row)


def test_rows_come_back_in_the_order_a_sorted_list_gives(tmp_path):
    rng = random.Random(17)
    made = [_made(i, rng) for i in range(1000)]
    spool = IndexSpool(tmp_path, chunk=97)  # eleven runs to merge
    for start in range(0, len(made), 30):  # batches, as a pool hands them back
        spool.add(made[start : start + 30])
    assert len(spool) == 1000
    rows = spool.finish()
    expected = [m.row for m in sorted(made, key=lambda m: sortable(m.filed))]
    assert list(rows) == expected
    assert rows == expected and len(rows) == 1000
    assert rows[0] == expected[0] and rows[-1] == expected[-1]
    assert rows[BLOCK * 3 + 5] == expected[BLOCK * 3 + 5]  # read from its block
    assert rows[10:13] == expected[10:13]
    with pytest.raises(IndexError):
        rows[1000]
    files = SpooledFiles(tmp_path, rows)
    assert files == [tmp_path / r.file for r in expected]
    assert files[1] == tmp_path / expected[1].file
    assert (files + [tmp_path / "归档目录.docx"])[-1].name == "归档目录.docx"
    assert os.listdir(tmp_path) == []  # the spool's files have no names
    rows.close()


def test_an_empty_spool_and_one_within_a_chunk(tmp_path):
    empty = IndexSpool(tmp_path).finish()
    assert len(empty) == 0 and list(empty) == [] and empty == []
    rng = random.Random(3)
    made = [_made(i, rng) for i in range(5)]
    spool = IndexSpool(tmp_path)
    spool.add(reversed(made))
    assert spool.finish() == [m.row for m in sorted(made, key=lambda m: sortable(m.filed))]
