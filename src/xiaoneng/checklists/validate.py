"""From a parsed TOML document to a Checklist: common fields, [source], and kind dispatch."""

from __future__ import annotations

from typing import Any

from xiaoneng.checklists import check, conditions, letter, materials, study
from xiaoneng.checklists.problems import Fields, Problem
from xiaoneng.model.checklist import KIND_LABELS, KINDS, Checklist, Source

COMMON_KEYS = ("id", "kind", "title", "version", "summary", "source")
SOURCE_KEYS = ("name", "issuer", "revised", "effective", "revision")
KIND_KEYS = {
    "study": study.KEYS,
    "check": check.KEYS,
    "commitment": letter.KEYS,
    "conditions": conditions.KEYS,
    "materials": materials.KEYS,
}
_BUILDERS = {
    "study": study.build_study,
    "check": check.build_check,
    "commitment": letter.build_letter,
    "conditions": conditions.build_conditions,
    "materials": materials.build_materials,
}
_KIND_NAMES = "、".join(f"“{k}”（{KIND_LABELS[k]}）" for k in KINDS[:-1]) + (
    f"或 “{KINDS[-1]}”（{KIND_LABELS[KINDS[-1]]}）"
)


def build(
    data: dict[str, Any], file: str, text: str, content_hash: str
) -> tuple[Checklist | None, list[Problem]]:
    """Check every field of one parsed file; the Checklist only when nothing is wrong."""
    f = Fields(file, text)
    kind = _kind(f, data)
    if kind is None:
        # Without a known kind, only keys that no kind uses are surely unknown.
        allowed = COMMON_KEYS + tuple(k for keys in KIND_KEYS.values() for k in keys)
    else:
        allowed = COMMON_KEYS + KIND_KEYS[kind]
    f.unknown_keys(data, "", allowed)
    common = {
        "id": f.identifier(data, "", "id"),
        "kind": kind,
        "title": f.text(data, "", "title"),
        "version": f.text(data, "", "version"),
        "summary": f.text(data, "", "summary", required=False) or "",
        "source": _source(f, data),
        "file": file,
        "content_hash": content_hash,
    }
    checklist = _BUILDERS[kind](f, data, common) if kind is not None else None
    if f.problems:
        # Reported in file order; problems without a line (missing keys) first.
        return None, sorted(f.problems, key=lambda p: p.line or 0)
    return checklist, []


def _kind(f: Fields, data: dict[str, Any]) -> str | None:
    if "kind" not in data:
        f.add("kind", f"缺少此字段（应为 {_KIND_NAMES}）")
        return None
    value = data["kind"]
    if not isinstance(value, str) or value not in KINDS:
        shown = f"“{value}”" if isinstance(value, str) else repr(value)
        f.add("kind", f"未知的类型 {shown}；应为 {_KIND_NAMES}")
        return None
    return value


def _source(f: Fields, data: dict[str, Any]) -> Source | None:
    table = f.table(data, "", "source")
    if table is None:
        return None
    f.unknown_keys(table, "source", SOURCE_KEYS)
    name = f.text(table, "source", "name")
    issuer = f.text(table, "source", "issuer")
    revised = f.date(table, "source", "revised")
    # Left out while the date a revision took effect is not confirmed: never guessed.
    effective = f.date(table, "source", "effective") if "effective" in table else ""
    revision = f.text(table, "source", "revision", required=False)
    if name is None or issuer is None or revised is None or effective is None:
        return None
    return Source(
        name=name, issuer=issuer, revised=revised, effective=effective, revision=revision or ""
    )
