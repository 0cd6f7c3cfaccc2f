"""Validation and building of `kind = "conditions"` files: the hard conditions per level."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

from xiaoneng.checklists.problems import Fields
from xiaoneng.model.post_conditions import SHARE_RULES, ConditionSet, LevelConditions, TitleRule
from xiaoneng.model.posts import FIRST_YEAR, LEVELS, TITLE_KINDS

KEYS = ("year", "levels")
LEVEL_KEYS = (
    "level",
    "women_percent",
    "share_rule",
    "woman_leader",
    "min_members",
    "titles",
    "basis",
)
TITLE_KEYS = ("accept", "years", "basis")


def build_conditions(
    f: Fields, data: dict[str, Any], common: dict[str, Any]
) -> ConditionSet | None:
    year = f.integer(data, "", "year", minimum=FIRST_YEAR)
    levels: list[LevelConditions] = []
    seen: dict[str, str] = {}
    for n, table in enumerate(f.tables(data, "", "levels")):
        built = _level(f, table, f"levels[{n}]", seen)
        if built is not None:
            levels.append(built)
    if f.problems or year is None:
        return None
    return ConditionSet(**common, year=year, levels=tuple(levels))


def _level(
    f: Fields, table: dict[str, Any], path: str, seen: dict[str, str]
) -> LevelConditions | None:
    f.unknown_keys(table, path, LEVEL_KEYS)
    level = f.choice(table, path, "level", LEVELS)
    if level is not None:
        if level in seen:
            f.add(f"{path}.level", f"“{level}”的条件与 {seen[level]} 重复")
            level = None
        else:
            seen[level] = path
    women = _percent(f, table, path)
    rule = f.choice(table, path, "share_rule", tuple(SHARE_RULES))
    woman_leader = f.boolean(table, path, "woman_leader", default=False)
    min_members = f.integer(table, path, "min_members", minimum=0, default=0)
    basis = f.text(table, path, "basis")
    titles = [
        _title_rule(f, t, f"{path}.titles[{n}]")
        for n, t in enumerate(f.tables(table, path, "titles", required=False))
    ]
    if None in (level, women, rule, min_members, basis) or None in titles:
        return None
    assert level is not None and women is not None and rule is not None
    assert min_members is not None and basis is not None
    return LevelConditions(
        level=level,
        women_percent=women,
        share_rule=rule,
        woman_leader=woman_leader,
        min_members=min_members,
        titles=tuple(t for t in titles if t is not None),
        basis=basis,
    )


def _percent(f: Fields, table: dict[str, Any], path: str) -> Fraction | None:
    if "women_percent" not in table:
        f.add(f"{path}.women_percent", "缺少此字段（女性所占百分比，如 50 表示 50%）")
        return None
    value = f.number(table, path, "women_percent")
    if value is None:
        return None
    raw = table["women_percent"]
    if not (math.isfinite(value) and 1 < value <= 100):
        # 0.5 is most likely a share typed as a fraction: say so rather than read it as 0.5%.
        hint = "；百分比写成 50 表示 50%，不写 0.5" if 0 < value <= 1 else ""
        f.add(f"{path}.women_percent", f"应为大于 1、不超过 100 的百分数，实际为 {raw}{hint}")
        return None
    return Fraction(str(raw))


def _title_rule(f: Fields, table: dict[str, Any], path: str) -> TitleRule | None:
    f.unknown_keys(table, path, TITLE_KEYS)
    accept = f.texts(table, path, "accept")
    if accept is not None:
        names = "、".join(TITLE_KINDS)
        for n, kind in enumerate(accept):
            if kind not in TITLE_KINDS:
                f.add(f"{path}.accept[{n}]", f"应为 {names} 之一，实际为“{kind}”")
                accept = None
                break
    years = f.integer(table, path, "years", minimum=0)
    basis = f.text(table, path, "basis")
    if accept is None or years is None or basis is None:
        return None
    return TitleRule(accept=tuple(accept), years=years, basis=basis)
