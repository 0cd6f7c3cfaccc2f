"""A quiz paper: the questions drawn from a module's bank, in the order and wording shown.

`draw_paper(module, seed)` is pure: the same module version and seed always give
the same paper. The paper itself keeps everything that was shown (which bank
question, the order of its choices, the text), so an attempt can be reviewed,
graded again and exported without the module file it came from.

Drawing is stratified by section: every section that has questions is tested
at least once, and the remaining places are shared out in proportion to the
questions each section (and the questions tied to no section) hold. Single
choice questions come first, then multiple choice, each group shuffled, and
every question's choices are shuffled with its answer key remapped.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from xiaoneng.model.checklist import Question, StudyModule

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
SEED_LIMIT = 1_000_000  # seeds people can read out and type: 0 to 999999


def new_seed() -> int:
    return secrets.randbelow(SEED_LIMIT)


def paper_label(seed: int | None) -> str:
    """How people name a paper: its seed (抽题号), or the whole bank (no draw)."""
    return f"抽题号 {seed}" if seed is not None else "全部题目"


def letters(positions: Iterable[int]) -> str:
    return "".join(LETTERS[i] for i in sorted(positions))


@dataclass(frozen=True)
class PaperQuestion:
    """One question as shown: `order[k]` is the bank index of the choice shown at position k."""

    index: int  # the question's place in the module's bank: questions[index]
    type: str  # "single" | "multiple"
    text: str
    choices: tuple[str, ...]  # in the order shown
    order: tuple[int, ...]
    answer: frozenset[int]  # positions of the correct choices, as shown
    explanation: str
    ref: str
    section: int | None = None  # the section it tests, if its ref names one

    def answer_letters(self) -> str:
        return letters(self.answer)

    def is_correct(self, chosen: Iterable[int]) -> bool:
        return frozenset(chosen) == self.answer

    def to_bank(self, chosen: Iterable[int]) -> frozenset[int]:
        """Shown positions -> indexes into the bank question's own choices."""
        return frozenset(self.order[k] for k in chosen)

    def to_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "type": self.type,
            "text": self.text,
            "choices": list(self.choices),
            "order": list(self.order),
            "answer": self.answer_letters(),
            "explanation": self.explanation,
            "ref": self.ref,
            "section": self.section,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> PaperQuestion:
        return cls(
            index=d["index"],
            type=d["type"],
            text=d["text"],
            choices=tuple(d["choices"]),
            order=tuple(d["order"]),
            answer=frozenset(LETTERS.index(c) for c in d["answer"]),
            explanation=d["explanation"],
            ref=d["ref"],
            section=d.get("section"),
        )


@dataclass(frozen=True)
class Paper:
    module: str  # checklist id
    version: str
    hash: str  # content hash of the module version drawn from
    seed: int | None  # None: the whole bank in file order, choices unshuffled (no draw)
    questions: tuple[PaperQuestion, ...]

    @property
    def label(self) -> str:
        return paper_label(self.seed)

    def grade(self, answers: Sequence[Iterable[int]]) -> list[bool]:
        """One mark per question; `answers` are shown positions, one collection per question."""
        if len(answers) != len(self.questions):
            raise ValueError(f"{len(answers)} answers for {len(self.questions)} questions")
        return [q.is_correct(a) for q, a in zip(self.questions, answers, strict=True)]

    def to_dict(self) -> dict[str, Any]:
        return {
            "module": self.module,
            "version": self.version,
            "hash": self.hash,
            "seed": self.seed,
            "questions": [q.to_dict() for q in self.questions],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Paper:
        return cls(
            module=d["module"],
            version=d["version"],
            hash=d["hash"],
            seed=d["seed"],
            questions=tuple(PaperQuestion.from_dict(q) for q in d["questions"]),
        )


def draw_paper(module: StudyModule, seed: int) -> Paper:
    """`module.paper_size` questions, no repeats, every tested section at least once."""
    rng = random.Random(seed)
    picked = [i for pool in _pools(module, rng) for i in pool]
    by_type = {
        kind: [i for i in picked if module.questions[i].type == kind]
        for kind in ("single", "multiple")
    }
    shown: list[PaperQuestion] = []
    for kind in ("single", "multiple"):
        group = sorted(by_type[kind])
        rng.shuffle(group)
        shown += [_shuffled(i, module.questions[i], rng) for i in group]
    return Paper(module.id, module.version, module.content_hash, seed, tuple(shown))


def bank_paper(module: StudyModule) -> Paper:
    """The paper of a module without `draw`: every question in file order, as written."""
    shown = tuple(
        PaperQuestion(
            index=i,
            type=q.type,
            text=q.text,
            choices=tuple(q.choices),
            order=tuple(range(len(q.choices))),
            answer=frozenset(q.answer),
            explanation=q.explanation,
            ref=q.ref,
            section=q.section,
        )
        for i, q in enumerate(module.questions)
    )
    return Paper(module.id, module.version, module.content_hash, None, shown)


def quiz_paper(module: StudyModule, seed: int | None = None) -> Paper:
    """The paper a quiz shows: drawn (by `seed`, or a new one) when the module has
    `draw`, else the whole bank."""
    if module.draw is None:
        return bank_paper(module)
    return draw_paper(module, new_seed() if seed is None else seed)


def _pools(module: StudyModule, rng: random.Random) -> list[list[int]]:
    """The questions drawn from each stratum: one stratum per section, one for the rest."""
    strata: dict[int | None, list[int]] = {}
    for i, q in enumerate(module.questions):
        strata.setdefault(q.section, []).append(i)
    keys = sorted(strata, key=lambda k: (k is None, k or 0))
    take = {k: (0 if k is None else 1) for k in keys}
    if sum(take.values()) > module.paper_size:
        raise ValueError(f"{module.id}: draw {module.paper_size} < {sum(take.values())} sections")
    spare = {k: len(strata[k]) - take[k] for k in keys}
    left = module.paper_size - sum(take.values())
    room = sum(spare.values())
    if left > 0 and room:
        quota = {k: Fraction(left * spare[k], room) for k in keys}
        for k in keys:
            take[k] += int(quota[k])
        # Largest remainders get the last places; ties broken by the seed.
        rest = sorted(keys, key=lambda k: (-(quota[k] - int(quota[k])), rng.random()))
        for k in rest[: module.paper_size - sum(take.values())]:
            take[k] += 1
    return [rng.sample(strata[k], take[k]) for k in keys]


def _shuffled(index: int, q: Question, rng: random.Random) -> PaperQuestion:
    order = list(range(len(q.choices)))
    rng.shuffle(order)
    return PaperQuestion(
        index=index,
        type=q.type,
        text=q.text,
        choices=tuple(q.choices[i] for i in order),
        order=tuple(order),
        answer=frozenset(k for k, i in enumerate(order) if i in q.answer),
        explanation=q.explanation,
        ref=q.ref,
        section=q.section,
    )
