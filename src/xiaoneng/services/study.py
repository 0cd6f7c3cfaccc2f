"""Studying a module: the quiz, its attempts, and the signed completion.

A completion is for one version of one module in one year. When the
checklist's version changes, an earlier completion no longer counts: the
person shows as needing to study it again, never silently as done.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from xiaoneng.errors import OperationError, UserError
from xiaoneng.model.checklist import StudyModule
from xiaoneng.model.paper import Paper, bank_paper
from xiaoneng.model.people import Person
from xiaoneng.model.records import Completion, QuizAttempt
from xiaoneng.store import Txn
from xiaoneng.store.repos.study import StudyRecords, attempt_key

if TYPE_CHECKING:
    from xiaoneng.services.core import Core


@dataclass(frozen=True)
class StudyStatus:
    module: StudyModule
    done: bool  # completed the current version this year
    done_version: str | None  # the version completed, if any
    attempts_used: int  # signed quiz attempts on the current version, not reset
    passed_attempt: QuizAttempt | None  # a passed attempt not yet confirmed
    last_number: int = 0  # highest attempt number used (attempts may be reset)
    done_kind: str = "quiz"  # how the current version was completed (ATTEMPT_KINDS)
    paper: QuizAttempt | None = None  # the latest paper result on the current version

    @property
    def needs_redo(self) -> bool:
        return not self.done and self.done_version is not None

    @property
    def attempts_left(self) -> int:
        return max(self.module.attempts - self.attempts_used, 0)

    @property
    def paper_failed(self) -> bool:
        return not self.done and self.paper is not None and not self.paper.passed

    @property
    def label(self) -> str:
        if self.done:
            return "已完成（纸质测验）" if self.done_kind == "paper" else "已完成"
        if self.needs_redo:
            return f"需重新学习（已完成旧版 {self.done_version}）"
        if self.passed_attempt:
            return "已通过测验，待确认"
        if self.paper_failed and self.paper is not None:
            return f"纸质测验未通过（答对 {self.paper.correct}/{self.paper.total}）"
        if self.attempts_used and not self.attempts_left:
            return "测验次数已用完"
        return "未完成"


def attempt_state(a: QuizAttempt, voided: set[str], version: str) -> str:
    """Whether an attempt counts, in words: 有效, or why not."""
    if a.module.get("version") != version:
        return f"旧版（第 {a.module.get('version')} 版）"
    if not a.signed:
        return "未签署（不计次数）"
    if a.id in voided or a.voided:
        return "已重置"
    return "有效"


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
        """Where one person stands with a module, from their records of the year.

        Only signed attempts count (an unsigned one, stored before attempts were
        signed or written into the file by hand, stays readable as history); an
        attempt a signed reset names no longer counts; a paper result never
        uses up the quiz's attempts.
        """
        done_version = None
        done = False
        for version in records.completed_versions(module.id):
            done_version = version
            if version == module.version:
                done = True
                break
        mine = records.attempts(module.id, module.version)
        voided = records.voided(module.id, module.version)
        counted = [a for a in mine if a.signed and a.id not in voided]
        quizzes = [a for a in counted if a.kind == "quiz"]
        passed = next((a for a in sorted(quizzes, key=lambda a: a.number) if a.passed), None)
        papers = [a for a in counted if a.kind == "paper"]
        completion = records.completion(module.id, module.version) if done else None
        return StudyStatus(
            module,
            done,
            done_version,
            attempts_used=len(quizzes),
            passed_attempt=None if done else passed,
            last_number=max((a.number for a in mine), default=0),
            done_kind=completion.kind if completion else "quiz",
            paper=papers[-1] if papers else None,
        )

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
    def grade(module: StudyModule, answers: list[set[int]], paper: Paper) -> list[bool]:
        """One mark per question of the paper shown; `answers` are positions as shown."""
        if (paper.module, paper.version, paper.hash) != (
            module.id,
            module.version,
            module.content_hash,
        ):
            raise UserError(f"试卷不是“{module.title}”第 {module.version} 版的，请重新开始测验。")
        if len(answers) != len(paper.questions):
            raise UserError(f"答案数量不对：应为 {len(paper.questions)} 题。")
        return paper.grade(answers)

    def submit_quiz(
        self, person: Person, module_id: str, answers: list[set[int]], paper: Paper | None = None
    ) -> QuizAttempt:
        """Hand in a quiz: the attempt, with the paper shown and the answers, signed
        in the ledger by the person. No paper: the whole bank in file order."""
        module = self.module(module_id)
        shown = paper if paper is not None else bank_paper(module)
        self.grade(module, answers, shown)  # a wrong count is the user's mistake: before the lock
        with self.core.store.transaction() as txn:
            return self.submit_quiz_txn(txn, person, module, answers, shown)

    def submit_quiz_txn(
        self,
        txn: Txn,
        person: Person,
        module: StudyModule,
        answers: list[set[int]],
        paper: Paper | None = None,
    ) -> QuizAttempt:
        shown = paper if paper is not None else bank_paper(module)
        marks = self.grade(module, answers, shown)
        year = self.core.today().year
        repo = self.core.repos.study
        current = self.status_from(repo.records_txn(txn, year, person.unit, person.id), module)
        if current.done:
            raise OperationError(f"“{module.title}”本年度已完成，无需再答题。")
        if current.attempts_left <= 0:
            raise OperationError(
                f"“{module.title}”的测验次数（{module.attempts} 次）已用完，请联系办公室。"
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
            paper=shown.to_dict(),
        )
        return self.sign_attempt_txn(txn, person.unit, attempt, actor=person.id)[0]

    def sign_attempt_txn(
        self, txn: Txn, unit: str, attempt: QuizAttempt, *, actor: str
    ) -> tuple[QuizAttempt, dict[str, Any]]:
        """Store an attempt signed in the ledger: a quiz by the person, a paper
        result by the office."""
        repo = self.core.repos.study
        entry = self.core.ledger.sign_txn(
            txn,
            actor=actor,
            action="study.paper" if attempt.kind == "paper" else "study.attempt",
            time=attempt.time,
            ref=repo.attempt_ref_txn(txn, self.core.today().year, unit, attempt.id),
            record=attempt.to_dict(),
        )
        return replace(attempt, seq=entry["seq"]), entry

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
            raise OperationError(f"“{module.title}”本年度已完成。")
        attempt = current.passed_attempt
        if attempt is None:
            raise OperationError(
                f"“{module.title}”还没有通过测验（需答对 {module.pass_mark} 题）。"
            )
        return self.sign_completion_txn(txn, person, module, attempt, actor=person.id)

    def sign_completion_txn(
        self, txn: Txn, person: Person, module: StudyModule, attempt: QuizAttempt, *, actor: str
    ) -> tuple[Completion, dict[str, Any]]:
        """The signed completion a passed attempt earns: confirmed by the person
        after a quiz, or by the office when it records a passed paper."""
        done = Completion(
            person=person.id,
            module=module.ref().to_dict(),
            attempt=attempt.id,
            correct=attempt.correct,
            total=attempt.total,
            attempts=attempt.number,
            time=self.core.now_iso(),
            kind=attempt.kind,
        )
        entry = self.core.ledger.sign_txn(
            txn,
            actor=actor,
            action="study.complete",
            time=done.time,
            ref=self.core.repos.study.completion_ref_txn(
                txn, self.core.today().year, person.unit, person.id, module.id, module.version
            ),
            record=done.to_dict(),
        )
        return done, entry
