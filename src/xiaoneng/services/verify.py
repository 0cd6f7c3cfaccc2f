"""`xiaoneng verify`: recompute the ledger, everything it signs, and everything
derived from what it signs.

First the chain: every segment holds the entries it should, each entry's hash
and its link to the previous one; the head (kept a second time, with an HMAC)
matches the last entry, so cutting entries off the end shows; an outside
anchor (`--anchor N:HASH`, copied from an earlier printout) is still entry N,
so a whole folder put back to an older copy shows too. Then every data file
on its own (services/verify_parts.py), which is what lets the work be split
by file: the records entries point at, records that claim an entry, records
missing their entry in a signed table, people against their last signed
roster change (the PIN seal included), and each unit's summary against a
fresh one derived from the records that checked out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from xiaoneng.errors import UserError
from xiaoneng.services.ledger import ACTION_LABELS, GENESIS, entry_hash, short
from xiaoneng.services.verify_figures import figures_problems
from xiaoneng.services.verify_parts import PartCheck, Problem
from xiaoneng.store.repos.ledger import HEAD_PART, LedgerRepo, segment_of, segment_part
from xiaoneng.store.repos.people import member_doc, members_part, person_part

if TYPE_CHECKING:
    from xiaoneng.services.core import Core

ANCHOR_RE = re.compile(r"^\s*(\d+)\s*[:：]\s*([0-9a-fA-F]{8,64})\s*$")


@dataclass(frozen=True)
class Anchor:
    """An entry number and (the start of) its hash, kept outside the folder."""

    seq: int
    hash: str

    @classmethod
    def parse(cls, text: str) -> Anchor:
        m = ANCHOR_RE.match(text or "")
        if not m or int(m.group(1)) < 1:
            raise UserError(
                f"锚点“{(text or '')[:40]}”格式不对：应为 条目号:哈希，如 1024:3f9a0c1b2d4e"
                "（哈希至少 8 位，取自导出文件或 verify 的输出）。"
            )
        return cls(int(m.group(1)), m.group(2).lower())

    def __str__(self) -> str:
        return f"{self.seq}:{self.hash}"


@dataclass
class Report:
    entries: int = 0
    records: int = 0
    head_seq: int = 0
    head_hash: str = ""  # the newest entry's full hash ("" for an empty ledger)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def head(self) -> str:
        """The short hash of the newest entry, as printed on exports."""
        return short(self.head_hash) if self.head_hash else ""

    @property
    def anchor(self) -> str:
        """`N:HASH` of the newest entry: what to copy down as an outside anchor."""
        return f"{self.head_seq}:{self.head}" if self.head_seq else ""

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "entries": self.entries,
            "records": self.records,
            "head": {"seq": self.head_seq, "hash": self.head, "anchor": self.anchor}
            if self.head_seq
            else None,
            "problems": [{"file": p.file, "what": p.what} for p in self.problems],
        }


class Verifier:
    def __init__(self, core: Core):
        self.core = core

    def recorded_head(self) -> tuple[int, str]:
        """(number of entries, short hash of the newest) as the head file says:
        a quick figure for status screens, not a check (that is `run`)."""
        head = self.repo.head()
        if not head:
            return 0, ""
        return int(head.get("seq", 0)), short(str(head.get("hash", "")))

    def run(
        self,
        progress: Callable[[int, int], None] | None = None,
        *,
        locked: bool = True,
        anchors: Sequence[Anchor] = (),
    ) -> Report:
        """Check everything. Under the data lock by default (a consistent
        snapshot); `locked=False` lets writers go on meanwhile, so a problem it
        reports may be a commit caught half-way: confirm it with a locked run."""
        if not locked:
            return self._run(progress, anchors)
        with self.core.store.locked():  # a consistent snapshot: no commit half-way through
            return self._run(progress, anchors)

    @property
    def repo(self) -> LedgerRepo:
        return self.core.repos.ledger

    def _run(
        self, progress: Callable[[int, int], None] | None, anchors: Sequence[Anchor]
    ) -> Report:
        report = Report()
        entries = self._chain(report)
        chain_ok = report.ok
        if entries:
            last = max(entries)
            report.head_seq, report.head_hash = last, str(entries[last]["hash"])
        for anchor in anchors:
            self._anchor(report, entries, anchor, chain_ok)
        check = PartCheck(self.core, entries)
        parts = self._parts(entries)
        total, done = len(entries), 0
        found: list[Problem] = []
        for part in parts:
            result = check.part(part, full=chain_ok)
            found += result.problems
            report.records += result.records
            done += result.entries
            if progress:
                progress(done, total)
        found += check.orphan_summaries(parts) if chain_ok else []
        found += figures_problems(self.core) if chain_ok else []
        # Records an entry points at first (lowest entry first, as if read in
        # ledger order), then the head, then the rest file by file.
        signed = sorted((p for p in found if p.seq), key=lambda p: p.seq)
        report.problems += signed[:1] if not chain_ok else signed
        if chain_ok:
            self._head(report, entries)
            report.problems += [p for p in found if not p.seq]
        report.problems += self._members({p.file for p in report.problems})
        return report

    def _members(self, named: set[str]) -> list[Problem]:
        """Each unit's member file (what status counts) against the people;
        people whose file has a problem named already are left out."""
        people = self.core.repos.people
        stored = people.stored_members()
        if stored is None:
            return []  # a folder from before them: readers derive them from the people
        skip = {p.id for p in people.everyone() if person_part(p.id) in named}
        stored = {u: {k: d for k, d in m.items() if k not in skip} for u, m in stored.items()}
        expected: dict[str, dict[str, Any]] = {}
        for p in people.everyone():
            if p.id not in skip:
                expected.setdefault(p.unit, {})[p.id] = member_doc(p)
        return [
            Problem(
                members_part(unit),
                f"单位人员名单 {members_part(unit)} 与人员名册不符："
                "状态和首页的人数、应完成人数不可信（该文件被改动或换成了旧的副本）。",
            )
            for unit in sorted(set(stored) | set(expected))
            if stored.get(unit, {}) != expected.get(unit, {})
        ]

    def _parts(self, entries: dict[int, dict[str, Any]]) -> list[str]:
        """Every data file that holds or should hold signed records, once each."""
        named = {str((e.get("ref") or {}).get("part", "")) for e in entries.values()}
        return sorted((named - {""}) | set(self.repo.record_parts()))

    # -- the chain -----------------------------------------------------------------

    def _chain(self, report: Report) -> dict[int, dict[str, Any]]:
        entries: dict[int, dict[str, Any]] = {}
        prev = GENESIS
        expected = 1

        def bad(part: str, what: str) -> dict[int, dict[str, Any]]:
            report.problems.append(Problem(part, what))
            return entries

        for part, index, docs in self.repo.segments():
            for key in sorted(docs, key=lambda k: int(k) if k.isdigit() else -1):
                e = docs[key]
                seq = e.get("seq")
                if seq != expected:
                    return bad(
                        part,
                        f"台账缺少第 {expected} 条（{part} 中下一条是第 {seq} 条）：条目被删除或调换。",
                    )
                if index >= 0 and segment_of(seq) != index:
                    return bad(part, f"台账第 {seq} 条出现在错误的文件 {part} 中：文件被调换。")
                action = str(e.get("action"))
                label = (
                    f"台账第 {seq} 条（{e.get('time', '?')} {ACTION_LABELS.get(action, action)}）"
                )
                if e.get("hash") != entry_hash(e):
                    return bad(part, f"{label}的哈希不符：条目被修改。")
                if e.get("prev") != prev:
                    return bad(part, f"{label}与前一条不相连：之前的条目被删除、插入或调换。")
                entries[seq] = e
                prev = e["hash"]
                expected += 1
        report.entries = len(entries)
        return entries

    def _head(self, report: Report, entries: dict[int, dict[str, Any]]) -> None:
        head = self.repo.head()
        last = max(entries, default=0)
        if head is None:
            if last:
                report.problems.append(
                    Problem(HEAD_PART, f"台账头部文件 {HEAD_PART} 缺失：无法确认末尾是否完整。")
                )
            return
        if not self.core.ledger.mac_ok(
            head.get("seq", -1), head.get("hash", ""), head.get("mac", "")
        ):
            report.problems.append(
                Problem(HEAD_PART, f"台账头部 {HEAD_PART} 的校验码不符：头部被修改。")
            )
            return
        if head["seq"] > last:
            report.problems.append(
                Problem(
                    segment_part(segment_of(max(last, 1))),
                    f"台账末尾被截断：头部记录为第 {head['seq']} 条，台账只到第 {last} 条。",
                )
            )
            return
        if head["seq"] < last or head["hash"] != entries[last]["hash"]:
            report.problems.append(
                Problem(
                    HEAD_PART,
                    f"台账第 {head['seq'] + 1} 条起未被头部确认：条目被追加或头部被回退。",
                )
            )

    def _anchor(
        self, report: Report, entries: dict[int, dict[str, Any]], anchor: Anchor, chain_ok: bool
    ) -> None:
        """The entry an outside anchor names must still be there, with that hash."""
        part = segment_part(segment_of(anchor.seq))
        entry = entries.get(anchor.seq)
        if entry is None:
            if chain_ok:
                what = (
                    f"外部锚点 {anchor} 指向第 {anchor.seq} 条，台账现在只有 {len(entries)} 条："
                    "台账被截短，或整个数据目录被换成了更早的副本。"
                )
                report.problems.append(Problem(part, what))
            return  # a broken chain is reported already; the anchor adds nothing
        if not str(entry.get("hash", "")).startswith(anchor.hash):
            report.problems.append(
                Problem(
                    part,
                    f"台账第 {anchor.seq} 条的哈希是 {short(str(entry.get('hash', '')))}，"
                    f"不是外部锚点记下的 {anchor.hash}：台账被改写，或整个数据目录被换成了别的副本。",
                )
            )
