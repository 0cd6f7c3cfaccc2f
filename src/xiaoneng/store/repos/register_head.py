"""The register's first rows of a year (`records/<year>/findings/head.json`),
so that the register shows its first page from one small file while the rest
is read: at 50,000 staff the year's rows are 6 MB in sixteen files, parsed,
checked against their seals and sorted before the first page could be shown.

The head holds the first rows of the year in the register's order (open
before closed, then by deadline, then by id: `order`), between SHOWN and KEPT
of them (all of them when there are fewer), how many rows the year has, and
how many open rows have each deadline (so that the overdue count is worked
out on the day it is read). It is always every row up to its last one, so a
write keeps it by difference (store/repos/finding_index.py): the changed
units' old rows leave it, their new rows come in when they sort before its
last row, and it is cut back to KEPT; only when fewer than SHOWN are left
(many findings closed in one go) is it made again from all of the year's rows.
It is sealed and rebuilt like the indexes, and `verify` checks it against a
rebuild from the sealed summaries (`problems`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

SHOWN = 100  # at least this many rows (the register's first page)
KEPT = 300  # at most this many: a write cuts it back

Doc = dict[str, Any]
Key = tuple[bool, str, str]
Changes = Iterable[tuple[list[Doc], list[Doc]]]  # a unit's (old rows, new rows)


def order(row: Doc) -> Key:
    """The register's order: open before closed, then deadline, then id."""
    return (row["state"] == "closed", row["deadline"] or "", row["id"])


def _open_deadlines(rows: Iterable[Doc]) -> Counter[str]:
    return Counter(r["deadline"] or "" for r in rows if r["state"] != "closed")


def _body(rows: list[Doc], count: int, opened: Counter[str]) -> Doc:
    return {"rows": rows, "count": count, "open": {d: n for d, n in sorted(opened.items()) if n}}


def head_of(rows: Iterable[Doc]) -> Doc:
    """The head of a year's rows (any order)."""
    ordered = sorted(rows, key=order)
    return _body(ordered[:KEPT], len(ordered), _open_deadlines(ordered))


def changed(head: Doc, changes: Changes, everything: Callable[[], Iterable[Doc]]) -> Doc:
    """The head once some units' rows have changed from old to new;
    `everything` gives all of the year's rows after the change, read only
    when the head would be left shorter than the first page."""
    rows: list[Doc] = head["rows"]
    count: int = head["count"]
    opened: Counter[str] = Counter(head["open"])
    last = None if len(rows) == count or not rows else order(rows[-1])  # None: it has them all
    gone: set[str] = set()
    added: list[Doc] = []
    for old, new in changes:
        count += len(new) - len(old)
        opened.subtract(_open_deadlines(old))
        opened.update(_open_deadlines(new))
        gone |= {r["id"] for r in old}
        added += [r for r in new if last is None or order(r) <= last]
    kept = sorted([r for r in rows if r["id"] not in gone] + added, key=order)
    if len(kept) < min(SHOWN, count):
        return head_of(everything())
    return _body(kept[:KEPT], count, opened)


def problems(head: Doc, rows: Iterable[Doc]) -> list[str]:
    """What of a stored head disagrees with the year's rows: some of
    "rows", "count", "open" (empty when it agrees)."""
    ordered = sorted(rows, key=order)
    shown = head.get("rows")
    wrong = []
    if not isinstance(shown, list) or not (
        min(SHOWN, len(ordered)) <= len(shown) <= KEPT and shown == ordered[: len(shown)]
    ):
        wrong.append("rows")
    if head.get("count") != len(ordered):
        wrong.append("count")
    if head.get("open") != _body([], 0, _open_deadlines(ordered))["open"]:
        wrong.append("open")
    return wrong
