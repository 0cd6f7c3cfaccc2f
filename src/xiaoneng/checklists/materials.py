"""Validation and building of `kind = "materials"` files: the file materials a post keeps."""

from __future__ import annotations

import re
from typing import Any

from xiaoneng.checklists.problems import Fields
from xiaoneng.model.post_files import Material, MaterialList

KEYS = ("materials",)
MATERIAL_KEYS = ("id", "title", "category", "required", "basis", "hint")
_ID = re.compile(r"[a-z0-9][a-z0-9_-]*")


def build_materials(f: Fields, data: dict[str, Any], common: dict[str, Any]) -> MaterialList | None:
    materials: list[Material] = []
    ids: dict[str, str] = {}
    tables = f.tables(data, "", "materials")
    for n, table in enumerate(tables):
        built = _material(f, table, f"materials[{n}]", ids)
        if built is not None:
            materials.append(built)
    if tables and not any(t.get("required") is True for t in tables):
        f.add("materials", "至少要有一项 required = true 的必备材料")
    if f.problems:
        return None
    return MaterialList(**common, materials=tuple(materials))


def _material(f: Fields, table: dict[str, Any], path: str, ids: dict[str, str]) -> Material | None:
    f.unknown_keys(table, path, MATERIAL_KEYS)
    material_id = f.text(table, path, "id")
    if material_id is not None:
        if not _ID.fullmatch(material_id):
            f.add(f"{path}.id", f"只能使用小写字母、数字、_ 和 -，实际为“{material_id}”")
            material_id = None
        elif material_id in ids:
            f.add(f"{path}.id", f"材料编号“{material_id}”与 {ids[material_id]} 重复")
            material_id = None
        else:
            ids[material_id] = path
    title = f.text(table, path, "title")
    category = f.text(table, path, "category")
    if "required" not in table:
        f.add(f"{path}.required", "缺少此字段（true 必备，false 可选）")
    required = f.boolean(table, path, "required", default=False)
    basis = f.text(table, path, "basis")
    hint = f.text(table, path, "hint", required=False) or ""
    if material_id is None or title is None or category is None or basis is None:
        return None
    return Material(material_id, title, category, required, basis, hint)
