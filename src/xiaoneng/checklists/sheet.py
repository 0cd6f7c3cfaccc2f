"""A spreadsheet of check items (.xlsx or .csv) -> a check template in TOML.

Columns 分组, 检查项, 依据, 分值 in any order, found in the first rows; other
columns are ignored. A blank 分组 continues the group above (merged cells read
that way). Every bad row is reported and nothing is written.

Cell text is taken as written: a formula cell such as "=cmd|..." arrives as
its formula text and is never evaluated. It is not stripped either, because
a leading "-" or "+" is ordinary text in item lists, and what we write (TOML,
later Word documents) never evaluates formulas.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from pathlib import Path
from typing import Any

from xiaoneng import sheets
from xiaoneng.checklists import tomlwrite
from xiaoneng.checklists.importing import (
    ISSUER_PLACEHOLDER,
    ImportResult,
    check_id,
    check_source,
    decode_text,
    derive_id,
    output_path,
    read_bytes,
    verify,
    write_new,
)
from xiaoneng.checklists.problems import Problem
from xiaoneng.errors import UserError

GROUP, TEXT, BASIS, SCORE = COLUMNS = ("分组", "检查项", "依据", "分值")
DEFAULT_RESULTS = [
    {"code": "ok", "label": "符合", "score": 1.0},
    {"code": "partial", "label": "基本符合", "score": 0.5},
    {"code": "fail", "label": "不符合", "score": 0.0, "finding": True},
    {"code": "na", "label": "不适用"},
]
_HEADER_SEARCH_ROWS = 20  # title rows above the header are common in office sheets
_FULLWIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")

Row = tuple[int, list[Any]]  # (row number as the spreadsheet shows it, cell values)
SHEET_LIMITS = sheets.Limits(max_bytes=20 * 1024 * 1024, max_rows=20_000, max_cells=200_000)


def read_rows(path: Path) -> list[Row]:
    suffix = check_source(path, (".xlsx", ".csv"), "检查项表格")
    if suffix == ".xlsx":
        # Streamed with limits (a crafted sheet cannot take minutes or GBs);
        # formulas stay text and nothing is computed.
        return sheets.read_rows(path, SHEET_LIMITS, what="检查项表格")
    raw = read_bytes(path, "检查项表格")
    if len(raw) > SHEET_LIMITS.max_bytes:
        raise UserError(f"{path}：文件过大（超过 {SHEET_LIMITS.max_bytes // 2**20} MB）")
    return _csv_rows(decode_text(raw, path), path)


def _csv_rows(text: str, path: Path) -> list[Row]:
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = "\t" if "\t" in first and "," not in first else ","
    try:
        return [(n, r) for n, r in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), 1)]
    except csv.Error as err:
        raise UserError(f"无法读取 CSV 文件 {path}：{err}") from None


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return re.sub(r"\s+", " ", str(value)).strip()


def _header_name(value: object) -> str:
    # "分值（分）" or "检 查 项" still name their column.
    name = re.sub(r"\s+", "", cell_text(value))
    return re.split(r"[（(]", name, maxsplit=1)[0]


def find_header(rows: list[Row], path: Path) -> tuple[int, dict[str, int]]:
    """Index into rows of the header row, and column name -> cell index."""
    best: dict[str, int] = {}
    for index, (_n, cells) in enumerate(rows[:_HEADER_SEARCH_ROWS]):
        found: dict[str, int] = {}
        for col, value in enumerate(cells):
            name = _header_name(value)
            if name in COLUMNS and name not in found:
                found[name] = col
        if len(found) == len(COLUMNS):
            return index, found
        if len(found) > len(best):
            best = found
    missing = "、".join(c for c in COLUMNS if c not in best)
    raise UserError(
        f"{path} 的前 {_HEADER_SEARCH_ROWS} 行中没有找到表头：应有 分组、检查项、依据、分值 四列"
        f"（缺少 {missing}）"
    )


def parse_weight(value: object) -> float | None:
    """分值 as a positive finite number; None when it is not one. Blank means 1."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = cell_text(value).translate(_FULLWIDTH)
        if not text:
            return 1.0
        try:
            number = float(text)
        except ValueError:
            return None
    return number if math.isfinite(number) and number > 0 else None


