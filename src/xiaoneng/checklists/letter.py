"""Validation and building of `kind = "commitment"` files: signer, scope and letter text."""

from __future__ import annotations

import string
from typing import Any

from xiaoneng.checklists.problems import Fields
from xiaoneng.model.checklist import LETTER_FIELDS, LetterTemplate

KEYS = ("signer_role", "scope", "letter")
SIGNER_ROLES = ("staff", "unit_head", "leader", "admin")
SCOPES = ("unit", "person")
_FIELD_LIST = " ".join(f"{{{name}}}" for name in LETTER_FIELDS)


def build_letter(f: Fields, data: dict[str, Any], common: dict[str, Any]) -> LetterTemplate | None:
    signer_role = f.choice(data, "", "signer_role", SIGNER_ROLES)
    scope = f.choice(data, "", "scope", SCOPES)
    letter = f.table(data, "", "letter")
    parts: dict[str, Any] = {}
    if letter is not None:
        f.unknown_keys(letter, "letter", ("title", "preamble", "clauses", "term", "closing"))
        for key in ("title", "preamble", "term", "closing"):
            value = f.text(letter, "letter", key, required=key != "closing")
            if value is not None:
                placeholders(f, f"letter.{key}", value)
            parts[key] = value
        clauses = f.texts(letter, "letter", "clauses")
        for n, clause in enumerate(clauses or ()):
            placeholders(f, f"letter.clauses[{n}]", clause)
        parts["clauses"] = clauses
    if f.problems or signer_role is None or scope is None:
        return None
    return LetterTemplate(
        **common,
        letter_title=parts["title"],
        preamble=parts["preamble"],
        clauses=tuple(parts["clauses"]),
        term=parts["term"],
        closing=parts["closing"] or "",
        signer_role=signer_role,
        scope=scope,
    )


def placeholders(f: Fields, path: str, text: str) -> None:
    """Only the roster fields may appear in braces; no format specs or conversions."""
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        f.add(path, "花括号不成对；填充字段写成 {unit} 这样，如需显示花括号请写 {{ 或 }}")
        return
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        if name not in LETTER_FIELDS or spec or conversion:
            shown = "{" + name + (f"!{conversion}" if conversion else "")
            shown += (f":{spec}" if spec else "") + "}"
            f.add(path, f"未知的填充字段 “{shown}”；可用的字段：{_FIELD_LIST}")
