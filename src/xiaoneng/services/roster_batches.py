"""A roster import of any size, committed BATCH people at a time.

One transaction for a whole file held every person of a 50,000-row roster
in memory at once (issue 17). The import is now committed in batches, in the
file's row order, and keeps its all-or-nothing meaning for the office another
way, since the ledger is append-only and a committed batch cannot be taken
back:

- Everything that could refuse the import is checked over the whole file
  before the first batch (bad rows, unknown units, the last admin): a
  refusal writes nothing.
- Each batch's commit also writes the import journal (store/repos/imports.py):
  the file's SHA-256, the options, the rows done and the row to go on from.
  The last batch removes it. A crash (kill -9) part way leaves the journal
  saying exactly what was committed.
- While it is there, whatever reads the roster says the import is unfinished
  and how to finish it (`Unfinished.notice`), and importing another file is
  refused.
- Importing the same file again (same SHA-256, wherever it lies) goes on
  from the journal's row with the journal's options: rows before it are not
  looked at again, and the rest are planned against the roster as it is, so
  nobody is added twice.
- Initial PINs are appended to the PIN file (and fsynced) before the batch
  that sets them commits; a resumed import reuses the PINs the file has, so
  every person added has their PIN in the file.
"""

from __future__ import annotations

import csv
import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xiaoneng.errors import OperationError, UserError
from xiaoneng.services.permissions import require_admin
from xiaoneng.services.pins import hash_pin, random_pin
from xiaoneng.services.roster_import import RosterFile, RosterPlan, RosterRow, plan_import
from xiaoneng.services.roster_journal import Unfinished, unfinished
from xiaoneng.services.text import name_key

if TYPE_CHECKING:
    from xiaoneng.services.core import Core
    from xiaoneng.services.permissions import Actor
    from xiaoneng.services.roster import NewPerson
    from xiaoneng.store import Txn

BATCH = 2000  # people a transaction, or a tenth of the file when that is more:
MAX_BATCHES = 10  # every batch rewrites the people buckets (256 files), so a


# fixed size made a 50,000-row import quadratic (25 rewrites of a growing roster)
def abandon(core: Core, actor: Actor) -> Unfinished:
    """Give up an unfinished import whose file is gone: the journal goes, the
    people it added stay (each is signed); another file may be imported."""
    require_admin(actor, "放弃未完成的名册导入")
    with core.store.transaction() as txn:
        cut = Unfinished.from_journal(core.repos.imports.current_txn(txn))
        if cut is None:
            raise UserError("没有未完成的名册导入。")
        core.repos.imports.clear_txn(txn)
    return cut


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass
class ImportJob:
    """A roster file planned against the roster: what importing it will do."""

    path: Path
    sha256: str
    plan: RosterPlan
    resumed: Unfinished | None
    create_units: bool
    skip_bad: bool
    pins_out: Path | None


@dataclass(frozen=True)
class ImportResult:
    added: int
    changed: int
    pins_out: Path | None


def prepare(
    core: Core,
    parsed: RosterFile,
    *,
    create_units: bool = False,
    skip_bad: bool = False,
    pins_out: Path | None = None,
    check: bool = False,
) -> ImportJob:
    """Plan `parsed` (read by `read_roster`); the same file as an unfinished
    import goes on from where it stopped, another file is refused (unless only
    previewed: `check`)."""
    sha = file_sha256(parsed.path)
    cut = unfinished(core)
    if cut is not None and cut.sha256 != sha and not check:
        raise UserError(
            f"在上次的导入完成之前不能导入另一个文件（{parsed.path.name}），未写入任何数据。"
            + cut.notice()
        )
    resumed = cut if cut is not None and cut.sha256 == sha else None
    if resumed is not None:
        rest = [r for r in parsed.people if r.row >= resumed.next_row]
        parsed = RosterFile(parsed.path, parsed.header_row, rest, list(parsed.bad))
        given = pins_out.resolve() if pins_out is not None else None
        if given is not None and str(given) != resumed.pins_out:
            was = resumed.pins_out or "（未生成 PIN）"
            raise UserError(
                f"继续上次的导入时，初始 PIN 仍写入上次的文件：{was}。请去掉 --pins-out 再运行。"
            )
        create_units, skip_bad = resumed.create_units, resumed.skip_bad
        pins_out = Path(resumed.pins_out) if resumed.pins_out else None
    elif pins_out is not None and not check:
        if pins_out.is_symlink():
            raise UserError(f"{pins_out} 是符号链接：为免写到别处，已拒绝。请给出真实的文件名。")
        if pins_out.exists():
            raise UserError(f"{pins_out} 已存在：不会覆盖，请换一个文件名。")
    plan = plan_import(core, parsed)
    return ImportJob(parsed.path, sha, plan, resumed, create_units, skip_bad, pins_out)


