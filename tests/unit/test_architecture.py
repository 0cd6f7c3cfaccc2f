"""Layering rules: the core never imports the UI; nothing runs at import time."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "xiaoneng"
CORE_PACKAGES = ["model", "checklists", "store", "export", "services"]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("package", CORE_PACKAGES)
def test_core_packages_do_not_import_the_ui(package):
    offenders = []
    for path in sorted((SRC / package).rglob("*.py")):
        for name in _imports(path):
            if name.split(".")[0] == "textual" or name.startswith("xiaoneng.tui"):
                offenders.append(f"{path.relative_to(SRC)} imports {name}")
    assert not offenders, offenders


def test_store_is_the_only_place_that_knows_tinydb():
    offenders = [
        str(p.relative_to(SRC))
        for p in SRC.rglob("*.py")
        if "store" not in p.relative_to(SRC).parts
        and any(n.split(".")[0] == "tinydb" for n in _imports(p))
    ]
    assert not offenders, offenders


def _base_name(node: ast.expr) -> str:
    """`BaseScreen` of `BaseScreen[None]`, `Screen` of `textual.screen.Screen`."""
    if isinstance(node, ast.Subscript):
        node = node.value
    if isinstance(node, ast.Attribute):
        return node.attr
    return getattr(node, "id", "")


def test_screens_live_one_per_file():
    checked = 0
    for path in [*(SRC / "tui" / "screens").glob("*.py"), *(SRC / "tui" / "dialogs").glob("*.py")]:
        tree = ast.parse(path.read_text("utf-8"))
        screens = [
            n.name
            for n in tree.body
            if isinstance(n, ast.ClassDef)
            and any(_base_name(b).endswith(("Screen", "Dialog")) for b in n.bases)
        ]
        checked += len(screens)
        assert len(screens) <= 1, f"{path.name} defines {screens}"
    assert checked >= 30  # the check sees the screens (a base class rename would hide them)


MAX_LINES = 400  # the house rule: modules of 50-400 lines whose names say what they hold


def test_no_source_file_is_longer_than_the_rule():
    too_long = {
        str(p.relative_to(SRC)): n
        for p in SRC.rglob("*.py")
        if (n := len(p.read_text("utf-8").splitlines())) > MAX_LINES
    }
    assert not too_long, f"over {MAX_LINES} lines: {too_long}"
