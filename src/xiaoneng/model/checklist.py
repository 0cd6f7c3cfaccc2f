"""Checklist domain objects: study modules, check templates, letter templates.

Loaded from TOML by `xiaoneng.checklists`; plain data with no I/O. A record
that is signed stores `ref()` of the checklist it used, so later edits to the
file never change what was signed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from xiaoneng.model.dates import cn_date

KINDS = ("study", "check", "commitment", "conditions", "materials")
KIND_LABELS = {
    "study": "学习模块",
    "check": "检查表",
    "commitment": "承诺书",
    "conditions": "申报条件",  # model.post_conditions.ConditionSet
    "materials": "档案材料",  # model.post_files.MaterialList
}
MODES = ("self", "peer", "lead")
MODE_LABELS = {"self": "自查", "peer": "互查", "lead": "巡查"}
UNCHECKED = "unchecked"
UNCHECKED_LABEL = "未检查"


@dataclass(frozen=True)
class Source:
    """The text a checklist follows, and which revision of it."""

    name: str
    issuer: str
    revised: str  # ISO date of the revision followed
    effective: str  # ISO date that revision took effect; "" while not confirmed
    revision: str = ""  # human label, e.g. "2021年修正"

    def label(self) -> str:
        rev = self.revision or f"{cn_date(self.revised)}修订"
        when = f"，{cn_date(self.effective)}起施行" if self.effective else ""
        return f"《{self.name}》（{rev}{when}）"


@dataclass(frozen=True)
class ChecklistRef:
    """What a record keeps of the checklist it was made with."""

    id: str
    version: str
    hash: str

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "version": self.version, "hash": self.hash}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ChecklistRef:
        return cls(d["id"], d["version"], d["hash"])


@dataclass(frozen=True)
class Checklist:
    id: str
    kind: str
    title: str
    version: str
    source: Source
    file: str  # where it was loaded from (for messages)
    content_hash: str  # sha256 of the canonical parsed content
    summary: str = ""

    def ref(self) -> ChecklistRef:
        return ChecklistRef(self.id, self.version, self.content_hash)

    def counts(self) -> dict[str, int]:
        """How many of each part it holds (sections, questions, items...), for listings."""
        return {}


# ---- study ---------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    title: str
    points: tuple[str, ...]
    refs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Question:
    type: str  # "single" | "multiple"
    text: str
    choices: tuple[str, ...]
    answer: frozenset[int]  # indexes into choices
    explanation: str
    ref: str
    section: int | None = None  # index of the section its ref cites; None when it names none

    def answer_letters(self) -> str:
        return "".join(chr(ord("A") + i) for i in sorted(self.answer))

    def is_correct(self, chosen: set[int] | frozenset[int]) -> bool:
        return frozenset(chosen) == self.answer


@dataclass(frozen=True)
class StudyModule(Checklist):
    sections: tuple[Section, ...] = ()
    questions: tuple[Question, ...] = ()
    pass_mark: int = 0  # correct answers needed to pass (out of paper_size)
    attempts: int = 3  # quiz attempts allowed
    draw: int | None = None  # questions drawn for each attempt; None: the whole bank

    @property
    def paper_size(self) -> int:
        return self.draw if self.draw is not None else len(self.questions)

    def quiz_size_label(self) -> str:
        """How many questions an attempt has: 共 25 题, or 从 44 题中抽 20 题 for a bank."""
        n = len(self.questions)
        return f"从 {n} 题中抽 {self.draw} 题" if self.draw is not None else f"共 {n} 题"

    def counts(self) -> dict[str, int]:
        return {"sections": len(self.sections), "questions": len(self.questions)}


# ---- check ---------------------------------------------------------------


@dataclass(frozen=True)
class ResultOption:
    code: str
    label: str
    score: float | None  # share of the item's weight; None: not counted (不适用)
    finding: bool  # choosing it opens a finding


@dataclass(frozen=True)
class CheckItem:
    id: str
    text: str
    basis: str
    weight: float = 1.0  # equals `points` on a scored template
    modes: tuple[str, ...] = MODES
    points: float | None = None  # most points the item can get, on a scored template


@dataclass(frozen=True)
class CheckGroup:
    title: str
    items: tuple[CheckItem, ...]
    points: float | None = None  # the group's subtotal as published (the items add up to it)


@dataclass(frozen=True)
class CheckTemplate(Checklist):
    groups: tuple[CheckGroup, ...] = ()
    results: tuple[ResultOption, ...] = ()
    modes: tuple[str, ...] = MODES
    total: float | None = None  # a scored template (总分): every item has points adding up to it
    # How 发起检查活动 starts with this list ([activity] in the file): who does
    # the self check ("person" / "unit") and which checks get a deadline.
    start_scope: str = "person"
    start_modes: tuple[str, ...] = ()  # () for all of `modes`

    @property
    def scored(self) -> bool:
        """Scored in points per item (e.g. jinguo-assessment), not a compliance round."""
        return self.total is not None

    def counts(self) -> dict[str, int]:
        return {"groups": len(self.groups), "items": sum(len(g.items) for g in self.groups)}

    def item(self, item_id: str) -> CheckItem | None:
        return next((i for g in self.groups for i in g.items if i.id == item_id), None)

    def items_for(self, mode: str) -> list[tuple[CheckGroup, CheckItem]]:
        return [(g, i) for g in self.groups for i in g.items if mode in i.modes]

    def result(self, code: str) -> ResultOption | None:
        return next((r for r in self.results if r.code == code), None)


# ---- commitment ----------------------------------------------------------

LETTER_FIELDS = ("unit", "signer", "position", "year", "date", "agency")


@dataclass(frozen=True)
class LetterTemplate(Checklist):
    letter_title: str = ""
    preamble: str = ""
    clauses: tuple[str, ...] = ()
    term: str = ""
    closing: str = ""
    signer_role: str = "unit_head"
    scope: str = "unit"  # "unit": one letter per unit; "person": one per person

    def counts(self) -> dict[str, int]:
        return {"clauses": len(self.clauses)}

    def fill(self, **values: str) -> FilledLetter:
        """The letter text with its placeholders filled from the roster."""
        missing = {k: f"{{{k}}}" for k in LETTER_FIELDS}
        vals = {**missing, **{k: str(v) for k, v in values.items()}}
        return FilledLetter(
            title=self.letter_title.format_map(vals),
            preamble=self.preamble.format_map(vals),
            clauses=tuple(c.format_map(vals) for c in self.clauses),
            term=self.term.format_map(vals),
            closing=self.closing.format_map(vals),
        )


@dataclass(frozen=True)
class FilledLetter:
    title: str
    preamble: str
    clauses: tuple[str, ...]
    term: str
    closing: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
