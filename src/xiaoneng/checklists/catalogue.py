"""The set of loaded checklists: bundled files plus the data folder's, checked together."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from xiaoneng.checklists.loader import id_line, load_file
from xiaoneng.checklists.problems import Problem
from xiaoneng.model.checklist import (
    Checklist,
    CheckTemplate,
    LetterTemplate,
    StudyModule,
)
from xiaoneng.model.post_conditions import ConditionSet
from xiaoneng.model.post_files import MaterialList


@dataclass
class Catalogue:
    """Checklists by id, in load order; files with any problem are left out."""

    items: dict[str, Checklist] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)

    def get(self, id: str) -> Checklist | None:
        return self.items.get(id)

    def studies(self) -> list[StudyModule]:
        return [c for c in self.items.values() if isinstance(c, StudyModule)]

    def checks(self) -> list[CheckTemplate]:
        return [c for c in self.items.values() if isinstance(c, CheckTemplate)]

    def letters(self) -> list[LetterTemplate]:
        return [c for c in self.items.values() if isinstance(c, LetterTemplate)]

    def conditions(self) -> list[ConditionSet]:
        return [c for c in self.items.values() if isinstance(c, ConditionSet)]

    def materials(self) -> list[MaterialList]:
        return [c for c in self.items.values() if isinstance(c, MaterialList)]

    def add_file(self, path: Path) -> None:
        """Load one file; a duplicate id makes the later file the one with the problem."""
        self.files.append(path)
        checklist, problems = load_file(path)
        if checklist is not None and checklist.id in self.items:
            first = self.items[checklist.id]
            problems = [
                Problem(
                    str(path),
                    id_line(str(path)),
                    "id",
                    f"id “{checklist.id}” 与 {first.file} 重复（同一 id 只能用于一个文件）",
                )
            ]
            checklist = None
        self.problems.extend(problems)
        if checklist is not None:
            self.items[checklist.id] = checklist


def toml_files(folder: Path) -> list[Path]:
    """The folder's *.toml files by name, not recursive; hidden editor files skipped."""
    return sorted(p for p in folder.glob("*.toml") if p.is_file() and not p.name.startswith("."))


def load_catalogue(dirs: Sequence[Path]) -> Catalogue:
    """Every *.toml in each folder, in order; a folder that does not exist is skipped."""
    catalogue = Catalogue()
    for folder in dirs:
        folder = Path(folder)
        if not folder.exists():
            continue
        if not folder.is_dir():
            catalogue.problems.append(Problem(str(folder), None, "", "应为清单文件夹，实际是文件"))
            continue
        for path in toml_files(folder):
            catalogue.add_file(path)
    return catalogue


def check_paths(paths: Sequence[Path]) -> Catalogue:
    """Files and folders checked together, so duplicate ids across them are found too."""
    catalogue = Catalogue()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for file in toml_files(path):
                catalogue.add_file(file)
        elif path.exists():
            catalogue.add_file(path)
        else:
            catalogue.files.append(path)
            catalogue.problems.append(Problem(str(path), None, "", "找不到此文件或文件夹"))
    return catalogue


def validate_paths(paths: Sequence[Path]) -> tuple[list[Checklist], list[Problem]]:
    """The checklists that passed, and every problem found, for files and folders."""
    catalogue = check_paths(paths)
    return list(catalogue.items.values()), catalogue.problems