def refusal(core: Core, job: ImportJob) -> str | None:
    """Why the job cannot be imported as planned (checked before anything is
    written, so that no batch is refused half-way)."""
    plan, name = job.plan, job.path.name
    if plan.bad and not job.skip_bad:
        return f"{name} 有 {len(plan.bad)} 行有问题，未导入任何人员（可加 --skip-bad 跳过这些行）。"
    if plan.unknown_units and not job.create_units:
        return (
            f"{name} 中有 {len(plan.unknown_units)} 个单位尚不存在："
            f"{'、'.join(plan.unknown_units)}。确认新建请加 --create-units；"
            "或改为已有单位的名称。未导入任何人员。"
        )
    if not plan.new and not plan.changed and job.resumed is None:
        return f"{name} 中没有要新增或修改的人员（{len(plan.unchanged)} 人与名册相同）。"
    losing = {
        r.person.id
        for r, ch in plan.changed
        if "roles" in ch and "admin" in _roles(ch["roles"][0]) and "admin" not in r.person.roles
    }
    if losing and not any(
        p.is_admin and p.active and p.id not in losing for p in core.roster.people()
    ):
        return f"{name} 会取消现有全部管理员的管理员角色：请至少保留一位。未导入任何人员。"
    return None


def _roles(value: object) -> tuple[str, ...]:
    return tuple(str(r) for r in value) if isinstance(value, tuple | list) else ()


