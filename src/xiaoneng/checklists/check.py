"""Validation and building of `kind = "check"` files: modes, result scale, groups of items."""

from __future__ import annotations

import math
import re
from typing import Any

from xiaoneng.checklists import scoring
from xiaoneng.checklists.problems import Fields
from xiaoneng.model.checklist import (
    MODE_LABELS,
    MODES,
    UNCHECKED,
    UNCHECKED_LABEL,
    CheckGroup,
    CheckItem,
    CheckTemplate,
    ResultOption,
)

KEYS = ("modes", "results", "groups", "total", "activity")
SCOPES = ("person", "unit")
_CODE = re.compile(r"[a-z0-9][a-z0-9_-]*")
_ITEM_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def build_check(f: Fields, data: dict[str, Any], common: dict[str, Any]) -> CheckTemplate | None:
    modes = _modes(f, data, "", MODES)
    results = _results(f, data)
    groups = _groups(f, data, modes)
    total = scoring.check_points(f, data)
    start = _activity(f, data, modes)
    if f.problems or modes is None or start is None:
        return None
    return CheckTemplate(
        **common,
        groups=tuple(groups),
        results=tuple(results),
        modes=modes,
        total=total,
        start_scope=start[0],
        start_modes=start[1],
    )


def _activity(
    f: Fields, data: dict[str, Any], modes: tuple[str, ...] | None
) -> tuple[str, tuple[str, ...]] | None:
    """[activity]: how an activity with this list starts (optional)."""
    table = f.table(data, "", "activity", required=False)
    if table is None:
        return ("person", ())
    f.unknown_keys(table, "activity", ("self_scope", "modes"))
    scope = "person"
    if "self_scope" in table:
        scope = f.choice(table, "activity", "self_scope", SCOPES) or "person"
    start: tuple[str, ...] | None = ()
    if "modes" in table:
        start = _modes(f, table, "activity", modes or MODES)
    return None if start is None else (scope, start)


def _modes(
    f: Fields, table: dict[str, Any], path: str, allowed: tuple[str, ...]
) -> tuple[str, ...] | None:
    where = f"{path}.modes" if path else "modes"
    values = f.texts(table, path, "modes")
    if values is None:
        return None
    names = "、".join(f"“{m}”（{MODE_LABELS.get(m, m)}）" for m in allowed)
    for n, mode in enumerate(values):
        if mode not in allowed:
            scope = "文件的 modes" if allowed != MODES else ""
            f.add(f"{where}[{n}]", f"应为{scope} {names} 之一，实际为 “{mode}”")
            return None
        if values.index(mode) != n:
            f.add(f"{where}[{n}]", f"“{mode}” 重复")
            return None
    return tuple(values)


def _results(f: Fields, data: dict[str, Any]) -> list[ResultOption]:
    tables = f.tables(data, "", "results")
    out: list[ResultOption] = []
    codes: set[str] = set()
    labels: set[str] = set()
    for n, table in enumerate(tables):
        path = f"results[{n}]"
        f.unknown_keys(table, path, ("code", "label", "score", "finding"))
        code = f.text(table, path, "code")
        if code is not None:
            if code == UNCHECKED:
                f.add(f"{path}.code", f"“{UNCHECKED}” 是程序内置的“未检查”状态，不能在文件中定义")
            elif not _CODE.fullmatch(code):
                f.add(f"{path}.code", f"只能使用小写字母、数字、_ 和 -，实际为 “{code}”")
            elif code in codes:
                f.add(f"{path}.code", f"结果代码 “{code}” 重复")
            codes.add(code)
        label = f.text(table, path, "label")
        if label is not None:
            if label.strip() == UNCHECKED_LABEL:
                reserved = f"“{UNCHECKED_LABEL}” 是程序内置的默认状态，不能在文件中定义"
                f.add(f"{path}.label", reserved)
            elif label.strip() in labels:
                f.add(f"{path}.label", f"结果名称 “{label}” 重复")
            labels.add(label.strip())
        score = None
        if "score" in table:
            score = f.number(table, path, "score")
            if score is not None and not 0 <= score <= 1:
                f.add(f"{path}.score", f"应在 0 到 1 之间（得分比例），实际为 {table['score']}")
        finding = f.boolean(table, path, "finding", default=False)
        if code is not None and label is not None:
            out.append(ResultOption(code=code, label=label, score=score, finding=finding))
    if tables and not any(t.get("finding") is True for t in tables):
        f.add("results", "至少要有一个 finding = true 的结果（选中即登记问题、进入整改台账）")
    return out


def _groups(f: Fields, data: dict[str, Any], modes: tuple[str, ...] | None) -> list[CheckGroup]:
    groups: list[CheckGroup] = []
    ids: dict[str, str] = {}  # item id -> path where it was first used
    for g, table in enumerate(f.tables(data, "", "groups")):
        path = f"groups[{g}]"
        f.unknown_keys(table, path, ("title", "items", "points"))
        title = f.text(table, path, "title")
        points = scoring.positive(f, table, path, "points")
        items = []
        for i, item in enumerate(f.tables(table, path, "items")):
            built = _item(f, item, f"{path}.items[{i}]", f"{g + 1}.{i + 1}", modes, ids)
            if built is not None:
                items.append(built)
        if title is not None:
            groups.append(CheckGroup(title=title, items=tuple(items), points=points))
    return groups


def _item(
    f: Fields,
    table: dict[str, Any],
    path: str,
    default_id: str,
    modes: tuple[str, ...] | None,
    ids: dict[str, str],
) -> CheckItem | None:
    f.unknown_keys(table, path, ("id", "text", "basis", "weight", "modes", "points"))
    item_id: str | None = default_id
    if "id" in table:
        item_id = f.text(table, path, "id")
        if item_id is not None and not _ITEM_ID.fullmatch(item_id):
            f.add(f"{path}.id", f"只能使用字母、数字、. _ 和 -，实际为 “{item_id}”")
            item_id = None
    if item_id is not None:
        if item_id in ids:
            where = f"{path}.id" if "id" in table else path
            f.add(where, f"条目编号 “{item_id}” 与 {ids[item_id]} 重复")
            item_id = None
        else:
            ids[item_id] = path
    text = f.text(table, path, "text")
    basis = f.text(table, path, "basis")
    weight: float | None = 1.0
    if "weight" in table:
        weight = f.number(table, path, "weight")
        if weight is not None and not (math.isfinite(weight) and weight > 0):
            f.add(f"{path}.weight", f"应为大于 0 的数，实际为 {table['weight']}")
            weight = None
    points = scoring.item_points(f, table, path)
    if points is not None:
        weight = points
    item_modes = modes
    if "modes" in table:
        item_modes = _modes(f, table, path, modes or MODES)
    if item_id is None or text is None or basis is None or weight is None or item_modes is None:
        return None
    return CheckItem(
        id=item_id, text=text, basis=basis, weight=weight, modes=item_modes, points=points
    )
