"""Studying a module: the quiz, its attempts, and the signed completion.

A completion is for one version of one module in one year. When the
checklist's version changes, an earlier completion no longer counts: the
person shows as needing to study it again, never silently as done.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from xiaoneng.errors import OperationError, UserError
from xiaoneng.model.checklist import Question, StudyModule
from xiaoneng.model.paper import Paper, PaperQuestion
from xiaoneng.model.people import Person
from xiaoneng.model.records import Completion, QuizAttempt
from xiaoneng.services.permissions import Actor, require_admin
from xiaoneng.store import Txn
from xiaoneng.store.repos.study import StudyRecords, attempt_key

if TYPE_CHECKING:
    from xiaoneng.services.core import Core


@dataclass(frozen=True)
class StudyStatus:
    module: StudyModule
    done: bool  # completed the current version this year
    done_version: str | None  # the version completed, if any
    attempts_used: int  # on the current version
    passed_attempt: QuizAttempt | None  # a passed attempt not yet confirmed
    last_number: int = 0  # highest attempt number used (attempts may be reset)

    @property
    def needs_redo(self) -> bool:
        return not self.done and self.done_version is not None

    @property
    def attempts_left(self) -> int:
        return max(self.module.attempts - self.attempts_used, 0)

    @property
    def label(self) -> str:
        if self.done:
            return "已完成"
        if self.needs_redo:
            return f"需重新学习（已完成旧版 {self.done_version}）"
        if self.passed_attempt:
            return "已通过测验，待确认"
        if self.attempts_used and not self.attempts_left:
            return "测验次数已用完"
        return "未完成"


class StudyService:
    def __init__(self, core: Core):
        self.core = core

    def modules(self) -> list[StudyModule]:
        return self.core.catalogue.studies()

    def module(self, module_id: str) -> StudyModule:
        m = self.core.catalogue.get(module_id)
        if not isinstance(m, StudyModule):
            raise UserError(f"学习模块 {module_id} 不存在。")
        return m

    def _records(self, person: Person) -> StudyRecords:
        return self.core.repos.study.records(self.core.today().year, person.unit, person.id)

    def status(self, person: Person, module: StudyModule) -> StudyStatus:
        return self.status_from(self._records(person), module)

    @staticmethod
    def status_from(records: StudyRecords, module: StudyModule) -> StudyStatus:
        """Where one person stands with a module, from their records of the year."""
        done_version = None
        done = False
        for version in records.completed_versions(module.id):
            done_version = version
            if version == module.version:
                done = True
                break
        mine = records.attempts(module.id, module.version)
        passed = next((a for a in sorted(mine, key=lambda a: a.number) if a.passed), None)
        last = max((a.number for a in mine), default=0)
        used = sum(not a.voided for a in mine)
        return StudyStatus(module, done, done_version, used, None if done else passed, last)

    def completion_of(
        self, person: Person, module_id: str
    ) -> tuple[Completion, dict[str, Any] | None] | None:
        """This year's signed completion of the module's current version, and its ledger entry."""
        module = self.module(module_id)
        found = self.core.repos.study.completion(
            self.core.today().year, person.unit, person.id, module.id, module.version
        )
        if found is None:
            return None
        completion, seq = found
        return completion, self.core.ledger.entry(seq)

    def statuses(self, person: Person) -> list[StudyStatus]:
        return [self.status(person, m) for m in self.modules()]

    @staticmethod
    def grade(
        module: StudyModule, answers: list[set[int]], paper: Paper | None = None
    ) -> list[bool]:
        """Marks for a drawn paper, or (no paper) for the whole bank in file order."""
        if paper is not None and (paper.module, paper.version, paper.hash) != (
            module.id,
            module.version,
            module.content_hash,
        ):
            raise UserError(f"试卷不是《{module.title}》第 {module.version} 版的，请重新开始测验。")
        questions: Sequence[Question | PaperQuestion] = (
            paper.questions if paper is not None else module.questions
        )
        if len(answers) != len(questions):
            raise UserError(f"答案数量不对：应为 {len(questions)} 题。")
        return [q.is_correct(a) for q, a in zip(questions, answers, strict=True)]

    def submit_quiz(
        self, person: Person, module_id: str, answers: list[set[int]], paper: Paper | None = None
    ) -> QuizAttempt:
        module = self.module(module_id)
        self.grade(module, answers, paper)  # a wrong count is the user's mistake: before the lock
        with self.core.store.transaction() as txn:
            return self.submit_quiz_txn(txn, person, module, answers, paper)

    def submit_quiz_txn(
        self,
        txn: Txn,
        person: Person,
        module: StudyModule,
        answers: list[set[int]],
        paper: Paper | None = None,
    ) -> QuizAttempt:
        marks = self.grade(module, answers, paper)
        year = self.core.today().year
        repo = self.core.repos.study
        current = self.status_from(repo.records_txn(txn, year, person.unit, person.id), module)
        if current.done:
            raise OperationError(f"《{module.title}》本年度已完成，无需再答题。")
        if current.attempts_left <= 0:
            raise OperationError(
                f"《{module.title}》的测验次数（{module.attempts} 次）已用完，请联系办公室。"
            )
        number = current.last_number + 1
        attempt = QuizAttempt(
            id=attempt_key(person.id, module.id, module.version, number),
            person=person.id,
            module=module.ref().to_dict(),
            number=number,
            answers=tuple(sorted(a) for a in answers),
            correct=sum(marks),
            total=len(marks),
            # pass_mark counts on a paper of paper_size questions: the same share of the bank.
            passed=sum(marks) * module.paper_size >= module.pass_mark * len(marks),
            time=self.core.now_iso(),
            paper=paper.to_dict() if paper is not None else None,
        )
        repo.put_attempt_txn(txn, year, person.unit, attempt)
        return attempt

    def complete(
        self, person: Person, module_id: str, pin: str
    ) -> tuple[Completion, dict[str, Any]]:
        """Confirm a passed quiz with the PIN: the signed completion."""
        module = self.module(module_id)
        self.core.auth.confirm(person, pin)
        with self.core.store.transaction() as txn:
            return self.complete_txn(txn, person, module)

    def complete_txn(
        self, txn: Txn, person: Person, module: StudyModule
    ) -> tuple[Completion, dict[str, Any]]:
        year = self.core.today().year
        repo = self.core.repos.study
        current = self.status_from(repo.records_txn(txn, year, person.unit, person.id), module)
        if current.done:
            raise OperationError(f"《{module.title}》本年度已完成。")
        attempt = current.passed_attempt
        if attempt is None:
            raise OperationError(
                f"《{module.title}》还没有通过测验（需答对 {module.pass_mark} 题）。"
            )
        done = Completion(
            person=person.id,
            module=module.ref().to_dict(),
            attempt=attempt.id,
            correct=attempt.correct,
            total=attempt.total,
            attempts=attempt.number,
            time=self.core.now_iso(),
        )
        entry = self.core.ledger.sign_txn(
            txn,
            actor=person.id,
            action="study.complete",
            time=done.time,
            ref=repo.completion_ref_txn(
                txn, year, person.unit, person.id, module.id, module.version
            ),
            record=done.to_dict(),
        )
        return done, entry

    def reset_attempts(self, actor: Actor, person: Person, module_id: str) -> int:
        """Office action: void failed attempts (kept on record) so the person can retry."""
        require_admin(actor, "重置测验次数")
        module = self.module(module_id)
        year = self.core.today().year
        repo = self.core.repos.study
        with self.core.store.transaction() as txn:
            mine = repo.records_txn(txn, year, person.unit, person.id)
            ids = [
                a.id for a in mine.attempts(module.id, module.version) if not (a.passed or a.voided)
            ]
            repo.void_attempts_txn(txn, year, person.unit, ids)
        return len(ids)
