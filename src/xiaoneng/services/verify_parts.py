"""The checks of `verify` that take one data file at a time.

Each file is read once, past the cache, and checked against the ledger
entries (read once by services/verify.py): so the work can be split by file
across processes, and a file's problems name the file. For every file: each
entry's record is there and hashes the same; each record that names an entry
is the one that entry signs; a signed table holds nothing unsigned. For a
people file: each person equals their last signed roster change, PIN seal
included; for org.json, each unit as signed when created; for a training
file, each class and participant its last signed edit. For a unit file: its summary is sealed by this program and says
what the records that checked out say.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from xiaoneng.model.digest import record_hash, same
from xiaoneng.model.people import SIGNED_FIELDS
from xiaoneng.services.pins import pin_seal
from xiaoneng.store import layout
from xiaoneng.store.repos.org import EVENTS as UNIT_EVENTS
from xiaoneng.store.repos.org import UNITS, fold_units
from xiaoneng.store.repos.people import EVENTS, PEOPLE
from xiaoneng.store.repos.posts_training import CLASSES, PARTICIPANTS, fold_events
from xiaoneng.store.repos.posts_training import EVENTS as TRAINING_EVENTS
from xiaoneng.store.repos.signed import signed_tables, unit_file
from xiaoneng.store.repos.summary import SUMMARY, content_of, seal_ok, summarize
from xiaoneng.store.repos.units import summary_part, unit_part

if TYPE_CHECKING:
    from xiaoneng.services.core import Core
    from xiaoneng.services.verify_chain import Index

Doc = dict[str, Any]
Tables = dict[str, dict[str, Doc]]
MAX_PER_FILE = 5  # problems named per file and kind; the rest are counted


class Problem(str):
    """One thing verify found: what is wrong (the string itself, so a problem
    reads and compares as its message), the data file it is in, and the ledger
    entry whose record it is about (0: none)."""

    file: str
    seq: int

    def __new__(cls, file: str, what: str, seq: int = 0) -> Problem:
        self = super().__new__(cls, what)
        self.file, self.seq = file, seq
        return self

    @property
    def what(self) -> str:
        return str(self)


@dataclass
class PartResult:
    entries: int = 0  # ledger entries that point into the file
    records: int = 0  # of those, records found as signed
    problems: list[Problem] = field(default_factory=list)


def _seq_of(doc: Doc) -> int:
    seq = doc.get("seq")
    return seq if isinstance(seq, int) else 0


def _where(ref: tuple[str, str, str]) -> str:
    return f"{ref[0]} 的 {ref[1]}/{ref[2]}"


class PartCheck:
    """`index`: what the chain pass kept of each entry; `read`: a file's tables
    (the summaries and what they are compared with are read through it)."""

    def __init__(self, core: Core, index: Index, read: Callable[[str], Tables]):
        self.core = core
        self.index = index
        self.read = read
        self.secret = core.secret

    def part(self, part: str, tables: Tables, *, full: bool = True) -> PartResult:
        """Check one data file, given its tables. `full=False` (a broken chain):
        only the records the entries found so far point at."""
        result = PartResult()
        verified = self._records(part, tables, result)
        if not full:
            return result
        self._claims(part, tables, result, verified)
        if part.startswith("people/"):
            self._roster(part, tables, result)
        self._edited(part, tables, result, verified)
        where = unit_file(part)
        if where is not None and not result.problems:
            # A unit file with a bad record is named already; its summary is
            # compared once the file is right again.
            # (Whether it was derived from the file's current bytes is for reads to
            # know when to rebuild: an unsigned draft edited is not a problem.)
            self._summary(*where, tables, verified, result)
        return result

    # -- signed records ---------------------------------------------------------

    def _records(
        self, part: str, tables: dict[str, dict[str, Doc]], result: PartResult
    ) -> set[tuple[str, str]]:
        """The records the entries put in this file: (table, key) of those that match."""
        verified: set[tuple[str, str]] = set()
        for seq in self.index.seqs(part):
            ref = self.index.ref(seq) or ("", "", "")
            _part, table, key = ref
            rec = tables.get(table, {}).get(key)
            result.entries += 1
            if rec is None:
                what = f"台账第 {seq} 条签署的记录（{_where(ref)}）不存在：记录被删除或文件被调换。"
                result.problems.append(Problem(part, what, seq))
            elif record_hash(rec) != self.index.record_hash(seq):
                what = f"台账第 {seq} 条签署的记录（{_where(ref)}）已被修改：哈希不符。"
                result.problems.append(Problem(part, what, seq))
            else:
                verified.add((table, key))
                result.records += 1
        return verified

    def _claims(
        self,
        part: str,
        tables: dict[str, dict[str, Doc]],
        result: PartResult,
        verified: set[tuple[str, str]],
    ) -> None:
        """Records that name an entry must be that entry's; signed tables hold
        nothing else."""
        must_sign = signed_tables(part)
        forged = unsigned = 0
        for table, docs in tables.items():
            for key, doc in docs.items():
                seq = doc.get("seq") if isinstance(doc, dict) else None
                if seq is None:
                    if table in must_sign:
                        unsigned += 1
                        if unsigned <= MAX_PER_FILE:
                            what = (
                                f"记录 {part} 的 {table}/{key} 没有对应的台账签署："
                                "记录被直接添加到数据文件中。"
                            )
                            result.problems.append(Problem(part, what))
                    continue
                if (table, key) in verified:
                    continue
                ref = self.index.ref(seq)
                if ref != (part, table, key):
                    forged += 1
                    if forged <= MAX_PER_FILE:
                        what = (
                            f"记录 {part} 的 {table}/{key} 声称由台账第 {seq} 条签署，但该条目签署的是"
                            f"{_where(ref) if ref else '不存在的记录'}：记录被伪造或文件被调换。"
                        )
                        result.problems.append(Problem(part, what))
        for count, kind in ((unsigned, "没有台账签署"), (forged, "签署不符")):
            if count > MAX_PER_FILE:
                what = f"{part} 中另有 {count - MAX_PER_FILE} 条记录{kind}。"
                result.problems.append(Problem(part, what))

    # -- people -------------------------------------------------------------------------

    def _roster(self, part: str, tables: dict[str, dict[str, Doc]], result: PartResult) -> None:
        last: dict[str, Doc] = {}
        events = tables.get(EVENTS, {}).values()
        for ev in sorted(events, key=_seq_of):
            last[str(ev.get("person", ""))] = ev.get("snapshot") or {}
        for pid, doc in tables.get(PEOPLE, {}).items():
            snap = last.get(pid)
            if snap is None:
                what = f"人员 {pid}（{part}）没有任何台账登记：记录被直接添加。"
                result.problems.append(Problem(part, what))
                continue
            for f in SIGNED_FIELDS:
                if doc.get(f) != snap.get(f):
                    what = f"人员 {pid} 的“{f}”与台账最后一次登记不一致：记录被直接修改。"
                    result.problems.append(Problem(part, what))
                    break
            else:
                want = pin_seal(self.secret, pid, doc.get("pin_hash"))
                if not (want is None and snap.get("pin") is None or same(snap.get("pin"), want)):
                    what = (
                        f"人员 {pid} 的 PIN 哈希不是台账最后一次登记的那个：PIN 被直接替换，"
                        "用它签署的记录不可信。"
                    )
                    result.problems.append(Problem(part, what))

    # -- tables the program edits, each edit signed: units, a training class ---------------

    def _edited(
        self,
        part: str,
        tables: dict[str, dict[str, Doc]],
        result: PartResult,
        verified: set[tuple[str, str]],
    ) -> None:
        """Units as signed when created; training classes and participants as
        their last signed edits left them."""
        if part == layout.ORG:
            units = fold_units(self._signed(tables, UNIT_EVENTS, verified))
            self._same(part, "单位", tables.get(UNITS, {}), units, result)
        elif part.endswith("/training.json"):
            want = fold_events(self._signed(tables, TRAINING_EVENTS, verified))
            for table, label in ((CLASSES, "培训班"), (PARTICIPANTS, "学员")):
                self._same(part, label, tables.get(table, {}), want[table], result)

    @staticmethod
    def _signed(
        tables: dict[str, dict[str, Doc]], table: str, verified: set[tuple[str, str]]
    ) -> list[Doc]:
        """A signed table's records that checked out, in ledger order."""
        docs = [d for k, d in tables.get(table, {}).items() if (table, k) in verified]
        return sorted(docs, key=_seq_of)

    @staticmethod
    def _same(
        part: str, label: str, have: dict[str, Doc], should: dict[str, Doc], result: PartResult
    ) -> None:
        """Each record of a table a program edits equals its last signed edit."""
        wrong = [k for k in sorted(set(have) | set(should)) if have.get(k) != should.get(k)]
        for key in wrong[:MAX_PER_FILE]:
            how = (
                "被直接添加" if key not in should else "被删除" if key not in have else "被直接修改"
            )
            what = f"{label} {key}（{part}）与台账最后一次登记不一致：记录{how}。"
            result.problems.append(Problem(part, what))
        if len(wrong) > MAX_PER_FILE:
            what = f"{part} 中另有 {len(wrong) - MAX_PER_FILE} 个{label}与台账登记不一致。"
            result.problems.append(Problem(part, what))

    # -- derived: a unit's summary ---------------------------------------------------------

    def _summary(
        self,
        year: int,
        unit: str,
        tables: dict[str, dict[str, Doc]],
        verified: set[tuple[str, str]],
        result: PartResult,
    ) -> None:
        spart = summary_part(year, unit)
        stored = self.read(spart).get(SUMMARY, {}).get(SUMMARY)
        fresh = summarize(year, unit, tables, lambda t, k, _d: (t, k) in verified)
        problem = summary_problem(self.secret, spart, stored, fresh)
        if problem:
            result.problems.append(Problem(spart, problem))

    def orphan_summaries(self, parts: list[str]) -> list[Problem]:
        """Summaries of units that have no unit file that year must say nothing."""
        have = {unit_file(p) for p in parts} - {None}
        out = []
        units = self.core.repos.units
        for year in units.years():
            for unit in units.units_in(year):
                if (year, unit) in have:
                    continue
                spart = summary_part(year, unit)
                stored = self.read(spart).get(SUMMARY, {}).get(SUMMARY)
                if stored is None:
                    continue
                problem = summary_problem(self.secret, spart, stored, summarize(year, unit, {}))
                if problem:
                    out.append(Problem(spart, f"{problem}（{unit_part(year, unit)} 不存在）"))
        return out


def summary_problem(secret: bytes, part: str, stored: Doc | None, fresh: Doc) -> str:
    """What is wrong with a stored summary, given one derived afresh ('' if nothing)."""
    if stored is None:
        if any(fresh.get(k) for k in ("completions", "signins", "checks", "letters", "findings")):
            return f"单位汇总 {part} 缺失：状态、首页和报表读取时会按签署记录重建。"
        return ""
    if not seal_ok(secret, part, stored):
        return (
            f"单位汇总 {part} 的校验码不符：汇总被直接改动或从别处拷来，"
            "状态、首页和报表上的数字不可信（读取时会按签署记录重建）。"
        )
    if content_of(stored) != fresh:
        differs = [k for k in fresh if content_of(stored).get(k) != fresh[k]]
        return (
            f"单位汇总 {part} 与签署记录不符（{'、'.join(differs) or '内容'}）："
            "汇总被换成了旧的副本（读取时会按签署记录重建）。"
        )
    return ""
