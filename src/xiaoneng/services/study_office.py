"""The office's side of studying: resetting a person's quiz attempts, recording
the result of a paper test, and reading back a person's attempts.

Each is a signed ledger entry by the office: a reset names the attempts it
voids and why (the attempts themselves stay as signed); a paper result is an
attempt of kind "paper" holding the paper drawn by its seed, and when it
passes, the completion (marked 纸质测验) is signed in the same transaction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from xiaoneng.errors import OperationError, PermissionDenied, UserError
from xiaoneng.model.checklist import StudyModule
from xiaoneng.model.paper import LETTERS, SEED_LIMIT, Paper, draw_paper
from xiaoneng.model.people import Person
from xiaoneng.model.records import AttemptReset, Completion, QuizAttempt
from xiaoneng.services.permissions import Actor, require_admin
from xiaoneng.services.study import StudyService, StudyStatus, attempt_state
from xiaoneng.services.text import clean_note
from xiaoneng.store.repos.study import attempt_key

if TYPE_CHECKING:
    from xiaoneng.services.core import Core

_SEPARATORS = re.compile(r"[\s,，、;；/|]+")


@dataclass(frozen=True)
class AttemptView:
    """One attempt as the history shows it, with whether it counts."""

    attempt: QuizAttempt
    state: str  # 有效 | 已重置 | 未签署（不计次数） | 旧版（第 N 版）

    @property
    def counts(self) -> bool:
        return self.state == "有效"


@dataclass(frozen=True)
class AttemptHistory:
    """A person's attempts on a module this year, the resets, and where they stand."""

    person: Person
    module: StudyModule
    status: StudyStatus
    attempts: list[AttemptView]
    resets: list[AttemptReset]
    completion: Completion | None
    names: dict[str, str]  # who recorded a paper or reset attempts: id -> name


@dataclass(frozen=True)
class PaperResult:
    """A recorded paper test: the signed attempt and, when it passed, the completion."""

    attempt: QuizAttempt
    entry: dict[str, Any]
    completion: tuple[Completion, dict[str, Any]] | None


def parse_marks(text: str, paper: Paper) -> list[set[int]]:
    """ "B D AC A …": the letters ticked on each question of the paper, in order."""
    tokens = [t for t in _SEPARATORS.split(text.strip().upper()) if t]
    n = len(paper.questions)
    if (
        len(tokens) == 1
        and len(tokens[0]) == n
        and all(q.type == "single" for q in paper.questions)
    ):
        tokens = list(tokens[0])  # "BDCA…": one letter a question, when all are single choice
    if len(tokens) != n:
        raise UserError(
            f"答案应有 {n} 题（按题号顺序，题与题之间用空格分开，如 B D AC），实际是 {len(tokens)} 题。"
        )
    marks = []
    for k, (token, q) in enumerate(zip(tokens, paper.questions, strict=True), 1):
        shown = LETTERS[: len(q.choices)]
        bad = [c for c in token if c not in shown]
        if bad:
            raise UserError(f"第 {k} 题的答案“{token}”无效：只能是 {shown[0]}-{shown[-1]}。")
        if q.type == "single" and len(set(token)) > 1:
            raise UserError(f"第 {k} 题是单选题，答案“{token}”只能是一个字母。")
        marks.append({shown.index(c) for c in token})
    return marks


