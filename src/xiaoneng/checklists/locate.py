"""Line numbers for field paths such as `groups[0].items[2].weight`.

tomllib reports no positions for values, so this module scans the raw text
once and records the line where each table, key and array element starts.
It is a tolerant scanner, not a parser: it assumes the text already parsed
(or at least mostly looks like TOML) and never raises; unknown paths give None.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_WS = " \t"


def join(parent: str, key: str) -> str:
    """Field path of `key` inside `parent`; keys that are not bare are quoted, as in TOML."""
    if not _BARE_KEY.fullmatch(key):
        key = json.dumps(key, ensure_ascii=False)
    return f"{parent}.{key}" if parent else key


class LineIndex:
    """Field path -> 1-based line, built from a TOML text."""

    def __init__(self, text: str):
        self._text = text
        self._n = len(text)
        self._newlines = [m.start() for m in re.finditer("\n", text)]
        self.lines: dict[str, int] = {}
        self._tables: dict[str, int] = {}  # array-of-tables path -> current index
        self._scan()

    def line(self, path: str) -> int | None:
        """Line of `path`, else of its nearest known ancestor; None when nothing fits."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = _parent(path)
        return None

    def exact(self, path: str) -> int | None:
        return self.lines.get(path)

    # ---- scanning --------------------------------------------------------

    def _line_at(self, offset: int) -> int:
        return bisect_left(self._newlines, offset) + 1

    def _record(self, path: str, offset: int) -> None:
        if path and path not in self.lines:
            self.lines[path] = self._line_at(offset)

    def _scan(self) -> None:
        table = ""
        i = 0
        while i < self._n:
            i = self._skip_blank(i, newlines=True)
            if i >= self._n:
                break
            start = i
            if self._text[i] == "[":
                table, i = self._header(i)
            else:
                i = self._key_value(i, table)
            i = self._to_line_end(i)
            if i <= start:  # never loop without progress
                i = start + 1

    def _header(self, i: int) -> tuple[str, int]:
        is_array = self._text.startswith("[[", i)
        start = i
        i += 2 if is_array else 1
        keys, i = self._keys(i)
        if not keys:
            return "", i
        path = ""
        for key in keys[:-1]:
            path = join(path, key)
            if path in self._tables:
                path += f"[{self._tables[path]}]"
        path = join(path, keys[-1])
        if is_array:
            index = self._tables.get(path, -1) + 1
            # A new element of a parent array starts its children's counts afresh.
            self._tables = {k: v for k, v in self._tables.items() if not k.startswith(f"{path}[")}
            self._tables[path] = index
            self._record(path, start)
            path += f"[{index}]"
        self._record(path, start)
        return path, i

    def _key_value(self, i: int, table: str) -> int:
        start = i
        keys, i = self._keys(i)
        if not keys:
            return i
        path = table
        for key in keys:
            path = join(path, key)
        i = self._skip_blank(i)
        if i < self._n and self._text[i] == "=":
            i = self._skip_blank(i + 1)
            self._record(path, start)
            return self._value(i, path)
        return i

    def _keys(self, i: int) -> tuple[list[str], int]:
        keys: list[str] = []
        while i < self._n:
            i = self._skip_blank(i)
            if i >= self._n:
                break
            ch = self._text[i]
            if ch in "\"'":
                end = self._text.find(ch, i + 1)
                if end < 0 or "\n" in self._text[i:end]:
                    return keys, self._to_line_end(i)
                keys.append(self._text[i + 1 : end])
                i = end + 1
            else:
                m = _BARE_KEY.match(self._text, i)
                if not m:
                    break
                keys.append(m.group())
                i = m.end()
            i = self._skip_blank(i)
            if i < self._n and self._text[i] == ".":
                i += 1
                continue
            break
        return keys, i

    def _value(self, i: int, path: str) -> int:
        text = self._text
        if i >= self._n:
            return i
        self._record(path, i)
        for quote in ('"""', "'''"):
            if text.startswith(quote, i):
                return self._multiline(i + 3, quote)
        ch = text[i]
        if ch in "\"'":
            j = i + 1
            while j < self._n and text[j] != ch and text[j] != "\n":
                j += 2 if ch == '"' and text[j] == "\\" else 1
            return min(j + 1, self._n)
        if ch == "[":
            return self._array(i + 1, path)
        if ch == "{":
            return self._inline_table(i + 1, path)
        j = i
        while j < self._n and text[j] not in ",]}\n#":
            j += 1
        return j

    def _multiline(self, i: int, quote: str) -> int:
        while i < self._n:
            if quote == '"""' and self._text[i] == "\\":
                i += 2
                continue
            if self._text.startswith(quote, i):
                i += 3
                while i < self._n and self._text[i] == quote[0]:
                    i += 1  # up to two quotes may end the content itself
                return i
            i += 1
        return i

    def _array(self, i: int, path: str) -> int:
        index = 0
        while i < self._n:
            i = self._skip_blank(i, newlines=True)
            if i >= self._n:
                break
            if self._text[i] == "]":
                return i + 1
            if self._text[i] == ",":
                i += 1
                continue
            before = i
            i = self._value(i, f"{path}[{index}]")
            index += 1
            if i <= before:
                return before + 1
        return i

    def _inline_table(self, i: int, path: str) -> int:
        while i < self._n:
            i = self._skip_blank(i, newlines=True)
            if i >= self._n:
                break
            if self._text[i] == "}":
                return i + 1
            if self._text[i] == ",":
                i += 1
                continue
            before = i
            i = self._key_value(i, path)
            if i <= before:
                return before + 1
        return i

    def _skip_blank(self, i: int, newlines: bool = False) -> int:
        text = self._text
        while i < self._n:
            ch = text[i]
            if ch in _WS or (newlines and ch in "\r\n"):
                i += 1
            elif newlines and ch == "#":
                i = self._to_line_end(i)
            else:
                break
        return i

    def _to_line_end(self, i: int) -> int:
        end = self._text.find("\n", i)
        return self._n if end < 0 else end + 1


def _parent(path: str) -> str:
    """`a.b[2].c` -> `a.b[2]` -> `a.b` -> `a` -> ``."""
    if path.endswith("]") and "[" in path:
        return path[: path.rindex("[")]
    dot = path.rfind(".")
    return path[:dot] if dot >= 0 else ""
