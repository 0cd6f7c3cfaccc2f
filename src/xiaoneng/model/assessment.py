"""Scores on a scored check template (jinguo-assessment): the post's self-assessment,
the assessors' scores, and the difference item by item.

A score sheet holds points per item id, each between 0 and the item's
`points`; an item left out has not been scored (it counts 0 in the total and
shows as 未评分, never as full marks). Both sheets are kept for a post; the
difference is the assessors' score minus the self-assessment, so a negative
number means the post rated itself higher than the assessors did.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from xiaoneng.model.checklist import CheckGroup, CheckItem, CheckTemplate

ROLES = {"self": "自评", "assessor": "考核评分"}


def fmt_points(value: float) -> str:
    """Points as a sheet prints them: 5, 4.5, 87.25 (no trailing zeros)."""
    return f"{round(value, 2):g}"


@dataclass(frozen=True)
class ScoreSheet:
    """One completed form: who scored which post, against which template version."""

    post: str  # post id
    role: str  # a key of ROLES
    template: dict[str, str]  # ChecklistRef.to_dict() of the template scored against
    scores: dict[str, float]  # item id -> points
    entered_by: str  # person id of the office clerk who typed it in
    entered_at: str  # ISO datetime
    scorer: str = ""  # who scored on paper: the post's leader, or the assessors' names
    notes: dict[str, str] = field(default_factory=dict)  # item id -> remark

    def to_dict(self) -> dict[str, Any]:
        return {
            "post": self.post,
            "role": self.role,
            "template": dict(self.template),
            "scores": dict(self.scores),
            "entered_by": self.entered_by,
            "entered_at": self.entered_at,
            "scorer": self.scorer,
            "notes": dict(self.notes),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ScoreSheet:
        return cls(
            post=str(d["post"]),
            role=str(d["role"]),
            template={str(k): str(v) for k, v in d["template"].items()},
            scores={str(k): float(v) for k, v in d.get("scores", {}).items()},
            entered_by=str(d.get("entered_by", "")),
            entered_at=str(d.get("entered_at", "")),
            scorer=str(d.get("scorer", "")),
            notes={str(k): str(v) for k, v in d.get("notes", {}).items()},
        )


def _items(template: CheckTemplate) -> list[tuple[CheckGroup, CheckItem]]:
    return [(g, i) for g in template.groups for i in g.items]


def parse_points(text: str, item: CheckItem) -> float:
    """Points typed for one item ("4.5", "４", " 5 分"); ValueError with a Chinese message."""
    cleaned = (
        text.strip().translate(str.maketrans("０１２３４５６７８９．", "0123456789.")).rstrip("分 ")
    )
    try:
        value = float(cleaned)
    except ValueError:
        raise ValueError(f"{item.id}：“{text.strip()}”不是分数，请填写数字") from None
    problem = _point_problem(item, value)
    if problem:
        raise ValueError(problem)
    return value


def _point_problem(item: CheckItem, value: float) -> str:
    most = item.points if item.points is not None else 0.0
    if not math.isfinite(value):
        return f"{item.id}：分数应为数字"
    if value < 0:
        return f"{item.id}：分数不能为负数，实际为 {fmt_points(value)}"
    if value > most:
        return f"{item.id}“{item.text}”满分 {fmt_points(most)} 分，填写了 {fmt_points(value)} 分"
    return ""


def score_problems(template: CheckTemplate, scores: Mapping[str, float]) -> list[str]:
    """Why a sheet cannot be kept (in Chinese); [] when every score fits its item."""
    if not template.scored:
        return [f"“{template.title}”不是计分检查表（没有 total），不能按分数评分"]
    out: list[str] = []
    for item_id, value in scores.items():
        item = template.item(item_id)
        if item is None:
            out.append(f"“{template.title}”中没有编号为 {item_id} 的考核项")
        else:
            problem = _point_problem(item, value)
            if problem:
                out.append(problem)
    return out


def sheet_total(template: CheckTemplate, scores: Mapping[str, float]) -> float:
    """The sheet's total; unscored items count 0."""
    return sum(scores.get(i.id, 0.0) for _g, i in _items(template))


def unscored(template: CheckTemplate, scores: Mapping[str, float]) -> list[CheckItem]:
    return [i for _g, i in _items(template) if i.id not in scores]


@dataclass(frozen=True)
class ItemComparison:
    group: str
    item: CheckItem
    self_score: float | None  # None: not scored on that sheet
    assessor_score: float | None

    @property
    def diff(self) -> float | None:
        """Assessors minus self; None unless both scored the item."""
        if self.self_score is None or self.assessor_score is None:
            return None
        return self.assessor_score - self.self_score


@dataclass(frozen=True)
class GroupComparison:
    title: str
    points: float  # the group's most points
    self_total: float | None
    assessor_total: float | None


@dataclass(frozen=True)
class Comparison:
    total: float  # the template's total
    items: tuple[ItemComparison, ...]
    groups: tuple[GroupComparison, ...]
    self_total: float | None  # None when there is no self-assessment yet
    assessor_total: float | None

    @property
    def diff(self) -> float | None:
        if self.self_total is None or self.assessor_total is None:
            return None
        return self.assessor_total - self.self_total

    def largest_gaps(self, n: int = 5) -> list[ItemComparison]:
        """The items where the two scores differ most, for the assessors' talk with the post."""
        scored = [c for c in self.items if c.diff]
        return sorted(scored, key=lambda c: -abs(c.diff or 0.0))[:n]


def compare(
    template: CheckTemplate,
    self_scores: Mapping[str, float] | None,
    assessor_scores: Mapping[str, float] | None,
) -> Comparison:
    """Self-assessment and assessors' scores side by side; either may be missing."""

    def got(scores: Mapping[str, float] | None, item: CheckItem) -> float | None:
        return None if scores is None else scores.get(item.id)

    def subtotal(scores: Mapping[str, float] | None, group: CheckGroup) -> float | None:
        return None if scores is None else sum(scores.get(i.id, 0.0) for i in group.items)

    items = tuple(
        ItemComparison(g.title, i, got(self_scores, i), got(assessor_scores, i))
        for g, i in _items(template)
    )
    groups = tuple(
        GroupComparison(
            g.title,
            g.points if g.points is not None else sum(i.points or 0.0 for i in g.items),
            subtotal(self_scores, g),
            subtotal(assessor_scores, g),
        )
        for g in template.groups
    )
    return Comparison(
        total=template.total or 0.0,
        items=items,
        groups=groups,
        self_total=None if self_scores is None else sheet_total(template, self_scores),
        assessor_total=None if assessor_scores is None else sheet_total(template, assessor_scores),
    )
