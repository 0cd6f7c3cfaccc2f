"""A small TOML writer for what the importers produce (tomllib only reads).

Tables and arrays of tables become [headers] and [[headers]]; strings with
line breaks become multi-line strings; long lists of strings get one element
per line so office staff can edit them. Output always round-trips through tomllib.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}
_INLINE_WIDTH = 60


def dumps(doc: dict[str, Any], header: str = "") -> str:
    """The document as TOML text; `header` lines become comments at the top."""
    lines = [f"# {line}".rstrip() for line in header.splitlines()]
    if lines:
        lines.append("")
    _table(doc, [], lines)
    return "\n".join(lines).rstrip("\n") + "\n"


def key(name: str) -> str:
    return name if _BARE_KEY.fullmatch(name) else _basic(name)


def _is_table_array(value: object) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _table(table: dict[str, Any], prefix: list[str], lines: list[str]) -> None:
    subtables = []
    for name, value in table.items():
        if (isinstance(value, dict) and value) or _is_table_array(value):
            subtables.append((name, value))
        else:
            lines.append(f"{key(name)} = {value_text(value)}")
    for name, value in subtables:
        path = ".".join(key(p) for p in [*prefix, name])
        if isinstance(value, dict):
            if lines and lines[-1] != "":
                lines.append("")
            lines.append(f"[{path}]")
            _table(value, [*prefix, name], lines)
        else:
            for element in value:
                if lines and lines[-1] != "":
                    lines.append("")
                lines.append(f"[[{path}]]")
                _table(element, [*prefix, name], lines)


def value_text(value: object) -> str:
    """One TOML value (inline form)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return _multiline(value) if "\n" in value else _basic(value)
    if isinstance(value, dt.date | dt.time):  # datetime is a date
        return value.isoformat()
    if isinstance(value, list):
        return _array(value)
    if isinstance(value, dict):
        inner = ", ".join(f"{key(k)} = {value_text(v)}" for k, v in value.items())
        return f"{{ {inner} }}" if inner else "{}"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def _array(values: list[Any]) -> str:
    parts = [value_text(v) for v in values]
    flat = ", ".join(parts)
    if len(flat) <= _INLINE_WIDTH and "\n" not in flat:
        return f"[{flat}]"
    if any(len(p) > _INLINE_WIDTH // 2 or "\n" in p for p in parts):
        return "[\n" + "".join(f"  {p},\n" for p in parts) + "]"
    # Short elements (article numbers, modes): several to a line.
    lines, line = [], ""
    for part in parts:
        if line and len(line) + len(part) + 2 > _INLINE_WIDTH:
            lines.append(line)
            line = ""
        line += f"{part}, "
    lines.append(line)
    return "[\n" + "".join(f"  {text.rstrip()}\n" for text in lines) + "]"


def _escape(ch: str) -> str:
    if ch in _ESCAPES:
        return _ESCAPES[ch]
    if ord(ch) < 0x20 or ord(ch) == 0x7F:
        return f"\\u{ord(ch):04X}"
    if 0xD800 <= ord(ch) <= 0xDFFF:
        raise ValueError("lone surrogate cannot be written as TOML")
    return ch


def _basic(text: str) -> str:
    return '"' + "".join(_escape(ch) for ch in text) + '"'


def _multiline(text: str) -> str:
    # The newline after the opening quotes is dropped by TOML readers, so the
    # text keeps a leading line break if it had one; quotes are all escaped.
    body = "".join("\n" if ch == "\n" else _escape(ch) for ch in text)
    return '"""\n' + body + '"""'
