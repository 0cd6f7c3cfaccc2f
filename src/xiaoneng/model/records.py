"""Records of what people did: sessions, sign-ins, quiz attempts and
completions, check activities and submitted checks, findings, letters.

Plain dataclasses with dict round-trips; the services decide where they are
stored and which of them are signed in the ledger.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar

from xiaoneng.model.dates import parse_date

T = TypeVar("T", bound="Record")


def _plain(value: Any) -> Any:
    """A copy of a JSON value (tuples kept as tuples, as `dataclasses.asdict`
    does) without asdict's generic deepcopy: a signed check holds hundreds of
    item results, and the demo and imports sign tens of thousands of records."""
    kind = type(value)
    if kind is dict:
        return {k: _plain(v) for k, v in value.items()}
    if kind is tuple or kind is list:
        return kind(_plain(v) for v in value)
    if isinstance(value, Record):
        return value.to_dict()
    return value


class Record:
    """Dict round-trip for dataclasses whose fields are JSON values or tuples."""

    _tuple_fields: ClassVar[tuple[str, ...]] = ()
    _names_cache: ClassVar[dict[type, tuple[str, ...]]] = {}

    @classmethod
    def _field_names(cls) -> tuple[str, ...]:
        names = Record._names_cache.get(cls)
        if names is None:
            fields = dataclasses.fields(cls)  # type: ignore[arg-type]  # every subclass is a dataclass
            names = Record._names_cache[cls] = tuple(f.name for f in fields)
        return names

    def to_dict(self) -> dict[str, Any]:
        return {name: _plain(getattr(self, name)) for name in self._field_names()}

    @classmethod
    def from_dict(cls: type[T], d: dict[str, Any]) -> T:
        names = cls._field_names()
        kw = {k: v for k, v in d.items() if k in names}
        for k in cls._tuple_fields:
            if k in kw and isinstance(kw[k], list):
                kw[k] = tuple(kw[k])
        return cls(**kw)


# ---- study ----------------------------------------------------------------

SIGNIN_KINDS = {
    "self": "本人签到",
    "late": "补签",
    "proxy": "代签",
    "leave": "请假",
    "absent": "缺席",
}


@dataclass(frozen=True)
class StudySession(Record):
    """A 集中学习 session the office organises."""

    id: str
    title: str
    module: str  # study checklist id
    start: str  # ISO datetime
    place: str
    host: str  # 主持人/主讲人 (free text: may be a guest speaker)
    attendees: tuple[str, ...]  # person ids who must attend
    created_by: str
    recorder: str = ""  # 记录人
    _tuple_fields: ClassVar = ("attendees",)

    @property
    def year(self) -> int:
        return int(self.start[:4])

    @property
    def day(self) -> dt.date:
        return dt.date.fromisoformat(self.start[:10])


@dataclass(frozen=True)
class SignIn(Record):
    session: str
    person: str
    kind: str  # a key of SIGNIN_KINDS
    time: str
    entered_by: str
    reason: str = ""

    @property
    def present(self) -> bool:
        return self.kind in ("self", "late", "proxy")


@dataclass(frozen=True)
class QuizAttempt(Record):
    id: str
    person: str
    module: dict[str, Any]  # ChecklistRef as dict
    number: int  # 1-based attempt number for this module version and year
    answers: tuple[Any, ...]  # list of lists of chosen indexes
    correct: int
    total: int
    passed: bool
    time: str
    # Set in place by an office reset before attempts were signed (old data);
    # a signed attempt is voided by a signed AttemptReset naming it instead.
    voided: bool = False
    # The paper shown (model.paper.Paper.to_dict()); `answers` are positions as
    # shown on it. None only in attempts stored before phase 12 without a draw.
    paper: dict[str, Any] | None = None
    kind: str = "quiz"  # a key of ATTEMPT_KINDS
    recorded_by: str = ""  # a paper result: who in the office entered it
    seq: int | None = None  # the ledger entry that signed it (None: an old unsigned attempt)
    _tuple_fields: ClassVar = ("answers",)

    @property
    def signed(self) -> bool:
        return self.seq is not None

    @property
    def marked(self) -> bool:
        """The answers are on record (a paper result may give the score only)."""
        return bool(self.answers)


ATTEMPT_KINDS = {"quiz": "终端测验", "paper": "纸质测验"}


@dataclass(frozen=True)
class AttemptReset(Record):
    """The office voids a person's failed attempts on a module version, with a reason."""

    person: str
    module: dict[str, Any]  # ChecklistRef as dict
    attempts: tuple[str, ...]  # the QuizAttempt ids no longer counted
    reason: str
    by: str  # who reset them (a person id, or cli:<account>)
    time: str
    _tuple_fields: ClassVar = ("attempts",)


