"""`xiaoneng verify`: recompute the ledger and everything it signs.

Checks, in order: every segment holds the entries it should; each entry's
hash and its link to the previous one; the record each entry signs exists
where the entry says and hashes the same; the head (kept a second time, with
an HMAC) matches the last entry, so cutting entries off the end shows; every
signed record in the data files (a document with `seq`) is the one its entry
points at, so a forged or moved record shows; and each person's roster fields
equal the last signed roster change, so an edited role shows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from xiaoneng.model.people import SIGNED_FIELDS
from xiaoneng.services.ledger import ACTION_LABELS, GENESIS, entry_hash, record_hash, short
from xiaoneng.store.repos.ledger import HEAD_PART, LedgerRepo, segment_of

if TYPE_CHECKING:
    from xiaoneng.services.core import Core


@dataclass
class Report:
    entries: int = 0
    records: int = 0
    head: str = ""
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _where(ref: dict[str, Any]) -> str:
    return f"{ref.get('part')} 的 {ref.get('table')}/{ref.get('key')}"


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
        self, progress: Callable[[int, int], None] | None = None, *, locked: bool = True
    ) -> Report:
        """Check everything. Under the data lock by default (a consistent
        snapshot); `locked=False` lets writers go on meanwhile, so a problem it
        reports may be a commit caught half-way: confirm it with a locked run."""
        if not locked:
            return self._run(progress)
        with self.core.store.locked():  # a consistent snapshot: no commit half-way through
            return self._run(progress)

    def _run(self, progress: Callable[[int, int], None] | None) -> Report:
        report = Report()
        entries = self._chain(report)
        self._records(report, entries, progress)
        self._head(report, entries)
        self._unsigned(report, entries)
        self._roster(report)
        return report

    @property
    def repo(self) -> LedgerRepo:
        return self.core.repos.ledger

    # -- the chain -----------------------------------------------------------------

    def _chain(self, report: Report) -> dict[int, dict[str, Any]]:
        entries: dict[int, dict[str, Any]] = {}
        prev = GENESIS
        expected = 1
        for part, index, docs in self.repo.segments():
            for key in sorted(docs, key=lambda k: int(k) if k.isdigit() else -1):
                e = docs[key]
                seq = e.get("seq")
                if seq != expected:
                    report.problems.append(
                        f"台账缺少第 {expected} 条（{part} 中下一条是第 {seq} 条）：条目被删除或调换。"
                    )
                    return entries
                if index >= 0 and segment_of(seq) != index:
                    report.problems.append(
                        f"台账第 {seq} 条出现在错误的文件 {part} 中：文件被调换。"
                    )
                    return entries
                action = str(e.get("action"))
                label = (
                    f"台账第 {seq} 条（{e.get('time', '?')} {ACTION_LABELS.get(action, action)}）"
                )
                if e.get("hash") != entry_hash(e):
                    report.problems.append(f"{label}的哈希不符：条目被修改。")
                    return entries
                if e.get("prev") != prev:
                    report.problems.append(f"{label}与前一条不相连：之前的条目被删除、插入或调换。")
                    return entries
                entries[seq] = e
                prev = e["hash"]
                expected += 1
        report.entries = len(entries)
        return entries

    def _records(
        self,
        report: Report,
        entries: dict[int, dict[str, Any]],
        progress: Callable[[int, int], None] | None,
    ) -> None:
        # One file at a time (each read once, then let go); the problem named
        # is the one at the lowest entry number, as if read in ledger order.
        by_part: dict[str, list[int]] = {}
        for seq, e in entries.items():
            by_part.setdefault((e.get("ref") or {}).get("part", ""), []).append(seq)
        total, done = len(entries), 0
        bad: list[tuple[int, str]] = []
        for part, seqs in by_part.items():
            tables = self.repo.read(part) if part else {}
            for seq in seqs:
                ref = entries[seq].get("ref") or {}
                rec = tables.get(ref.get("table", ""), {}).get(ref.get("key", ""))
                if rec is None:
                    bad.append(
                        (
                            seq,
                            f"台账第 {seq} 条签署的记录（{_where(ref)}）不存在：记录被删除或文件被调换。",
                        )
                    )
                elif record_hash(rec) != entries[seq].get("record_hash"):
                    bad.append(
                        (seq, f"台账第 {seq} 条签署的记录（{_where(ref)}）已被修改：哈希不符。")
                    )
                else:
                    report.records += 1
            done += len(seqs)
            if progress:
                progress(done, total)
        if bad:
            report.problems.append(min(bad)[1])

    def _head(self, report: Report, entries: dict[int, dict[str, Any]]) -> None:
        if report.problems:
            return
        head = self.repo.head()
        last = max(entries, default=0)
        if head is None:
            if last:
                report.problems.append(f"台账头部文件 {HEAD_PART} 缺失：无法确认末尾是否完整。")
            return
        if not self.core.ledger.mac_ok(
            head.get("seq", -1), head.get("hash", ""), head.get("mac", "")
        ):
            report.problems.append(f"台账头部 {HEAD_PART} 的校验码不符：头部被修改。")
            return
        if head["seq"] > last:
            report.problems.append(
                f"台账末尾被截断：头部记录为第 {head['seq']} 条，台账只到第 {last} 条。"
            )
            return
        if head["seq"] < last or head["hash"] != entries[last]["hash"]:
            report.problems.append(
                f"台账第 {head['seq'] + 1} 条起未被头部确认：条目被追加或头部被回退。"
            )
            return
        report.head = short(head["hash"])

    # -- records that claim a signature -------------------------------------------------

    def _unsigned(self, report: Report, entries: dict[int, dict[str, Any]]) -> None:
        if report.problems:
            return
        for part in self.repo.record_parts():
            for table, docs in self.repo.read(part).items():
                for key, doc in docs.items():
                    seq = doc.get("seq") if isinstance(doc, dict) else None
                    if seq is None:
                        continue
                    ref = (entries.get(seq) or {}).get("ref") or {}
                    if (ref.get("part"), ref.get("table"), ref.get("key")) != (part, table, key):
                        report.problems.append(
                            f"记录 {part} 的 {table}/{key} 声称由台账第 {seq} 条签署，但该条目签署的是"
                            f"{_where(ref) if ref else '不存在的记录'}：记录被伪造或文件被调换。"
                        )
                        return

    def _roster(self, report: Report) -> None:
        if report.problems:
            return
        people = self.core.repos.people
        for part in people.parts():
            docs, events = people.bucket_docs(part)
            last: dict[str, dict[str, Any]] = {}
            for ev in sorted(events.values(), key=lambda d: d.get("seq", 0)):
                last[ev.get("person", "")] = ev.get("snapshot") or {}
            for pid, doc in docs.items():
                snap = last.get(pid)
                if snap is None:
                    report.problems.append(
                        f"人员 {pid}（{part}）没有任何台账登记：记录被直接添加。"
                    )
                    return
                for f in SIGNED_FIELDS:
                    if doc.get(f) != snap.get(f):
                        report.problems.append(
                            f"人员 {pid} 的“{f}”与台账最后一次登记不一致：记录被直接修改。"
                        )
                        return
