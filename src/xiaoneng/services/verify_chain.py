"""verify's pass over the ledger, one segment at a time.

Every entry's number, segment and link to the one before are checked; its
own hash is recomputed unless its segment's bytes are those a clean run
checked (services/verify_checkpoint.py). Of each entry only what the file
checks need is kept (`Index`): where its record is and the record's hash.
Keeping every entry whole was most of verify's memory (479 MB at 235,000
entries).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from xiaoneng.model.digest import file_digest
from xiaoneng.services.ledger import ACTION_LABELS, GENESIS, entry_hash
from xiaoneng.services.verify_parts import Problem
from xiaoneng.store.repos.ledger import ENTRIES, LedgerRepo, segment_of

if TYPE_CHECKING:
    from xiaoneng.services.verify import Report

Tables = dict[str, dict[str, dict[str, Any]]]


class Reader:
    """Reads files for one verify run: the digest of the bytes each check used,
    and whether a file read twice had changed in between (a writer went on
    during an unlocked run: nothing it saw is then kept as a checkpoint)."""

    def __init__(self, repo: LedgerRepo):
        self.repo = repo
        self.seen: dict[str, str] = {}
        self.moved = False

    def read(self, part: str) -> tuple[bytes | None, str]:
        raw = self.repo.raw(part)
        digest = file_digest(raw) if raw is not None else ""
        if self.seen.setdefault(part, digest) != digest:
            self.moved = True
        return raw, digest

    def digest(self, part: str) -> str:
        return self.read(part)[1]

    def tables(self, part: str) -> Tables:
        return self.repo.decode(part, self.read(part)[0])


class Index:
    """Of each entry: (file, table, key, record hash), by entry number."""

    def __init__(self) -> None:
        self._at: list[tuple[str, str, str, str]] = []
        self.by_part: dict[str, list[int]] = {}

    def __len__(self) -> int:
        return len(self._at)

    def add(self, entry: dict[str, Any]) -> None:
        ref = entry.get("ref")
        ref = ref if isinstance(ref, dict) else {}
        part = sys.intern(str(ref.get("part", "")))
        rhash = entry.get("record_hash")
        self._at.append(
            (
                part,
                sys.intern(str(ref.get("table", ""))),
                str(ref.get("key", "")),
                rhash if isinstance(rhash, str) else "",
            )
        )
        self.by_part.setdefault(part, []).append(len(self._at))

    def ref(self, seq: object) -> tuple[str, str, str] | None:
        """(file, table, key) entry `seq` signs, None for no such entry."""
        if not isinstance(seq, int) or not 1 <= seq <= len(self._at):
            return None
        part, table, key, _ = self._at[seq - 1]
        return part, table, key

    def record_hash(self, seq: int) -> str:
        return self._at[seq - 1][3]

    def seqs(self, part: str) -> list[int]:
        return self.by_part.get(part, [])

    def parts_since(self, seq: int) -> set[str]:
        """The files entries after `seq` point into."""
        return {a[0] for a in self._at[seq:]}


@dataclass
class Chain:
    index: Index = field(default_factory=Index)
    last_hash: str = ""
    hashes: dict[int, str] = field(default_factory=dict)  # of the entries asked for
    rehashed: int = 0  # entries whose hash was recomputed


def walk(
    reader: Reader,
    report: Report,
    *,
    known: dict[str, str],
    upto: int = 0,
    want: frozenset[int] = frozenset(),
) -> Chain:
    """Check the chain; `known` maps segments to the digest of bytes a clean run
    checked, holding entries up to `upto`. Stops at the first broken link
    (its problem in `report`)."""
    chain = Chain()
    prev, expected = GENESIS, 1
    for part in reader.repo.segment_parts():
        stem = part.rsplit("/", 1)[1].removesuffix(".json")
        index = int(stem) if stem.isdigit() else -1
        raw, digest = reader.read(part)
        docs = reader.repo.decode(part, raw).get(ENTRIES, {})
        trusted = known.get(part) == digest
        for key in sorted(docs, key=lambda k: int(k) if k.isdigit() else -1):
            e = docs[key]
            seq = e.get("seq")
            what = ""
            if seq != expected:
                what = (
                    f"台账缺少第 {expected} 条（{part} 中下一条是第 {seq} 条）：条目被删除或调换。"
                )
            elif index >= 0 and segment_of(seq) != index:
                what = f"台账第 {seq} 条出现在错误的文件 {part} 中：文件被调换。"
            else:
                action = str(e.get("action"))
                label = (
                    f"台账第 {seq} 条（{e.get('time', '?')} {ACTION_LABELS.get(action, action)}）"
                )
                if not (trusted and seq <= upto):
                    chain.rehashed += 1
                    if e.get("hash") != entry_hash(e):
                        what = f"{label}的哈希不符：条目被修改。"
                if not what and e.get("prev") != prev:
                    what = f"{label}与前一条不相连：之前的条目被删除、插入或调换。"
            if what:
                report.problems.append(Problem(part, what))
                chain.last_hash = prev if len(chain.index) else ""
                return chain
            chain.index.add(e)
            prev = e["hash"]
            if seq in want:
                chain.hashes[seq] = prev
            expected += 1
        del docs
    report.entries = len(chain.index)
    chain.last_hash = prev if len(chain.index) else ""
    return chain