@dataclass(frozen=True)
class Completion(Record):
    person: str
    module: dict[str, Any]  # ChecklistRef as dict
    attempt: str  # QuizAttempt id
    correct: int
    total: int
    attempts: int
    time: str
    kind: str = "quiz"  # how it was passed: a key of ATTEMPT_KINDS (paper: signed by the office)


# ---- checks ----------------------------------------------------------------

FINDING_STATES = {
    "open": "待整改",
    "in_progress": "整改中",
    "review": "待复查",
    "closed": "已销号",
}
CATEGORIES = ("一般", "重大")


@dataclass(frozen=True)
class Activity(Record):
    """A check round such as 2026年度“三查”活动."""

    id: str
    title: str
    template: str  # check checklist id
    year: int
    units: tuple[str, ...]  # unit ids taking part
    modes: tuple[str, ...]
    deadlines: dict[str, Any]  # mode -> ISO date
    leads: dict[str, Any]  # leader id -> list of unit ids to inspect
    created_by: str
    created: str
    # "person": everyone checks themselves; "unit": the unit head checks the
    # unit (a hazard check of premises is done once per unit, not per person).
    self_scope: str = "person"
    _tuple_fields: ClassVar = ("units", "modes")

    def deadline(self, mode: str) -> dt.date | None:
        return parse_date(self.deadlines.get(mode))


@dataclass(frozen=True)
class ItemResult(Record):
    item: str
    result: str  # result code, or "unchecked"
    note: str = ""


@dataclass(frozen=True)
class FindingDraft(Record):
    """The six fixes (六定) as typed on the check form."""

    item: str
    problem: str
    measure: str = ""
    money: str = ""
    responsible: str = ""  # person id
    deadline: str = ""  # ISO date
    reviewer: str = ""  # person id
    category: str = "一般"
    temp_measure: str = ""


@dataclass(frozen=True)
class CheckRecord(Record):
    """A submitted self check, peer check or lead inspection."""

    id: str
    activity: str
    mode: str
    checker: str
    target: str  # person id (self/peer) or unit id (lead)
    unit: str  # the unit checked
    template: dict[str, Any]  # ChecklistRef as dict
    results: tuple[Any, ...]  # ItemResult dicts
    findings: tuple[Any, ...]  # finding ids opened by this check
    score: float | None
    submitted: str
    _tuple_fields: ClassVar = ("results", "findings")


@dataclass(frozen=True)
class Finding(Record):
    """One line of the 问题整改台账, with its state."""

    id: str
    year: int
    unit: str
    activity: str
    check: str
    source: str  # self / peer / lead
    item: str
    item_text: str
    problem: str
    category: str
    measure: str
    money: str
    responsible: str
    deadline: str
    reviewer: str
    found_by: str
    found_at: str
    temp_measure: str = ""
    state: str = "open"
    progress: tuple[Any, ...] = ()  # dicts {time, by, text}
    reviewed_at: str = ""
    closed_at: str = ""
    # Names as they were when the finding was opened: lists show them without
    # reading the whole roster.
    responsible_name: str = ""
    reviewer_name: str = ""
    _tuple_fields: ClassVar = ("progress",)

    def overdue(self, today: dt.date) -> bool:
        due = parse_date(self.deadline)
        return self.state != "closed" and due is not None and today > due

    @property
    def state_label(self) -> str:
        return FINDING_STATES.get(self.state, self.state)


# ---- letters ---------------------------------------------------------------


@dataclass(frozen=True)
class Letter(Record):
    """A signed commitment letter, with the exact text that was signed."""

    id: str
    template: dict[str, Any]  # ChecklistRef as dict
    year: int
    unit: str
    signer: str
    title: str
    preamble: str
    clauses: tuple[str, ...]
    term: str
    closing: str
    signed_at: str
    _tuple_fields: ClassVar = ("clauses",)


@dataclass(slots=True)
class Progress:
    """Completion of one thing in one unit: done out of due (18,000 of them
    in a status report at 50,000 staff: slots, and nothing else to build)."""

    done: int = 0
    due: int = 0

    @property
    def ratio(self) -> float:
        return self.done / self.due if self.due else 1.0
