"""What the repositories share: where a signed record goes, record numbers, and
which records in a signed table count."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Ref:
    """Where one record lives: a partition file, a table in it, a key in the table.

    The ledger stores a signed record at its Ref and keeps the Ref in the entry,
    so `verify` can find the record again.
    """

    part: str
    table: str
    key: str

    def to_dict(self) -> dict[str, str]:
        return {"part": self.part, "table": self.table, "key": self.key}


def next_key(existing: dict[str, Any], prefix: str) -> str:
    """`prefix` + the next free 3-digit number among `existing` keys."""
    n = len(existing) + 1
    while f"{prefix}{n:03d}" in existing:
        n += 1
    return f"{prefix}{n:03d}"


def year_of(record_id: str) -> int | None:
    """The year in an id such as S2026-001 or A2026-002 (None when it has none)."""
    head = record_id[1:5]
    return int(head) if head.isdigit() else None


def serial_of(record_id: str) -> int | None:
    """The running number in an id such as S2026-001 or A2026-002 (None when it has none)."""
    _, sep, tail = record_id.rpartition("-")
    return int(tail) if sep and tail.isdigit() and year_of(record_id) is not None else None


def signed_in_order(docs: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The records that name their ledger entry, in ledger order. A record
    without its number was never signed (added with a text editor): it is not
    shown, and `verify` names the file it is in."""
    signed = (d for d in docs if isinstance(d, dict) and isinstance(d.get("seq"), int))
    return sorted(signed, key=lambda d: int(d["seq"]))
