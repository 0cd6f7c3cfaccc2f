"""The file materials (档案材料) an applicant post keeps, and how complete a post's are.

The list is a `kind = "materials"` file in checklists/ (jinguo-files.toml);
the office ticks what it has seen for each post. Completeness counts the
required materials; optional ones are shown but never make a post incomplete.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from xiaoneng.model.checklist import Checklist


@dataclass(frozen=True)
class Material:
    id: str
    title: str
    category: str  # the 档案目录 groups materials by category, in file order
    required: bool
    basis: str
    hint: str = ""  # what it usually contains, for the office ticking it


@dataclass(frozen=True)
class MaterialList(Checklist):
    """A `kind = "materials"` file."""

    materials: tuple[Material, ...] = ()

    def counts(self) -> dict[str, int]:
        return {
            "materials": len(self.materials),
            "required": sum(m.required for m in self.materials),
        }

    def categories(self) -> list[tuple[str, list[Material]]]:
        """Materials grouped by category, categories in order of first appearance."""
        groups: dict[str, list[Material]] = {}
        for m in self.materials:
            groups.setdefault(m.category, []).append(m)
        return list(groups.items())

    def material(self, material_id: str) -> Material | None:
        return next((m for m in self.materials if m.id == material_id), None)


@dataclass(frozen=True)
class Completeness:
    required_done: int
    required_total: int
    optional_done: int
    optional_total: int
    missing: tuple[Material, ...]  # required materials not yet ticked, in list order
    unknown: tuple[str, ...]  # ticked ids the list no longer has (an older version's)

    @property
    def complete(self) -> bool:
        return not self.missing

    def label(self) -> str:
        """Short text for a table cell, e.g. "必备 7/9，可选 1/3"."""
        text = f"必备 {self.required_done}/{self.required_total}"
        if self.optional_total:
            text += f"，可选 {self.optional_done}/{self.optional_total}"
        return text

    def to_dict(self) -> dict[str, Any]:
        return {
            "required_done": self.required_done,
            "required_total": self.required_total,
            "optional_done": self.optional_done,
            "optional_total": self.optional_total,
            "missing": [m.id for m in self.missing],
            "unknown": list(self.unknown),
            "complete": self.complete,
        }


def completeness(materials: MaterialList, ticked: Iterable[str]) -> Completeness:
    """How far a post's files are complete, given the ids the office ticked."""
    have = set(ticked)
    known = {m.id for m in materials.materials}
    required = [m for m in materials.materials if m.required]
    optional = [m for m in materials.materials if not m.required]
    return Completeness(
        required_done=sum(m.id in have for m in required),
        required_total=len(required),
        optional_done=sum(m.id in have for m in optional),
        optional_total=len(optional),
        missing=tuple(m for m in required if m.id not in have),
        unknown=tuple(sorted(have - known)),
    )