def run(
    core: Core,
    actor: Actor,
    job: ImportJob,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Apply the job BATCH rows a transaction, keeping the journal."""
    why = refusal(core, job)
    if why is not None:
        raise UserError(why)
    repo, plan, resumed = core.repos.imports, job.plan, job.resumed
    work: list[tuple[RosterRow, dict[str, tuple[object, object]] | None]] = [
        *((r, None) for r in plan.new),
        *plan.changed,
    ]
    work.sort(key=lambda item: item[0].row)
    done = resumed.done if resumed else 0
    added = resumed.added if resumed else 0
    changed = resumed.changed if resumed else 0
    total = done + len(work)
    base = {
        "file": str(job.path.resolve()),
        "sha256": job.sha256,
        "total": total,
        "create_units": job.create_units,
        "skip_bad": job.skip_bad,
        "pins_out": str(job.pins_out.resolve()) if job.pins_out else None,
        "started": resumed.started if resumed else core.now_iso(),
    }
    pins: PinFile | None = None
    expected = resumed
    if not work and resumed is not None:  # the rest became unchanged meanwhile
        with core.store.transaction() as txn:
            repo.clear_txn(txn)
    size = max(BATCH, -(-len(work) // MAX_BATCHES))
    for start in range(0, len(work), size):
        chunk = work[start : start + size]
        new = [r.person for r, ch in chunk if ch is None]
        if new and job.pins_out is not None and pins is None:
            pins = PinFile(job.pins_out, _unit_label(core))
        hashes = pins.hashes_for(new) if pins and new else {}  # slow: outside the lock
        with core.store.transaction() as txn:
            if Unfinished.from_journal(repo.current_txn(txn)) != expected:
                raise OperationError(
                    "另一个进程同时在导入名册，本次导入已停止（本批未写入）。"
                    "请等它结束后再运行 xiaoneng roster list 查看。"
                )
            a, c = _apply_txn(core, txn, actor, chunk, hashes, job.create_units)
            added, changed, done = added + a, changed + c, done + len(chunk)
            journal = dict(base, done=done, next_row=chunk[-1][0].row + 1)
            journal.update(added=added, changed=changed)
            if start + size >= len(work):
                repo.clear_txn(txn)
            else:
                repo.put_txn(txn, journal)
        expected = Unfinished.from_journal(journal)
        # The next batch reads the people files afresh: the cache need not
        # hold a second copy of every bucket with its signed events.
        core.repos.forget_people()
        core.repos.forget_records()
        if progress:
            progress(done, total)
    written = job.pins_out if job.pins_out is not None and job.pins_out.exists() else None
    return ImportResult(added, changed, written)


def _apply_txn(
    core: Core,
    txn: Txn,
    actor: Actor,
    chunk: list[tuple[RosterRow, dict[str, tuple[object, object]] | None]],
    hashes: dict[str, str],
    create_units: bool,
) -> tuple[int, int]:
    """One batch, a people bucket at a time: each bucket is kept as bytes once
    its people are written, so the transaction never holds every bucket parsed
    (2,000 people touch all 256 of them)."""
    people = core.repos.people
    by_bucket: dict[str, list[tuple[RosterRow, dict[str, tuple[object, object]] | None]]] = {}
    for item in chunk:
        by_bucket.setdefault(people.bucket_of(item[0].person.id), []).append(item)
    added = changed = 0
    for items in by_bucket.values():
        new = [r.person for r, ch in items if ch is None]
        edits = [(r.person.id, _edit(r, ch)) for r, ch in items if ch is not None]
        a, c = core.roster.import_txn(txn, actor, new, edits, hashes, create_units=create_units)
        added, changed = added + len(a), changed + len(c)
        people.release_txn(txn, items[0][0].person.id)
    return added, changed


def _edit(r: RosterRow, changes: dict[str, tuple[object, object]] | None) -> dict[str, Any]:
    ch = changes or {}
    p = r.person
    return {
        "name": p.name if "name" in ch else None,
        "unit": p.unit if "unit" in ch else None,
        "position": p.position if "position" in ch else None,
        "roles": p.roles if "roles" in ch else None,
    }


def _unit_label(core: Core) -> Callable[[str], str]:
    """The unit name a PIN row shows: the existing unit a file's name means,
    or the name as written (the unit the import creates)."""
    units = core.org.units(include_inactive=True)
    by_id = {u.id: u.name for u in units}
    by_key: dict[str, str] = {}
    for u in units:
        by_key.setdefault(name_key(u.name), u.name)
    return lambda ref: by_id.get(ref) or by_key.get(name_key(ref), ref)


def _safe_cell(value: str) -> str:
    # Spreadsheet programs run cells that start like a formula.
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _unsafe_cell(value: str) -> str:
    return (
        value[1:] if value[:1] == "'" and value[1:2] in ("=", "+", "-", "@", "\t", "\r") else value
    )


class PinFile:
    """The initial PINs as a CSV only the owner can read, written ahead of
    the batch that sets them; a resumed import reads back the PINs it has."""

    def __init__(self, path: Path, unit_label: Callable[[str], str]):
        from xiaoneng.store.modes import private_mkdir

        self.path = path
        self.label = unit_label
        self.known: dict[str, str] = {}
        if path.is_symlink():
            raise UserError(f"{path} 是符号链接：为免写到别处，已拒绝。请给出真实的文件名。")
        if path.exists():  # only a resumed import's own file gets here
            with open(path, encoding="utf-8-sig", newline="") as fh:
                for row in list(csv.reader(fh))[1:]:
                    if len(row) == 4:
                        self.known[_unsafe_cell(row[0])] = row[3]
            return
        private_mkdir(path.parent)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as fh:
            csv.writer(fh).writerow(["工号", "姓名", "单位", "初始PIN"])
            fh.flush()
            os.fsync(fh.fileno())

    def hashes_for(self, people: list[NewPerson]) -> dict[str, str]:
        """The PIN hash of each person, their PINs on file (fsynced) first."""
        fresh = [p for p in people if p.id not in self.known]
        for p in fresh:
            self.known[p.id] = random_pin()
        if fresh:
            with open(self.path, "a", encoding="utf-8", newline="") as fh:
                w = csv.writer(fh)
                for p in fresh:
                    cells = (p.id, p.name, self.label(p.unit))
                    w.writerow([*(_safe_cell(c) for c in cells), self.known[p.id]])
                fh.flush()
                os.fsync(fh.fileno())
        return {p.id: hash_pin(self.known[p.id]) for p in people}
