"""A post's assessment scores (self and assessors') and its file materials.

Both are entered by the office from paper (the returned self-assessment
form, the assessors' sheets, what the office saw in the post's files) and
signed in the ledger; the latest entry for a post (and role) is in force.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from xiaoneng.errors import UserError
from xiaoneng.model.assessment import ROLES, Comparison, ScoreSheet, compare, score_problems
from xiaoneng.model.checklist import CheckTemplate
from xiaoneng.model.post_files import Completeness, MaterialList, completeness
from xiaoneng.model.posts import Post
from xiaoneng.services.permissions import Actor
from xiaoneng.services.posts import require_manage, require_view
from xiaoneng.services.text import clean_field, clean_note
from xiaoneng.store import Txn
from xiaoneng.store.repos.posts import Ticks, ticks_record

if TYPE_CHECKING:
    from xiaoneng.services.core import Core

ASSESSMENT = "jinguo-assessment"  # the bundled scored sheet (checklists/)
MATERIALS = "jinguo-files"  # the bundled list of file materials


@dataclass(frozen=True)
class Scores:
    """A post's two sheets side by side against the current template."""

    template: CheckTemplate
    self_sheet: ScoreSheet | None
    assessor_sheet: ScoreSheet | None
    comparison: Comparison


@dataclass(frozen=True)
class Files:
    materials: MaterialList
    ticks: Ticks | None
    completeness: Completeness


class PostReviewService:
    def __init__(self, core: Core):
        self.core = core
        self.repo = core.repos.posts

    # -- the lists -------------------------------------------------------------

    def template(self) -> CheckTemplate:
        t = self.core.catalogue.get(ASSESSMENT)
        if not isinstance(t, CheckTemplate) or not t.scored:
            scored = [c for c in self.core.catalogue.checks() if c.scored]
            if not scored:
                raise UserError(
                    f"没有找到巾帼文明岗考核评分表（{ASSESSMENT}.toml，带 total 的检查表）。"
                )
            t = scored[0]
        return t

    def materials(self) -> MaterialList:
        found = self.core.catalogue.get(MATERIALS)
        if isinstance(found, MaterialList):
            return found
        others = self.core.catalogue.materials()
        if not others:
            raise UserError(
                f"没有找到巾帼文明岗档案材料目录（{MATERIALS}.toml，kind = materials）。"
            )
        return others[0]

    # -- scores ----------------------------------------------------------------

    def scores(self, actor: Actor, post: Post) -> Scores:
        require_view(actor)
        sheets = self.repo.sheets(post.year)
        return self._scores(sheets.get((post.id, "self")), sheets.get((post.id, "assessor")))

    def _scores(self, mine: ScoreSheet | None, theirs: ScoreSheet | None) -> Scores:
        t = self.template()
        return Scores(
            t,
            mine,
            theirs,
            compare(t, mine.scores if mine else None, theirs.scores if theirs else None),
        )

    def year_scores(self, year: int) -> dict[str, Scores]:
        """Post id -> scores, for every post with a sheet (summaries, exports)."""
        sheets = self.repo.sheets(year)
        ids = sorted({pid for pid, _role in sheets})
        return {
            pid: self._scores(sheets.get((pid, "self")), sheets.get((pid, "assessor")))
            for pid in ids
        }

    def enter_scores(
        self,
        actor: Actor,
        post: Post,
        role: str,
        scores: Mapping[str, float],
        *,
        scorer: str = "",
        notes: Mapping[str, str] | None = None,
    ) -> tuple[ScoreSheet, dict[str, Any]]:
        """The office keeps a sheet as scored on paper; the last entry for a role is in force."""
        require_manage(actor, "录入巾帼文明岗考核评分")
        sheet = self.make_sheet(actor, post, role, scores, scorer=scorer, notes=notes)
        with self.core.store.transaction() as txn:
            entry = self.enter_scores_txn(txn, actor, post, sheet)
        return sheet, entry

    def make_sheet(
        self,
        actor: Actor,
        post: Post,
        role: str,
        scores: Mapping[str, float],
        *,
        scorer: str = "",
        notes: Mapping[str, str] | None = None,
    ) -> ScoreSheet:
        """A sheet as the office typed it, checked against the current template."""
        if role not in ROLES:
            raise UserError(
                f"评分类别应为 {'、'.join(f'{k}（{v}）' for k, v in ROLES.items())} 之一。"
            )
        template = self.template()
        problems = score_problems(template, scores)
        if problems:
            raise UserError("；".join(problems) + "。")
        if not scores:
            raise UserError("至少要填写一项分数。")
        sheet = ScoreSheet(
            post=post.id,
            role=role,
            template=template.ref().to_dict(),
            scores={k: float(v) for k, v in scores.items()},
            entered_by=actor.id,
            entered_at=self.core.now_iso(),
            scorer=clean_field(scorer, "评分人", max_len=60, required=False),
            notes={k: clean_note(v, "备注", max_len=200) for k, v in (notes or {}).items() if v},
        )
        return sheet

    def enter_scores_txn(
        self, txn: Txn, actor: Actor, post: Post, sheet: ScoreSheet
    ) -> dict[str, Any]:
        return self.core.ledger.sign_txn(
            txn,
            actor=actor.id,
            action="post.score",
            time=sheet.entered_at,
            ref=self.repo.score_ref(post.year),
            record=sheet.to_dict(),
        )

    # -- file materials ---------------------------------------------------------

    def files(self, actor: Actor, post: Post) -> Files:
        require_view(actor)
        return self._files(self.repo.ticks(post.year).get(post.id))

    def _files(self, ticks: Ticks | None) -> Files:
        materials = self.materials()
        return Files(materials, ticks, completeness(materials, ticks.ticked if ticks else ()))

    def year_files(self, year: int, post_ids: Iterable[str]) -> dict[str, Files]:
        ticks = self.repo.ticks(year)
        return {pid: self._files(ticks.get(pid)) for pid in post_ids}

    def tick(self, actor: Actor, post: Post, ticked: Iterable[str]) -> Files:
        """Save which materials the office has seen in the post's files."""
        require_manage(actor, "勾选巾帼文明岗档案材料")
        materials = self.materials()
        chosen = set(ticked)
        unknown = sorted(chosen - {m.id for m in materials.materials})
        if unknown:
            raise UserError(f"《{materials.title}》中没有这些材料：{'、'.join(unknown)}。")
        current = self.repo.ticks(post.year).get(post.id)
        if current is not None and set(current.ticked) == chosen:
            return self._files(current)
        with self.core.store.transaction() as txn:
            ticks = self.tick_txn(txn, actor, post, chosen)
        return self._files(ticks)

    def tick_txn(self, txn: Txn, actor: Actor, post: Post, ticked: Iterable[str]) -> Ticks:
        record = ticks_record(post.id, ticked, actor.id, self.core.now_iso())
        self.core.ledger.sign_txn(
            txn,
            actor=actor.id,
            action="post.files",
            time=record["at"],
            ref=self.repo.ticks_ref(post.year),
            record=record,
        )
        return Ticks(post.id, tuple(record["ticked"]), actor.id, record["at"])
