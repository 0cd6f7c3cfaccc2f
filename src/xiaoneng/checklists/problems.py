"""Problem (one mistake in a file, as shown to the user) and the typed readers that find them.

Every reader takes the table, the table's field path and a key; on a missing
or wrong value it records a Problem (with the line found by the locator) and
returns None, so one pass over a file reports every problem in it.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from xiaoneng.checklists.locate import LineIndex, join

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def one_line(text: str) -> str:
    """Values quoted from a file may hold line breaks; shown escaped, one problem stays one line."""
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], text)


@dataclass(frozen=True)
class Problem:
    """Where a file is wrong and what was expected there.

    `line` is 1-based and None when it cannot be known; `path` is the field path
    (for example `questions[3].answer`) or "" for the whole file.
    """

    file: str
    line: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        text = f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"
        return one_line(text)

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "path": self.path, "message": self.message}


ID_RE = re.compile(r"[a-z0-9][a-z0-9-]*")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def type_name(value: Any) -> str:
    """Chinese name of a TOML value's type, for 'expected X, got Y' messages."""
    if isinstance(value, bool):
        return "布尔值（true/false）"
    if isinstance(value, int):
        return "整数"
    if isinstance(value, float):
        return "小数"
    if isinstance(value, str):
        return "文字"
    if isinstance(value, list):
        return "列表"
    if isinstance(value, dict):
        return "表"
    if isinstance(value, dt.datetime):
        return "日期时间"
    if isinstance(value, dt.date):
        return "日期"
    if isinstance(value, dt.time):
        return "时间"
    return type(value).__name__


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


