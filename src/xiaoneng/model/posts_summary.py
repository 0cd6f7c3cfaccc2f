"""The year's 巾帼文明岗 figures for `status` and the annual report:
applicants per level and state, flagged posts, training attendance and
completion, assessment results and file completeness."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from xiaoneng.model.post_states import STATES
from xiaoneng.model.posts import LEVELS


@dataclass(frozen=True)
class ClassSummary:
    id: str
    title: str
    start: str  # ISO date
    end: str
    participants: int
    courses: int
    compulsory: int
    present: int  # (participant, course) pairs attended, by 签到 or 补签
    late: int  # of which 补签
    leave: int  # 请假 in force
    completed: int  # participants who attended every compulsory course

    @property
    def due(self) -> int:
        return self.participants * self.courses

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "start": self.start,
            "end": self.end,
            "participants": self.participants,
            "courses": self.courses,
            "compulsory": self.compulsory,
            "attendance": {"done": self.present, "due": self.due},
            "late": self.late,
            "leave": self.leave,
            "completed": self.completed,
        }


@dataclass(frozen=True)
class Assessment:
    """Score sheets of the year's posts (totals out of the template's `total`)."""

    total: float  # the sheet's most points
    self_scored: int = 0
    assessed: int = 0  # posts with the assessors' sheet
    self_mean: float | None = None
    assessor_mean: float | None = None
    diff_mean: float | None = None  # assessors minus self, over posts with both

    def to_dict(self) -> dict[str, Any]:
        def r(v: float | None) -> float | None:
            return None if v is None else round(v, 2)

        return {
            "total": self.total,
            "self_scored": self.self_scored,
            "assessed": self.assessed,
            "self_mean": r(self.self_mean),
            "assessor_mean": r(self.assessor_mean),
            "diff_mean": r(self.diff_mean),
        }


@dataclass(frozen=True)
class ProgrammeSummary:
    year: int
    # level -> state -> number of posts, every level and state present (zeros too)
    levels: dict[str, dict[str, int]] = field(default_factory=dict)
    flagged: dict[str, int] = field(default_factory=dict)  # level -> posts failing a condition
    files_complete: int = 0  # posts whose required materials are all ticked
    classes: tuple[ClassSummary, ...] = ()
    assessment: Assessment | None = None

    @property
    def posts(self) -> int:
        return sum(sum(states.values()) for states in self.levels.values())

    def per_level(self) -> dict[str, int]:
        return {lv: sum(states.values()) for lv, states in self.levels.items()}

    def per_state(self) -> dict[str, int]:
        out = dict.fromkeys(STATES, 0)
        for states in self.levels.values():
            for state, n in states.items():
                out[state] = out.get(state, 0) + n
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "posts": self.posts,
            "levels": {lv: dict(states) for lv, states in self.levels.items()},
            "flagged": dict(self.flagged),
            "files_complete": self.files_complete,
            "classes": [c.to_dict() for c in self.classes],
            "assessment": self.assessment.to_dict() if self.assessment else None,
        }


def empty_levels() -> dict[str, dict[str, int]]:
    return {lv: dict.fromkeys(STATES, 0) for lv in LEVELS}
