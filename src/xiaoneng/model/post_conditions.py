"""The hard conditions for a 巾帼文明岗 application, as data, and the check of a post against them.

The numbers (women's share, members, years an earlier title has been held)
come from a `kind = "conditions"` file in checklists/, so a new year's notice
changes a file, not this code. The check never drops a post: it returns what
failed (or could not be checked) in Chinese, for the office to see.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from xiaoneng.model.checklist import Checklist
from xiaoneng.model.posts import Post

# How a share in the notice is read: "50%以上" includes 50% (以上 includes the
# number itself, 民法典第一千二百五十九条), "超过50%" does not.
SHARE_RULES = {"at_least": "以上（含本数）", "more_than": "超过（不含本数）"}


@dataclass(frozen=True)
class TitleRule:
    """One way to meet the earlier-title condition: any of `accept`, held `years` or more."""

    accept: tuple[str, ...]  # title kinds, e.g. ("区级", "市级系统")
    years: int  # 0: holding it is enough
    basis: str


@dataclass(frozen=True)
class LevelConditions:
    level: str  # 市级 / 省级 / 全国级
    women_percent: Fraction  # e.g. 50
    share_rule: str  # a key of SHARE_RULES
    woman_leader: bool  # a woman among the main leaders is required
    min_members: int  # 0: no minimum
    titles: tuple[TitleRule, ...]  # any one suffices; empty: no earlier title needed
    basis: str


@dataclass(frozen=True)
class ConditionSet(Checklist):
    """A `kind = "conditions"` file: the conditions per level from `year` on."""

    year: int = 0
    levels: tuple[LevelConditions, ...] = ()

    def counts(self) -> dict[str, int]:
        return {"levels": len(self.levels)}

    def for_level(self, level: str) -> LevelConditions | None:
        return next((c for c in self.levels if c.level == level), None)


@dataclass(frozen=True)
class ConditionResult:
    code: str  # "members", "women_share", "woman_leader", "titles", "level", "data"
    ok: bool
    message: str  # why it failed, or what was found when it passed
    unknown: bool = False  # the application lacks what the check needs

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "ok": self.ok, "message": self.message, "unknown": self.unknown}


def pick_conditions(sets: Iterable[ConditionSet], year: int) -> ConditionSet | None:
    """The set that applies to a programme year: the newest whose `year` is not later."""
    usable = [s for s in sets if s.year <= year]
    return max(usable, key=lambda s: (s.year, s.id)) if usable else None


def percent(value: Fraction) -> str:
    """50 -> "50%", 66.67 -> "66.7%" (one decimal at most, as notices write them)."""
    rounded = round(float(value), 1)
    return f"{rounded:g}%"


def check_conditions(post: Post, conditions: ConditionSet) -> list[ConditionResult]:
    """Every hard condition for the post's level, passed or not."""
    rules = conditions.for_level(post.level)
    if rules is None:
        message = f"条件文件“{conditions.title}”没有规定“{post.level}”的申报条件，无法核对"
        return [ConditionResult("level", False, message, unknown=True)]
    if post.members < 1 or not 0 <= post.women <= post.members:
        message = f"岗位人数 {post.members}、女性人数 {post.women} 不合理，无法核对女性比例"
        return [ConditionResult("data", False, message, unknown=True)]
    out: list[ConditionResult] = []
    if rules.min_members:
        ok = post.members >= rules.min_members
        out.append(
            ConditionResult(
                "members",
                ok,
                f"岗位 {post.members} 人"
                + ("" if ok else f"，应不少于 {rules.min_members} 人（{rules.basis}）"),
            )
        )
    out.append(_women_share(post, rules))
    if rules.woman_leader:
        out.append(_woman_leader(post, rules))
    if rules.titles:
        out.append(_titles(post, rules))
    return out


def failed_conditions(post: Post, conditions: ConditionSet) -> list[str]:
    """The reasons a post does not (or cannot be shown to) meet the conditions; [] when it does."""
    return [r.message for r in check_conditions(post, conditions) if not r.ok]


def _women_share(post: Post, rules: LevelConditions) -> ConditionResult:
    share = Fraction(post.women * 100, post.members)
    need = rules.women_percent
    ok = share >= need if rules.share_rule == "at_least" else share > need
    found = f"女性 {post.women} 人，占岗位 {post.members} 人的 {percent(share)}"
    if ok:
        return ConditionResult("women_share", True, found)
    wanted = (
        f"应不低于 {percent(need)}" if rules.share_rule == "at_least" else f"应超过 {percent(need)}"
    )
    return ConditionResult("women_share", False, f"{found}，{wanted}（{rules.basis}）")


def _woman_leader(post: Post, rules: LevelConditions) -> ConditionResult:
    if post.woman_leader is None:
        message = "申报材料未写明主要负责人中是否有女性，无法核对“至少一名主要负责人是女性”"
        return ConditionResult("woman_leader", False, message, unknown=True)
    if post.woman_leader:
        return ConditionResult("woman_leader", True, "主要负责人中有女性")
    return ConditionResult(
        "woman_leader", False, f"主要负责人中没有女性，应至少有一名女性（{rules.basis}）"
    )


def _titles(post: Post, rules: LevelConditions) -> ConditionResult:
    held = "、".join(t.label() for t in post.titles) if post.titles else "无"
    for rule in rules.titles:
        for title in post.titles:
            held_years = post.year - title.year
            if title.kind in rule.accept and held_years >= rule.years:
                since = f"，至{post.year}年已满{held_years}年" if rule.years else ""
                return ConditionResult("titles", True, f"已获{title.label()}称号{since}")
    wanted = "；或".join(_rule_text(rule, post.year) for rule in rules.titles)
    basis = "；".join(dict.fromkeys(rule.basis for rule in rules.titles))
    return ConditionResult(
        "titles", False, f"申报{post.level}应{wanted}；已获称号：{held}（{basis}）"
    )


def _rule_text(rule: TitleRule, year: int) -> str:
    kinds = "或".join(rule.accept)
    if rule.years == 0:
        return f"已获{kinds}称号"
    return f"已获{kinds}称号满{rule.years}年（{year - rule.years}年或更早获得）"