def parse_items(
    rows: list[Row], path: Path
) -> tuple[dict[str, list[dict[str, Any]]], list[Problem]]:
    """Groups in order of first appearance, each with its item tables; and bad rows."""
    header, columns = find_header(rows, path)
    groups: dict[str, list[dict[str, Any]]] = {}
    problems: list[Problem] = []
    current = ""
    for number, cells in rows[header + 1 :]:

        def get(column: str, cells: list[Any] = cells) -> object:
            index = columns[column]
            return cells[index] if index < len(cells) else None

        group, text, basis = (cell_text(get(c)) for c in (GROUP, TEXT, BASIS))
        raw_weight = get(SCORE)
        if not any((group, text, basis, cell_text(raw_weight))):
            continue  # blank row
        if group:
            current = group
        if not any((text, basis, cell_text(raw_weight))):
            continue  # a row that only names the group of the rows below

        def bad(column: str, message: str, number: int = number) -> None:
            problems.append(Problem(str(path), number, column, message))

        if not current:
            bad(GROUP, "分组为空，且上方没有可沿用的分组")
        if not text:
            bad(TEXT, "检查项为空")
        if not basis:
            bad(BASIS, "依据为空（应写明检查依据，如“《条例》第十条”）")
        weight = parse_weight(raw_weight)
        if weight is None:
            bad(SCORE, f"分值应为大于 0 的数字，实际为 “{cell_text(raw_weight)}”")
        if current and text and basis and weight is not None:
            shown = int(weight) if weight.is_integer() else weight
            groups.setdefault(current, []).append({"text": text, "basis": basis, "weight": shown})
    return groups, problems


def check_document(
    groups: dict[str, list[dict[str, Any]]], checklist_id: str, title: str, today: dt.date
) -> dict[str, Any]:
    count = sum(len(items) for items in groups.values())
    return {
        "id": checklist_id,
        "kind": "check",
        "title": title,
        "version": "1",
        "summary": f"由表格导入的检查表：{len(groups)} 组，{count} 项。",
        "modes": ["self", "peer", "lead"],
        "source": {
            "name": "（请填写所依据的法规）",
            "issuer": ISSUER_PLACEHOLDER,
            "revised": today,
            "effective": today,
        },
        "results": DEFAULT_RESULTS,
        "groups": [{"title": name, "items": items} for name, items in groups.items()],
    }


class RowsRejected(UserError):
    """Some rows are bad; `problems` holds one line each, and nothing was written."""

    def __init__(self, path: Path, problems: list[Problem]):
        self.problems = problems
        super().__init__(f"{path} 中有 {len(problems)} 处问题，未写入任何文件")


def import_sheet(
    source: Path,
    out: str | Path | None = None,
    checklist_id: str | None = None,
    title: str | None = None,
    force: bool = False,
    today: dt.date | None = None,
) -> ImportResult:
    source = Path(source)
    target = output_path(source, out)
    checklist_id = check_id(checklist_id) if checklist_id else derive_id(source.stem, "check")
    title = (title or "").strip() or source.stem.strip() or checklist_id
    groups, problems = parse_items(read_rows(source), source)
    if problems:
        raise RowsRejected(source, problems)
    if not groups:
        raise UserError(f"{source} 中表头以下没有任何检查项")
    today = today or dt.date.today()
    header = (
        f"由 xiaoneng checklists import 从 {source.name} 生成（{today.isoformat()}）。\n"
        "请核对并修改：[source] 的 name（所依据的法规）、issuer（制定机关）、revised、effective；\n"
        "可为条目加上 id，用 modes 限定自查/互查/巡查。\n"
        f"修改后运行：xiaoneng checklists validate {target.name}"
    )
    text = tomlwrite.dumps(check_document(groups, checklist_id, title, today), header=header)
    verify(text, target)
    write_new(target, text, force)
    count = sum(len(items) for items in groups.values())
    return ImportResult(target, {"groups": len(groups), "items": count})
