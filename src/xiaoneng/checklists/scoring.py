"""Points on a `kind = "check"` file: `total`, item `points` and group `points`.

A scored template (an assessment sheet such as jinguo-assessment) gives each
item its most points and the file its total; groups may repeat the subtotal
their published sheet prints. The sums must agree, so a typo in a copied
sheet is found when the file is loaded, not when a score looks wrong.
Files without `total` and `points` are checked exactly as before.
"""

from __future__ import annotations

import math
from typing import Any

from xiaoneng.checklists.problems import Fields

_EPS = 1e-6


def _fmt(value: float) -> str:
    return f"{value:g}"


def positive(f: Fields, table: dict[str, Any], path: str, key: str) -> float | None:
    """A finite number above 0 under `key`, or None (with a problem if it is present but bad)."""
    if key not in table:
        return None
    value = f.number(table, path, key)
    if value is not None and not (math.isfinite(value) and value > 0):
        where = f"{path}.{key}" if path else key
        f.add(where, f"应为大于 0 的分数，实际为 {table[key]}")
        return None
    return value


def item_points(f: Fields, table: dict[str, Any], path: str) -> float | None:
    points = positive(f, table, path, "points")
    if points is not None and "weight" in table:
        f.add(f"{path}.weight", "写了 points（满分）的项不再写 weight：按分值计权")
    return points


def _valid(table: dict[str, Any], key: str) -> float | None:
    value = table.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) and number > 0 else None


def check_points(f: Fields, data: dict[str, Any]) -> float | None:
    """The file's total when the points agree; a problem for every sum that does not.

    Sums are taken from the file as written, so they are checked even when
    some other field of an item is wrong; a missing or bad `points` is
    reported on its own and leaves the sums unchecked.
    """
    total = positive(f, data, "", "total")
    raw = data.get("groups")
    declared: list[Any] = raw if isinstance(raw, list) else []
    groups = [(g, t) for g, t in enumerate(declared) if isinstance(t, dict)]
    items = {
        g: [(i, t) for i, t in enumerate(group.get("items", [])) if isinstance(t, dict)]
        if isinstance(group.get("items"), list)
        else []
        for g, group in groups
    }
    if "total" not in data:
        first = next(((g, i) for g, _ in groups for i, t in items[g] if "points" in t), None)
        if first is not None:
            where = f"groups[{first[0]}].items[{first[1]}].points"
            f.add(where, "写了 points 的检查表要在文件开头写 total（总分）")
        for g, group in groups:
            if "points" in group:
                f.add(f"groups[{g}].points", "写了 points 的检查表要在文件开头写 total（总分）")
        return None
    complete = True
    for g, _ in groups:
        for i, table in items[g]:
            if "points" not in table:
                where = f"groups[{g}].items[{i}]"
                f.add(where, "计分检查表（写了 total）的每一项都要写 points（满分）")
            if _valid(table, "points") is None:
                complete = False
    if not complete:
        return None
    for g, group in groups:
        subtotal = _valid(group, "points")
        got = sum(_valid(t, "points") or 0.0 for _, t in items[g])
        if subtotal is not None and abs(got - subtotal) > _EPS:
            f.add(
                f"groups[{g}].points",
                f"本组各项 points 合计 {_fmt(got)} 分，与本组 points = {_fmt(subtotal)} 不符",
            )
    got = sum(_valid(t, "points") or 0.0 for g, _ in groups for _, t in items[g])
    if total is not None and abs(got - total) > _EPS:
        f.add("total", f"各项 points 合计 {_fmt(got)} 分，与 total = {_fmt(total)} 不符")
        return None
    return total
