"""The rectification register (问题整改台账): findings from open to closed.

发现 → 登记 → 整改 → 复查 → 销号. The responsible person records progress and
marks the work done; the reviewer (never the responsible person) closes it
with the PIN, or sends it back to 整改中. Opening (with the check), every
progress note and every review are signed in the ledger, and the state is
folded from those signed events (model/finding_state.py), never stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from xiaoneng.errors import OperationError, PermissionDenied, UserError
from xiaoneng.model.checklist import CheckItem
from xiaoneng.model.dates import parse_date
from xiaoneng.model.finding_state import base_of, progress_event, review_event
from xiaoneng.model.people import Person
from xiaoneng.model.records import FINDING_STATES, Finding, FindingDraft
from xiaoneng.services.permissions import Actor
from xiaoneng.services.text import clean_note
from xiaoneng.store import Txn
from xiaoneng.store.repos import register_head

if TYPE_CHECKING:
    from xiaoneng.services.check_tasks import CheckTask
    from xiaoneng.services.core import Core


def open_findings_txn(
    core: Core,
    txn: Txn,
    task: CheckTask,
    drafts: list[FindingDraft],
    items: dict[str, CheckItem],
    now: str,
) -> list[str]:
    """Create and sign the findings of a check being submitted (inside its transaction)."""
    year, unit = task.activity.year, task.unit
    repo = core.repos.findings
    ids = repo.new_ids_txn(txn, year, unit, len(drafts))
    for fid, d in zip(ids, drafts, strict=True):
        finding = Finding(
            id=fid,
            year=year,
            unit=unit,
            activity=task.activity.id,
            check=task.key,
            source=task.mode,
            item=d.item,
            item_text=items[d.item].text,
            problem=d.problem,
            category=d.category,
            measure=d.measure,
            money=d.money,
            responsible=d.responsible,
            responsible_name=core.roster.require(d.responsible).name,
            deadline=d.deadline,
            reviewer=d.reviewer,
            reviewer_name=core.roster.require(d.reviewer).name,
            found_by=task.checker,
            found_at=now,
            temp_measure=d.temp_measure,
        )
        core.ledger.sign_txn(
            txn,
            actor=task.checker,
            action="finding.open",
            time=now,
            ref=repo.finding_ref_txn(txn, year, unit, fid),
            record=base_of(finding.to_dict()),
        )
    return ids


@dataclass(frozen=True)
class RegisterStart:
    """The register's first rows, read before the rest (`FindingService.first_rows`)."""

    rows: list[dict[str, Any]]  # as `FindingService.rows` gives them
    total: int  # rows in all
    overdue: int  # of them


@dataclass(frozen=True)
class FindingActions:
    progress: bool  # record progress / mark the work done
    review: bool  # close (销号) or send back
    why_not_review: str = ""  # why this person may not review it, when that is the rule


def completed_by(finding: Finding) -> str:
    """Who recorded the 整改完成 now waiting for review ('' if none). They may
    not also review it: one person never both rectifies and reviews."""
    for step in reversed(finding.progress):
        if "review" in step:
            return ""
        if step.get("done"):
            return str(step.get("by", ""))
    return ""


def _no_review_by(actor: Actor, finding: Finding) -> str:
    """Why `actor` may not review `finding` whatever their role, or ''."""
    if actor.id == finding.responsible:
        return "责任人不能复查或销号自己负责整改的问题。"
    if finding.state == "review" and actor.id == completed_by(finding):
        return "你登记了该问题的整改完成，不能再复查或销号：须由复查人或另一位管理员复查。"
    return ""


