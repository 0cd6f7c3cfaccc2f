"""What every per-document exporter shares: names, signatures, dates, notes.

Exporters are pure: the service layer looks up names and ledger entries and
passes them in as the plain data defined here, so nothing in `export` reads
the store or knows about the services.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from docx.text.paragraph import Paragraph

from xiaoneng.export.document import OfficialDocument, new_document
from xiaoneng.export.fonts import FontSettings
from xiaoneng.model.dates import cn_date, cn_datetime
from xiaoneng.model.people import Person, Unit


@dataclass(frozen=True, slots=True)
class PersonInfo:
    """The public fields of a person that documents print (never PIN state)."""

    id: str
    name: str
    unit: str  # unit id
    position: str = ""


@dataclass(frozen=True)
class Directory:
    """Names for the ids records hold: people, units and the agency."""

    agency: str = ""
    units: Mapping[str, str] = field(default_factory=dict)  # unit id -> name
    people: Mapping[str, PersonInfo] = field(default_factory=dict)

    @classmethod
    def of(cls, agency: str, units: Iterable[Unit], people: Iterable[Person]) -> Directory:
        return cls(
            agency=agency,
            units={u.id: u.name for u in units},
            people={p.id: PersonInfo(p.id, p.name, p.unit, p.position) for p in people},
        )

    def name(self, person_id: str) -> str:
        """The person's name; an unknown id prints as itself (records outlive people)."""
        if not person_id:
            return ""
        info = self.people.get(person_id)
        return info.name if info else person_id

    def unit_name(self, unit_id: str) -> str:
        return self.units.get(unit_id, unit_id) if unit_id else ""

    def unit_of(self, person_id: str) -> str:
        info = self.people.get(person_id)
        return self.unit_name(info.unit) if info else ""

    def position(self, person_id: str) -> str:
        info = self.people.get(person_id)
        return info.position if info else ""

    def actor_name(self, actor_id: str) -> str:
        """Who entered something: a person, or the office at the command line."""
        if actor_id.startswith("cli:"):
            return "办公室"
        return self.name(actor_id)


@dataclass(frozen=True, slots=True)
class Signature:
    """Where a signed record sits in the hash-chained ledger, as printed."""

    time: str  # ISO time of the sign-off
    seq: int | None  # ledger entry number (None: the entry was not found)
    hash: str  # the entry's short hash (services.ledger.short)
    signer: str = ""  # name of who signed


@dataclass(frozen=True, slots=True)
class LedgerHead:
    """The newest ledger entry when the document was made (shows later cut-offs)."""

    seq: int
    hash: str  # short form


def period_label(start: dt.date, end: dt.date) -> str:
    if start == dt.date(start.year, 1, 1) and end == dt.date(start.year, 12, 31):
        return f"{start.year}年度"
    return f"{cn_date(start)}至{cn_date(end)}"


def signature_text(sig: Signature | None, what: str = "签署") -> str:
    """One line tying paper to the ledger: time, entry number and short hash."""
    if sig is None:
        return f"本件未经电子{what}。"
    who = f"{sig.signer}于" if sig.signer else ""
    where = f"台账第 {sig.seq} 条，校验码 {sig.hash}" if sig.seq else "未找到对应的台账条目"
    return f"电子{what}：{who}{cn_datetime(sig.time)}（{where}）。"


def head_text(head: LedgerHead | None) -> str:
    """The ledger's newest entry when the document was made: an outside anchor
    (`xiaoneng verify --anchor N:HASH` shows later whether the ledger still holds it)."""
    if head is None or not head.seq:
        return "导出时台账尚无签署记录。"
    return (
        f"导出时台账共 {head.seq} 条签署记录，末条（第 {head.seq} 条）校验码 {head.hash}"
        f"（核对：xiaoneng verify --anchor {head.seq}:{head.hash}）。"
    )


def head_note(doc: OfficialDocument, head: LedgerHead | None) -> None:
    """The ledger head as the last closing note of a record (none for a blank form)."""
    if head is not None:
        doc.note(head_text(head))


def small_note(doc: OfficialDocument, text: str) -> Paragraph:
    """A 5号 unindented line for the electronic record under the paper form."""
    return doc.note(text)[0]


def start(doc: OfficialDocument | None, fonts: FontSettings | None) -> OfficialDocument:
    """The document to write into: the one given (benchmarks, tests) or a new one."""
    return doc if doc is not None else new_document(fonts)


def ratio(done: int, due: int) -> str:
    return f"{done / due:.0%}" if due else "—"
