"""The CLI's `--json` text: exactly `json.dumps(obj, ensure_ascii=False,
indent=2)`, written faster.

With `indent` the standard library leaves its C encoder for a pure-Python
one made of nested generators: `status --json` at 50,000 staff (2 MB, about
360,000 values) spent more time there than in working the figures out. This
walks the plain JSON values a command prints (dicts with str keys, lists,
tuples, str, int, float, bool, None) in one recursive function, strings
through the same C escaping; anything else (another key type, a subclass, a
non-finite float, a cycle) is handed to `json.dumps` whole, so the text and
the errors are always the standard library's (tests/unit/test_json_text.py).
"""

from __future__ import annotations

import json
import math
from json.encoder import encode_basestring  # the C version where there is one
from typing import Any

INDENT = "  "
_string = encode_basestring


class Other(Exception):
    """A value this writer leaves to json.dumps."""


def dumps_indented(obj: Any) -> str:
    """`json.dumps(obj, ensure_ascii=False, indent=2)`."""
    out: list[str] = []
    try:
        _value(obj, "\n", out)
    except (Other, RecursionError):
        return json.dumps(obj, ensure_ascii=False, indent=2)
    return "".join(out)


def write_value(v: Any, nl: str, out: list[str]) -> None:
    """Append the text of `v` as `dumps_indented` writes it inside a value
    whose line starts with `nl`; raises `Other` for what it leaves to json.dumps."""
    _value(v, nl, out)


def _scalar(v: Any) -> str:
    t = type(v)
    if t is str:
        return _string(v)
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if t is int:
        return int.__repr__(v)
    if t is float and math.isfinite(v):
        return float.__repr__(v)
    raise Other


def _value(v: Any, nl: str, out: list[str]) -> None:
    """Append the text of `v`, whose line starts with `nl` (newline + indent)."""
    t = type(v)
    if t is dict:
        if not v:
            out.append("{}")
            return
        inner = nl + INDENT
        sep = "{" + inner
        for key, item in v.items():
            if type(key) is not str:
                raise Other
            it = type(item)
            if it is str:
                out.append(f"{sep}{_string(key)}: {_string(item)}")
            elif it is int:
                out.append(f"{sep}{_string(key)}: {int.__repr__(item)}")
            elif it is dict or it is list or it is tuple:
                out.append(f"{sep}{_string(key)}: ")
                _value(item, inner, out)
            else:
                out.append(f"{sep}{_string(key)}: {_scalar(item)}")
            sep = "," + inner
        out.append(nl + "}")
    elif t is list or t is tuple:
        if not v:
            out.append("[]")
            return
        inner = nl + INDENT
        sep = "[" + inner
        for item in v:
            it = type(item)
            if it is str:
                out.append(sep + _string(item))
            elif it is dict or it is list or it is tuple:
                out.append(sep)
                _value(item, inner, out)
            else:
                out.append(sep + _scalar(item))
            sep = "," + inner
        out.append(nl + "]")
    else:
        out.append(_scalar(v))