class FindingService:
    def __init__(self, core: Core):
        self.core = core

    def get(self, finding_id: str) -> Finding:
        finding = self.core.repos.findings.get(finding_id)
        if finding is None:
            raise UserError(f"问题 {finding_id} 不存在。")
        return finding

    def get_for(self, actor: Actor, finding_id: str) -> Finding:
        """A finding, if this person may see it."""
        finding = self.get(finding_id)
        if not self.visible(actor, finding.to_dict()):
            raise PermissionDenied(f"{actor.name}无权查看问题 {finding.id}。")
        return finding

    def allowed(self, actor: Actor, finding: Finding) -> FindingActions:
        """What this person may do with the finding now (the same rules the writes check)."""
        responsible = actor.id == finding.responsible
        may_fix = (responsible or actor.is_admin) and finding.state in ("open", "in_progress")
        why_not = _no_review_by(actor, finding)
        may_review = (
            not why_not
            and (actor.id == finding.reviewer or actor.is_admin)
            and finding.state == "review"
        )
        return FindingActions(progress=may_fix, review=may_review, why_not_review=why_not)

    def visible(self, actor: Actor, row: dict[str, Any]) -> bool:
        if actor.sees_all:
            return True
        if actor.id in (row["responsible"], row["reviewer"], row["found_by"]):
            return True
        return actor.has("unit_head") and row["unit"] == actor.unit

    def rows(
        self,
        actor: Actor,
        *,
        unit: str | None = None,
        source: str | None = None,
        state: str | None = None,
        overdue: bool = False,
        years: list[int] | None = None,
    ) -> list[dict[str, Any]]:
        """Register rows this person may see: from the year's findings index
        (store/repos/finding_index.py), or one unit's summary for one unit."""
        today = self.core.today()
        out = []
        repos = self.core.repos
        past: dict[str, bool] = {}  # deadline -> before today (thousands share a few dates)
        for year in years or repos.units.years():
            if unit:
                found = repos.units.summary(year, unit).get("findings", [])
            else:
                found = [r for rows in repos.finding_index.rows(year).values() for r in rows]
            for row in found:
                if source and row["source"] != source:
                    continue
                if state and row["state"] != state:
                    continue
                deadline = row["deadline"]
                if deadline not in past:
                    past[deadline] = (parse_date(deadline) or today) < today
                late = row["state"] != "closed" and past[deadline]
                if overdue and not late:
                    continue
                if actor.sees_all or self.visible(actor, row):
                    out.append({**row, "overdue": late})
        out.sort(key=register_head.order)
        return out

    def first_rows(self, actor: Actor) -> RegisterStart | None:
        """The register's first rows as `rows` gives them unfiltered, with how
        many there are and how many are overdue, from each year's head
        (store/repos/register_head.py) instead of every row: for someone who
        sees every finding (anyone else's rows are picked out of all of them)."""
        if not actor.sees_all:
            return None
        today = self.core.today()
        repos = self.core.repos
        heads = [repos.finding_index.head(year) for year in repos.units.years()]
        overdue = sum(
            n
            for head in heads
            for deadline, n in head["open"].items()
            if (parse_date(deadline) or today) < today
        )
        rows = sorted((r for head in heads for r in head["rows"]), key=register_head.order)
        # A year whose head stops short: what sorts after its last row is not known yet.
        ends = [register_head.order(h["rows"][-1]) for h in heads if len(h["rows"]) < h["count"]]
        if ends:
            rows = [r for r in rows if register_head.order(r) <= min(ends)]
        shown = [
            {
                **r,
                "overdue": r["state"] != "closed" and (parse_date(r["deadline"]) or today) < today,
            }
            for r in rows
        ]
        return RegisterStart(shown, sum(head["count"] for head in heads), overdue)

    def mine(self, person: Person) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """(to fix, to review) for the home's to-do list: the person's entries
        of the index of waiting findings, not the units' summaries."""
        index = self.core.repos.finding_index
        entries = [
            e for year in self.core.repos.units.years() for e in index.waiting(year, person.id)
        ]
        entries.sort(key=lambda e: (e["deadline"], e["id"]))
        fix = [e for e in entries if e["kind"] == "fix"]
        review = [e for e in entries if e["kind"] == "review"]
        return fix, review

    # -- the responsible person ---------------------------------------------------

    def add_progress(
        self, actor: Actor, finding_id: str, text: str, *, done: bool = False
    ) -> Finding:
        text = clean_note(text, "整改进度", max_len=500)
        if not text:
            raise UserError("请填写整改进度。")
        with self.core.store.transaction() as txn:
            return self.progress_txn(txn, actor, finding_id, text, done)

    def progress_txn(
        self, txn: Txn, actor: Actor, finding_id: str, text: str, done: bool
    ) -> Finding:
        finding = self._load_txn(txn, finding_id)
        if actor.id != finding.responsible and not actor.is_admin:
            raise PermissionDenied(f"只有责任人才能登记问题 {finding.id} 的整改进度。")
        if finding.state not in ("open", "in_progress"):
            raise OperationError(f"问题 {finding.id} 当前为“{finding.state_label}”，不能登记进度。")
        now = self.core.now_iso()
        self.core.ledger.sign_txn(
            txn,
            actor=actor.id,
            action="finding.done" if done else "finding.progress",
            time=now,
            ref=self.core.repos.findings.event_ref_txn(txn, finding),
            record=progress_event(finding.id, actor.id, text, now, done=done),
        )
        return self._load_txn(txn, finding_id)

    # -- the reviewer ----------------------------------------------------------------

    def review(
        self, actor: Person, finding_id: str, pin: str, *, passed: bool, note: str
    ) -> tuple[Finding, dict[str, Any]]:
        """Close (销号) or send back to 整改中, confirmed with the PIN and signed."""
        note = clean_note(note, "复查意见", max_len=500)
        if not passed and not note:
            raise UserError("复查未通过时请写明原因。")
        finding = self.get(finding_id)
        if why_not := _no_review_by(actor, finding):
            raise PermissionDenied(why_not)
        if actor.id != finding.reviewer and not actor.is_admin:
            raise PermissionDenied(f"只有复查人或管理员才能复查问题 {finding.id}。")
        self.core.auth.confirm(actor, pin)
        with self.core.store.transaction() as txn:
            return self.review_txn(txn, actor, finding_id, passed, note)

    def review_txn(
        self, txn: Txn, actor: Actor, finding_id: str, passed: bool, note: str
    ) -> tuple[Finding, dict[str, Any]]:
        now = self.core.now_iso()
        finding = self._load_txn(txn, finding_id)
        if finding.state != "review":
            raise OperationError(
                f"问题 {finding.id} 当前为“{finding.state_label}”，责任人标记整改完成后才能复查。"
            )
        if why_not := _no_review_by(actor, finding):
            raise PermissionDenied(why_not)
        entry = self.core.ledger.sign_txn(
            txn,
            actor=actor.id,
            action="finding.close" if passed else "finding.reopen",
            time=now,
            ref=self.core.repos.findings.event_ref_txn(txn, finding),
            record=review_event(finding.id, actor.id, note, now, passed=passed),
        )
        return self._load_txn(txn, finding_id), entry

    def _load_txn(self, txn: Txn, finding_id: str) -> Finding:
        finding = self.core.repos.findings.get_txn(txn, finding_id)
        if finding is None:
            raise UserError(f"问题 {finding_id} 不存在。")
        return finding


__all__ = [
    "FINDING_STATES",
    "FindingActions",
    "FindingDraft",
    "FindingService",
    "completed_by",
    "open_findings_txn",
]
