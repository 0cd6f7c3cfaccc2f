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

A clean run leaves a sealed checkpoint; the next run (unless `full`) checks
in full only what changed since (services/verify_checkpoint.py says why that
is the same answer, and what an attacker without secret.key can do).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from xiaoneng.errors import UserError
from xiaoneng.model.people import Person
from xiaoneng.services import verify_checkpoint as checkpoint
from xiaoneng.services.ledger import short
from xiaoneng.services.verify_chain import Chain, Reader, walk
from xiaoneng.services.verify_figures import figures_problems
from xiaoneng.services.verify_parts import PartCheck, Problem
from xiaoneng.store import layout
from xiaoneng.store.repos import roster_list
from xiaoneng.store.repos.ledger import HEAD_PART, LedgerRepo, segment_of, segment_part
from xiaoneng.store.repos.people import MEMBERS, PEOPLE, UNITS_DIR, member_doc, members_part
from xiaoneng.store.repos.signed import unit_file
from xiaoneng.store.repos.units import summary_part

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
    since: int = 0  # the checkpoint's entry a run went on from (0: everything checked)
    rechecked: int = 0  # data files checked in full this time
    note: str = ""  # why a checkpoint was not used, or could not be written

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
            "checked": {
                "full": not self.since,
                "since": self.since or None,
                "files": self.rechecked,
            },
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
        full: bool = False,
    ) -> Report:
        """Check everything: in full with `full`, else from the last clean run's
        checkpoint when there is a sound one. Under the data lock by default (a
        consistent snapshot); `locked=False` lets writers go on meanwhile, and
        a problem found that way may be a commit caught half-way, so it is
        confirmed by a second run under the lock."""
        if not locked:
            report = self._run(progress, anchors, full)
            if report.ok:
                return report
        with self.core.store.locked():  # a consistent snapshot: no commit half-way through
            return self._run(progress, anchors, full)

    @property
    def repo(self) -> LedgerRepo:
        return self.core.repos.ledger

    def _run(
        self, progress: Callable[[int, int], None] | None, anchors: Sequence[Anchor], full: bool
    ) -> Report:
        report = Report()
        secret = self.core.secret
        cp, report.note = (None, "") if full else checkpoint.load(secret, self.repo.checkpoint())
        known = cp or checkpoint.Checkpoint()
        reader = Reader(self.repo)
        segments = {p: d for p, (d, _n) in known.files.items() if p.startswith(layout.LEDGER_DIR)}
        want = frozenset({a.seq for a in anchors} | {known.seq})
        chain = walk(reader, report, known=segments, upto=known.seq, want=want)
        chain_ok = report.ok
        index = chain.index
        if cp is not None and chain.hashes.get(cp.seq) != cp.hash:
            report.note = (
                ""
                if not chain_ok
                else (
                    f"上次校验的检查点（第 {cp.seq} 条）已不在台账中（数据目录被恢复或换成了别的副本）："
                    "本次全部重新校验。"
                )
            )
            cp, known = None, checkpoint.Checkpoint()
        report.since = known.seq
        if len(index):
            report.head_seq, report.head_hash = len(index), chain.last_hash
        for anchor in anchors:
            self._anchor(report, chain, anchor, chain_ok)
        check = PartCheck(self.core, index, reader.tables)
        parts = self._parts(chain)
        derived = self.repo.derived_parts()
        changed = {p for p in derived if reader.digest(p) != known.digest(p)}
        changed |= {p for p in known.files if _derived(p) and p not in reader.seen}
        newer = index.parts_since(known.seq)
        counts: dict[str, int] = {}
        total, done = len(index), 0
        found: list[Problem] = []
        for part in parts:
            raw, digest = reader.read(part)
            where = unit_file(part)
            if (
                chain_ok
                and digest == known.digest(part)
                and part not in newer
                and (where is None or summary_part(*where) not in changed)
            ):
                counts[part] = known.records(part)  # the bytes a clean run checked
            else:
                result = check.part(part, self.repo.decode(part, raw), full=chain_ok)
                found += result.problems
                counts[part] = result.records
                if digest != known.digest(part):
                    changed.add(part)
                report.rechecked += 1
            report.records += counts[part]
            done += len(index.seqs(part))
            if progress:
                progress(done, total)
        found += check.orphan_summaries(parts) if chain_ok else []
        # The status figures when anything changed since the last clean run.
        found += figures_problems(self.core) if chain_ok and (cp is None or changed) else []
        # Records an entry points at first (lowest entry first, as if read in
        # ledger order), then the head, then the rest file by file.
        signed = sorted((p for p in found if p.seq), key=lambda p: p.seq)
        report.problems += signed[:1] if not chain_ok else signed
        if chain_ok:
            self._head(report, chain)
            report.problems += [p for p in found if not p.seq]
        people_changed = any(p.startswith(layout.PEOPLE_DIR + "/") for p in changed)
        if cp is None or not chain_ok or people_changed or set(known.files) - set(reader.seen):
            report.problems += self._members(reader, {p.file for p in report.problems})
        if report.ok:
            self._keep(report, reader, chain, counts)
        return report

    def _keep(self, report: Report, reader: Reader, chain: Chain, counts: dict[str, int]) -> None:
        """Seal what this clean run checked as the next run's checkpoint."""
        if reader.moved:
            return  # a file changed while it was being read: nothing consistent to keep
        files = {p: (d, counts.get(p, 0)) for p, d in reader.seen.items() if p != HEAD_PART}
        cp = checkpoint.Checkpoint(report.head_seq, chain.last_hash, files)
        failed = self.repo.put_checkpoint(checkpoint.dump(self.core.secret, cp))
        if failed:
            report.note = f"无法写下本次校验的检查点（{failed}）：下次仍会全部重新校验。"

    def _members(self, reader: Reader, named: set[str]) -> list[Problem]:
        """Each unit's member file (what status counts) and the roster list
        (what the roster screen shows) against the people; people whose file
        has a problem named already are left out."""
        stored: dict[str, dict[str, Any]] = {}
        listed: dict[str, dict[str, Any]] = {}
        for part in self.repo.derived_parts():
            if part.startswith(UNITS_DIR + "/"):
                unit = part.rsplit("/", 1)[1][: -len(".json")]
                stored[unit] = reader.tables(part).get(MEMBERS, {})
            elif part.startswith(roster_list.LIST_DIR + "/"):
                listed[part] = reader.tables(part)
        if not stored and not listed and not self._kept():
            return []  # a folder from before them: readers derive them from the people
        expected: dict[str, dict[str, Any]] = {}
        people: list[Person] = []
        skip: set[str] = set()
        broken: list[Problem] = []
        for part in self.core.repos.people.parts():
            for key, d in reader.tables(part).get(PEOPLE, {}).items():
                # A hand-made record may lack fields: name it, never crash on it.
                try:
                    p = None if part in named else Person.from_dict(d)
                except (KeyError, TypeError, ValueError, AttributeError):
                    p = None
                    broken.append(
                        Problem(
                            part,
                            f"人员文件 {part} 中的人员记录 {key} 缺少字段或格式不对（该文件被改动）。",
                        )
                    )
                if p is None:
                    skip.add(str(key))
                    if isinstance(d, dict):
                        skip.add(str(d.get("id", key)))
                else:
                    expected.setdefault(p.unit, {})[p.id] = member_doc(p)
                    people.append(p)
        return (
            broken + self._listed(listed, people, skip) + self._unit_members(stored, expected, skip)
        )

    def _listed(
        self, listed: dict[str, dict[str, Any]], people: list[Person], skip: set[str]
    ) -> list[Problem]:
        if not listed and not self.core.store.exists_dir(roster_list.LIST_DIR):
            return []  # a folder from before the list: the roster's first read builds it
        expected = roster_list.files_of(people)
        return [
            Problem(
                part,
                f"人员名册列表 {part} 缺失：打开人员名册时会按人员文件重建。"
                if part not in listed
                else f"人员名册列表 {part} 与人员文件不符：名册界面显示和查找的人员不可信"
                "（该文件被改动或换成了旧的副本；删除该文件后打开人员名册时会按人员文件重建）。",
            )
            for part in roster_list.problems(listed, expected, frozenset(skip))
        ]

    def _kept(self) -> bool:
        """Whether the folder has member files or a roster list to compare."""
        store = self.core.store
        return store.exists_dir(UNITS_DIR) or store.exists_dir(roster_list.LIST_DIR)

    def _unit_members(
        self, stored: dict[str, dict[str, Any]], expected: dict[str, dict[str, Any]], skip: set[str]
    ) -> list[Problem]:
        if not stored and not self.core.store.exists_dir(UNITS_DIR):
            return []  # a folder from before them: readers derive them from the people
        stored = {u: {k: d for k, d in m.items() if k not in skip} for u, m in stored.items()}
        return [
            Problem(
                members_part(unit),
                f"单位人员名单 {members_part(unit)} 与人员名册不符："
                "状态和首页的人数、应完成人数不可信（该文件被改动或换成了旧的副本）。",
            )
            for unit in sorted(set(stored) | set(expected))
            if stored.get(unit, {}) != expected.get(unit, {})
        ]

    def _parts(self, chain: Chain) -> list[str]:
        """Every data file that holds or should hold signed records, once each."""
        named = set(chain.index.by_part)
        return sorted((named - {""}) | set(self.repo.record_parts()))

    def _head(self, report: Report, chain: Chain) -> None:
        head = self.repo.head()
        last = len(chain.index)
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
        if head["seq"] < last or head["hash"] != chain.last_hash:
            report.problems.append(
                Problem(
                    HEAD_PART,
                    f"台账第 {head['seq'] + 1} 条起未被头部确认：条目被追加或头部被回退。",
                )
            )

    def _anchor(self, report: Report, chain: Chain, anchor: Anchor, chain_ok: bool) -> None:
        """The entry an outside anchor names must still be there, with that hash."""
        part = segment_part(segment_of(anchor.seq))
        digest = chain.hashes.get(anchor.seq)
        if digest is None:
            if chain_ok:
                what = (
                    f"外部锚点 {anchor} 指向第 {anchor.seq} 条，台账现在只有 {len(chain.index)} 条："
                    "台账被截短，或整个数据目录被换成了更早的副本。"
                )
                report.problems.append(Problem(part, what))
            return  # a broken chain is reported already; the anchor adds nothing
        if not digest.startswith(anchor.hash):
            report.problems.append(
                Problem(
                    part,
                    f"台账第 {anchor.seq} 条的哈希是 {short(digest)}，"
                    f"不是外部锚点记下的 {anchor.hash}：台账被改写，或整个数据目录被换成了别的副本。",
                )
            )


def _derived(part: str) -> bool:
    """A unit summary, member list, status figures or findings index file
    (compared, not signed)."""
    bits = part.split("/")
    return part.startswith((UNITS_DIR + "/", roster_list.LIST_DIR + "/")) or (
        len(bits) == 4 and bits[2] in ("summary", "figures", "findings", "waiting")
    )