class Fields:
    """Problem collector for one file, with typed readers."""

    def __init__(self, file: str, text: str):
        self.file = file
        self._text = text
        self._index: LineIndex | None = None
        self.problems: list[Problem] = []

    @property
    def index(self) -> LineIndex:
        if self._index is None:  # built only when a problem needs a line
            self._index = LineIndex(self._text)
        return self._index

    def add(self, path: str, message: str) -> None:
        self.problems.append(Problem(self.file, self.index.line(path), path, message))

    # ---- structure -------------------------------------------------------

    def unknown_keys(self, table: dict[str, Any], path: str, allowed: Iterable[str]) -> None:
        allowed = list(allowed)
        for key in table:
            if key in allowed:
                continue
            close = difflib.get_close_matches(key, allowed, n=1)
            hint = f"，是否应为 {close[0]}？" if close else ""
            names = "、".join(allowed)
            self.add(join(path, key), f"未知字段 “{key}”{hint}（此处可用的字段：{names}）")

    def table(
        self, parent: dict[str, Any], path: str, key: str, required: bool = True
    ) -> dict[str, Any] | None:
        where = join(path, key)
        if key not in parent:
            if required:
                self.add(where, f"缺少 [{where}] 表")
            return None
        value = parent[key]
        if not isinstance(value, dict):
            self.add(where, f"应为表（如 [{where}]），实际为{type_name(value)}")
            return None
        return value

    def tables(
        self, parent: dict[str, Any], path: str, key: str, required: bool = True
    ) -> list[dict[str, Any]]:
        """An array of tables ([[key]]); empty and missing arrays are problems when required."""
        where = join(path, key)
        if key not in parent:
            if required:
                self.add(where, f"缺少 [[{where}]]，至少要有一项")
            return []
        value = parent[key]
        if not isinstance(value, list):
            self.add(where, f"应为表数组（[[{where}]]），实际为{type_name(value)}")
            return []
        if not value and required:
            self.add(where, "不能为空列表，至少要有一项")
        good = []
        for n, item in enumerate(value):
            if isinstance(item, dict):
                good.append(item)
            else:
                self.add(f"{where}[{n}]", f"应为表（[[{where}]]），实际为{type_name(item)}")
        return good if len(good) == len(value) else []

    # ---- scalars ---------------------------------------------------------

    def text(
        self, parent: dict[str, Any], path: str, key: str, required: bool = True
    ) -> str | None:
        where = join(path, key)
        if key not in parent:
            if required:
                self.add(where, "缺少此字段（应为文字，用英文双引号括起来）")
            return None
        value = parent[key]
        if not isinstance(value, str):
            hint = f'，如 {key} = "{value}"' if is_number(value) else ""
            self.add(where, f"应为文字（用英文双引号括起来），实际为{type_name(value)}{hint}")
            return None
        if not value.strip():
            self.add(where, "不能为空")
            return None
        return value

    def texts(
        self, parent: dict[str, Any], path: str, key: str, required: bool = True
    ) -> list[str] | None:
        """A non-empty list of non-empty strings."""
        where = join(path, key)
        if key not in parent:
            if required:
                self.add(where, '缺少此字段（应为文字列表，如 ["……", "……"]）')
            return None
        value = parent[key]
        if not isinstance(value, list):
            self.add(where, f'应为文字列表（如 ["……"]），实际为{type_name(value)}')
            return None
        if not value:
            self.add(where, "不能为空列表，至少要有一项")
            return None
        ok = True
        for n, item in enumerate(value):
            if not isinstance(item, str):
                self.add(f"{where}[{n}]", f"应为文字，实际为{type_name(item)}")
                ok = False
            elif not item.strip():
                self.add(f"{where}[{n}]", "不能为空")
                ok = False
        return list(value) if ok else None

    def choice(
        self,
        parent: dict[str, Any],
        path: str,
        key: str,
        options: Iterable[str],
        required: bool = True,
    ) -> str | None:
        options = list(options)
        names = "、".join(f"“{o}”" for o in options)
        if key not in parent:
            if required:
                self.add(join(path, key), f"缺少此字段（应为 {names} 之一）")
            return None
        value = self.text(parent, path, key, required)
        if value is None:
            return None
        if value not in options:
            self.add(join(path, key), f"应为 {names} 之一，实际为 “{value}”")
            return None
        return value

    def integer(
        self, parent: dict[str, Any], path: str, key: str, minimum: int, default: int | None = None
    ) -> int | None:
        where = join(path, key)
        if key not in parent:
            if default is None:
                self.add(where, f"缺少此字段（应为不小于 {minimum} 的整数）")
            return default
        value = parent[key]
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(where, f"应为整数（不加引号），实际为{type_name(value)}")
            return None
        if value < minimum:
            self.add(where, f"应不小于 {minimum}，实际为 {value}")
            return None
        return value

    def number(self, parent: dict[str, Any], path: str, key: str) -> float | None:
        """A present int or float (not a bool); the caller checks the range."""
        value = parent[key]
        if not is_number(value):
            self.add(join(path, key), f"应为数字（不加引号），实际为{type_name(value)}")
            return None
        return float(value)

    def boolean(self, parent: dict[str, Any], path: str, key: str, default: bool) -> bool:
        if key not in parent:
            return default
        value = parent[key]
        if not isinstance(value, bool):
            self.add(join(path, key), f"应为 true 或 false（不加引号），实际为{type_name(value)}")
            return default
        return value

    def date(self, parent: dict[str, Any], path: str, key: str) -> str | None:
        """A TOML date or a "YYYY-MM-DD" string, returned as an ISO string."""
        where = join(path, key)
        if key not in parent:
            self.add(where, "缺少此字段（应为日期，如 2021-06-10）")
            return None
        value = parent[key]
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date | str):
            self.add(where, f"应为日期（如 2021-06-10，不含时间），实际为{type_name(value)}")
            return None
        if isinstance(value, dt.date):
            return value.isoformat()
        if _ISO_DATE.fullmatch(value.strip()):
            try:
                return dt.date.fromisoformat(value.strip()).isoformat()
            except ValueError:
                pass
        self.add(where, f"应为日期，如 2021-06-10，实际为 “{value}”")
        return None

    def identifier(
        self, parent: dict[str, Any], path: str, key: str, required: bool = True
    ) -> str | None:
        value = self.text(parent, path, key, required)
        if value is None:
            return None
        if not ID_RE.fullmatch(value):
            self.add(
                join(path, key),
                f"只能使用小写字母、数字和 -，且以字母或数字开头，如 fj-efficiency-2024；"
                f"实际为 “{value}”",
            )
            return None
        return value
