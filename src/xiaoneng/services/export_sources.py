"""One export run's context, and the pieces of work the kinds are cut into.

A `Run` holds what every kind needs: the period, the units, the names, the
ledger lookups. A kind lists its `Batch`es (plain values: kind, year, unit,
key), and turns one batch into `Job`s, each of which builds one file with the
pure exporters in `xiaoneng.export` and says what the archive index records
of it. The per-kind functions are in export_records (people's records) and
export_summaries (registers and reports); export_kinds lists them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, Protocol

from xiaoneng.export.common import Directory, LedgerHead, Signature
from xiaoneng.export.index import Entry
from xiaoneng.services.ledger import record_hash, short
from xiaoneng.services.settings import load_fonts
from xiaoneng.store.repos.ledger import segment_of
from xiaoneng.store.repos.org import unit_number

Doc = dict[str, Any]
DOCX = "docx"
XLSX = "xlsx"
FORMATS = (DOCX, XLSX)
_SEGMENTS_KEPT = 4  # ledger segments a run keeps parsed (records of a batch sit close)

if TYPE_CHECKING:
    from pathlib import Path

    from xiaoneng.services.core import Core
    from xiaoneng.services.exporting import Period


class Output(Protocol):
    """A built file: a Word document or a workbook."""

    ext: str

    def save(self, path: Path) -> Path: ...

    def to_bytes(self) -> bytes: ...

    def page_count(self) -> int | None: ...


@dataclass(frozen=True)
class Batch:
    """An independent piece of an export: one kind, and the year, unit or
    record (`key`) it covers (None: not split that way)."""

    kind: str
    year: int | None = None
    unit: str | None = None
    key: str | None = None


@dataclass(frozen=True)
class Job:
    kind: str
    name: tuple[Any, ...]  # file name parts
    build: Callable[[], Output]
    entry: Entry


class Run:
    """One export run: the period, the units, the format, the names."""

    def __init__(
        self,
        core: Core,
        period: Period,
        units: list[str],
        narrowed: bool,
        blank: bool = False,
        fmt: str = "docx",
    ):
        self.core, self.period, self.units, self.blank, self.format = (
            core,
            period,
            units,
            blank,
            fmt,
        )
        self.repos = core.repos
        self.today = core.today()
        self._segments: dict[int, dict[str, Doc]] = {}
        self.fonts = load_fonts(core.root)
        self.directory = Directory.of(
            core.agency().get("name", ""),
            core.org.units(include_inactive=True),
            core.roster.people(include_inactive=True),
        )
        self.unit_name = self.directory.unit_name(units[0]) if narrowed else None
        self.unit_no = unit_number(units[0]) if narrowed else None
        self.scope_name = self.unit_name or self.directory.agency or "全部单位"

    def signature(self, doc: Doc, time: str, signer: str = "") -> Signature | None:
        """The ledger entry that signs `doc` (found by its `seq`), if it matches."""
        seq = doc.get("seq")
        if not isinstance(seq, int):
            return None
        index = segment_of(seq)
        segment = self._segments.pop(index, None)
        if segment is None:
            segment = self.repos.ledger.segment(index)
            if len(self._segments) >= _SEGMENTS_KEPT:  # the least recently used goes
                del self._segments[next(iter(self._segments))]
        self._segments[index] = segment
        entry = segment.get(str(seq))
        if entry is None or entry.get("record_hash") != record_hash(doc):
            return Signature(time, None, "", signer)
        return Signature(entry.get("time", time), seq, short(entry["hash"]), signer)

    def genuine(self, doc: Doc) -> bool:
        """The record is the one the ledger entry it names signs."""
        sig = self.signature(doc, "")
        return sig is not None and sig.seq is not None

    @cached_property
    def head(self) -> LedgerHead | None:
        doc = self.repos.ledger.head()
        return LedgerHead(doc["seq"], short(doc["hash"])) if doc else None

    def head_code(self) -> str:
        """What a summary carries of the ledger: its head when exported."""
        head = self.head
        return f"末条第 {head.seq} 条 {head.hash}" if head and head.seq else ""

    @staticmethod
    def code(sig: Signature | None) -> str:
        """What a signed record carries of the ledger: its own entry."""
        return f"第 {sig.seq} 条 {sig.hash}" if sig and sig.seq else "未找到台账条目"

    def unit_of(self, person_id: str) -> str | None:
        info = self.directory.people.get(person_id)
        return info.unit if info else None

    def unit_order(self, unit_id: str) -> int:
        return self.units.index(unit_id) if unit_id in self.units else len(self.units)

    def each(
        self, docs: Callable[[int, str], dict[str, Doc]], years: list[int] | None = None
    ) -> Iterator[tuple[int, str, Doc]]:
        """(year, unit, stored record) of one kind, in the run's units and years.

        Each unit's file is dropped from the store's cache once read: a read
        across the agency (the register, the paper archive) holds one unit's
        file at a time, not all of them (1.4 GB at 50,000 staff)."""
        for year in years if years is not None else list(self.period.years):
            for uid in self.units:
                for doc in docs(year, uid).values():
                    yield year, uid, doc
                self.repos.forget_records()