class StudyOffice:
    def __init__(self, core: Core):
        self.core = core

    @property
    def study(self) -> StudyService:
        return self.core.study

    def _confirm(self, actor: Actor, pin: str | None) -> None:
        """A person in the office confirms with their PIN; the command line is the office itself."""
        if isinstance(actor, Person):
            if not pin:
                raise UserError("请输入你的 PIN 确认。")
            self.core.auth.confirm(actor, pin)

    # -- reading -------------------------------------------------------------------

    def history(self, actor: Actor, person_id: str, module_id: str) -> AttemptHistory:
        """The person's own attempts, or anyone's for the office."""
        person = self.core.roster.require(person_id)
        if actor.id != person.id and not actor.is_admin:
            raise PermissionDenied(f"{actor.name}无权查看{person.name}的测验记录。")
        module = self.study.module(module_id)
        records = self.core.repos.study.records(self.core.today().year, person.unit, person.id)
        resets = records.resets(module.id, None)
        voided = {a for r in resets for a in r.attempts}
        views = [
            AttemptView(a, attempt_state(a, voided, module.version))
            for a in records.attempts(module.id, None)
        ]
        return AttemptHistory(
            person,
            module,
            self.study.status_from(records, module),
            views,
            resets,
            records.completion(module.id, module.version),
            self._names({r.by for r in resets} | {v.attempt.recorded_by for v in views}),
        )

    def _names(self, ids: set[str]) -> dict[str, str]:
        names = {}
        for pid in ids - {""}:
            if pid.startswith("cli:"):
                names[pid] = "办公室（命令行）"
            elif (p := self.core.roster.get(pid)) is not None:
                names[pid] = p.name
        return names

    # -- resetting ---------------------------------------------------------------------

    def reset(
        self, actor: Actor, person_id: str, module_id: str, reason: str, pin: str | None = None
    ) -> tuple[AttemptReset, dict[str, Any]]:
        """Void the person's failed quiz attempts on the module's current version
        (kept on record, no longer counted) so they can take the quiz again."""
        require_admin(actor, "重置测验次数")
        reason = clean_note(reason, "重置原因", max_len=200)
        person = self.core.roster.require(person_id)
        module = self.study.module(module_id)
        self._confirm(actor, pin)
        year = self.core.today().year
        repo = self.core.repos.study
        with self.core.store.transaction() as txn:
            records = repo.records_txn(txn, year, person.unit, person.id)
            status = self.study.status_from(records, module)
            if status.done:
                raise OperationError(f"{person.name}本年度已完成“{module.title}”，无需重置。")
            voided = records.voided(module.id, module.version)
            ids = tuple(
                a.id
                for a in records.attempts(module.id, module.version)
                if a.signed and a.kind == "quiz" and not a.passed and a.id not in voided
            )
            if not ids:
                raise OperationError(
                    f"{person.name}在“{module.title}”第 {module.version} 版没有可重置的测验"
                    "（没有计入次数的未通过测验）。"
                )
            reset = AttemptReset(
                person=person.id,
                module=module.ref().to_dict(),
                attempts=ids,
                reason=reason,
                by=actor.id,
                time=self.core.now_iso(),
            )
            entry = self.core.ledger.sign_txn(
                txn,
                actor=actor.id,
                action="study.reset",
                time=reset.time,
                ref=repo.reset_ref_txn(txn, year, person.unit),
                record=reset.to_dict(),
            )
        return reset, entry

    # -- paper tests -------------------------------------------------------------------

    def paper(self, module_id: str, seed: int) -> Paper:
        """The paper printed with this seed (抽题号) for the module's current version."""
        module = self.study.module(module_id)
        if not module.questions:
            raise UserError(f"“{module.title}”没有测验题，不能出试卷。")
        if not 0 <= seed < SEED_LIMIT:
            raise UserError(f"抽题号应为 0～{SEED_LIMIT - 1} 的整数，实际是 {seed}。")
        return draw_paper(module, seed)

    def record_paper(
        self,
        actor: Actor,
        person_id: str,
        module_id: str,
        seed: int,
        *,
        correct: int | None = None,
        answers: list[set[int]] | None = None,
        pin: str | None = None,
    ) -> PaperResult:
        """The office records a paper test: the score, or the answers ticked (marked here)."""
        require_admin(actor, "登记纸质测验成绩")
        person = self.core.roster.require(person_id)
        if not person.active:
            raise OperationError(f"{person.name}（{person.id}）已停用，不能登记成绩。")
        module = self.study.module(module_id)
        paper = self.paper(module.id, seed)
        total = len(paper.questions)
        if (correct is None) == (answers is None):
            raise UserError("请给出得分（答对题数）或逐题答案，二者选一。")
        if answers is not None:
            marks = self.study.grade(module, answers, paper)
            correct = sum(marks)
        assert correct is not None
        if not 0 <= correct <= total:
            raise UserError(f"答对题数应在 0～{total} 之间，实际是 {correct}。")
        self._confirm(actor, pin)
        year = self.core.today().year
        with self.core.store.transaction() as txn:
            records = self.core.repos.study.records_txn(txn, year, person.unit, person.id)
            status = self.study.status_from(records, module)
            if status.done:
                raise OperationError(f"{person.name}本年度已完成“{module.title}”，无需登记。")
            voided = records.voided(module.id, module.version)
            for a in records.attempts(module.id, module.version):
                if a.kind == "paper" and a.id not in voided and (a.paper or {}).get("seed") == seed:
                    raise OperationError(
                        f"{person.name}抽题号 {seed} 的纸质测验已登记过（答对 {a.correct}/{a.total}）。"
                    )
            number = status.last_number + 1
            attempt = QuizAttempt(
                id=attempt_key(person.id, module.id, module.version, number),
                person=person.id,
                module=module.ref().to_dict(),
                number=number,
                answers=tuple(sorted(a) for a in answers or ()),
                correct=correct,
                total=total,
                passed=correct * module.paper_size >= module.pass_mark * total,
                time=self.core.now_iso(),
                paper=paper.to_dict(),
                kind="paper",
                recorded_by=actor.id,
            )
            signed, entry = self.study.sign_attempt_txn(txn, person.unit, attempt, actor=actor.id)
            done = None
            if signed.passed:
                done = self.study.sign_completion_txn(txn, person, module, signed, actor=actor.id)
        return PaperResult(signed, entry, done)
