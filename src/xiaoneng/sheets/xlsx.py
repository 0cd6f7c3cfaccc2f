"""The first sheet of an .xlsx, streamed with expat and stopped at the limits.

Not openpyxl: even in read-only mode it loads the shared strings whole and
pads every row to its widest cell, so one crafted cell at column XFD, a
million shared strings or a million rows (PITFALLS: a 373 KB file took 65 s
and 1.3 GB) cost time and memory before any limit applies. Here every part's
unpacked size is checked first, and rows, cells, elements and characters are
counted while the XML streams past; the first limit stops the reading.
openpyxl only lends its knowledge of date formats.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import posixpath
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from xml.parsers import expat

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH, from_excel

from xiaoneng.sheets.limits import Limits

Start = Callable[[str, dict[str, str]], None]
End = Callable[[str], None]
Text = Callable[[str], None]


class Stop(Exception):
    """A limit or a broken part: `message` says which, `row` where (if known)."""

    def __init__(self, message: str, row: int | None = None):
        super().__init__(message)
        self.message = message
        self.row = row


class Formula(str):
    """A cell holding a formula (its text, with a leading =); never evaluated."""


@dataclass
class Grid:
    rows: dict[int, dict[int, object]] = field(default_factory=dict)  # row -> col -> value
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # r1, c1, r2, c2


_MAX_SMALL_PART = 16 * 1024 * 1024
_CJK_DATE_IDS = set(range(27, 37)) | set(range(50, 59))  # zh-CN Excel's own date formats
_REF = re.compile(r"^([A-Z]{1,3})(\d{1,7})$")


def _local(name: str) -> str:
    return name.rpartition("}")[2]


def column_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _parse(
    zf: zipfile.ZipFile,
    name: str,
    cap: int,
    start: Start,
    end: End | None = None,
    text: Text | None = None,
) -> None:
    """Stream one part through expat; handlers may raise Stop to end early."""
    try:
        info = zf.getinfo(name)
    except KeyError:
        raise Stop(f"缺少 {name}") from None
    if info.file_size > cap:
        raise Stop(
            f"{name} 解压后过大（{info.file_size / 2**20:.0f} MB，最多 {cap / 2**20:.0f} MB）"
        )
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True

    def no_dtd(*_args: object) -> None:
        raise Stop("含有 DTD 声明（.xlsx 不需要它）")

    parser.StartDoctypeDeclHandler = no_dtd
    parser.EntityDeclHandler = no_dtd
    parser.StartElementHandler = start
    if end is not None:
        parser.EndElementHandler = end
    if text is not None:
        parser.CharacterDataHandler = text
    try:
        with zf.open(info) as fh:
            while chunk := fh.read(1 << 16):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except expat.ExpatError as err:
        raise Stop(f"{name} 不是有效的 XML（{expat.ErrorString(err.code)}）") from None
    except (zipfile.BadZipFile, EOFError, OSError) as err:
        raise Stop(f"{name} 已损坏（{err}）") from None


def _attrs_local(attrs: dict[str, str]) -> dict[str, str]:
    return {_local(k): v for k, v in attrs.items()}


def _first_sheet(zf: zipfile.ZipFile) -> tuple[str, bool]:
    """Path of the first worksheet, and whether dates count from 1904."""
    book = "xl/workbook.xml"
    found: dict[str, str] = {}

    def rels_start(name: str, attrs: dict[str, str]) -> None:
        if _local(name) == "Relationship" and attrs.get("Type", "").endswith("/officeDocument"):
            found["book"] = attrs.get("Target", "").lstrip("/")

    if "_rels/.rels" in zf.namelist():
        _parse(zf, "_rels/.rels", _MAX_SMALL_PART, rels_start)
    book = found.get("book") or book
    sheet: dict[str, str] = {}

    def book_start(name: str, attrs: dict[str, str]) -> None:
        local, a = _local(name), _attrs_local(attrs)
        if local == "sheet" and "rid" not in sheet:
            sheet["rid"] = a.get("id", "")
        elif local == "workbookPr" and a.get("date1904") in ("1", "true"):
            sheet["1904"] = "1"

    _parse(zf, book, _MAX_SMALL_PART, book_start)
    if not sheet.get("rid"):
        raise Stop("工作簿中没有工作表")
    folder = posixpath.dirname(book)
    rels = posixpath.join(folder, "_rels", posixpath.basename(book) + ".rels")
    targets: dict[str, str] = {}

    def book_rels_start(name: str, attrs: dict[str, str]) -> None:
        if _local(name) == "Relationship":
            targets[attrs.get("Id", "")] = attrs.get("Target", "")

    _parse(zf, rels, _MAX_SMALL_PART, book_rels_start)
    target = targets.get(sheet["rid"])
    if not target:
        raise Stop("找不到第一个工作表")
    path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
    return posixpath.normpath(path), bool(sheet.get("1904"))


class _Strings:
    def __init__(self) -> None:
        self.in_t = False
        self.skip = 0
        self.parts: list[str] = []
        self.chars = 0


def _shared_strings(zf: zipfile.ZipFile, limits: Limits) -> list[str]:
    name = "xl/sharedStrings.xml"
    if name not in zf.namelist():
        return []
    strings: list[str] = []
    state = _Strings()

    def start(tag: str, _attrs: dict[str, str]) -> None:
        local = _local(tag)
        if local == "si":
            state.parts = []
        elif local == "rPh":  # phonetic guide: not part of the text
            state.skip += 1
        elif local == "t" and not state.skip:
            state.in_t = True

    def end(tag: str) -> None:
        local = _local(tag)
        if local == "t":
            state.in_t = False
        elif local == "rPh":
            state.skip -= 1
        elif local == "si":
            strings.append("".join(state.parts))
            if len(strings) > limits.max_cells:
                raise Stop(f"共享字符串过多（超过 {limits.max_cells} 个）")

    def text(data: str) -> None:
        if state.in_t:
            state.chars += len(data)
            if state.chars > limits.max_text_chars:
                raise Stop(f"文字总量过大（超过 {limits.max_text_chars} 个字符）")
            state.parts.append(data)

    _parse(zf, name, limits.max_part_bytes, start, end, text)
    return strings


def _date_styles(zf: zipfile.ZipFile) -> set[int]:
    """Indexes of cell styles whose number format shows a date."""
    name = "xl/styles.xml"
    if name not in zf.namelist():
        return set()
    formats: dict[int, str] = {}
    xfs: list[int] = []
    depth = {"cellXfs": 0}

    def start(tag: str, attrs: dict[str, str]) -> None:
        local = _local(tag)
        if local == "numFmt":
            with contextlib.suppress(ValueError):
                formats[int(attrs.get("numFmtId", ""))] = attrs.get("formatCode", "")
        elif local == "cellXfs":
            depth["cellXfs"] += 1
        elif local == "xf" and depth["cellXfs"]:
            try:
                xfs.append(int(attrs.get("numFmtId", "0")))
            except ValueError:
                xfs.append(0)
            if len(xfs) > 65_536:
                raise Stop("样式过多")

    def end(tag: str) -> None:
        if _local(tag) == "cellXfs":
            depth["cellXfs"] -= 1

    _parse(zf, name, _MAX_SMALL_PART, start, end)

    def is_date(fmt_id: int) -> bool:
        if fmt_id in _CJK_DATE_IDS:
            return True
        code = formats.get(fmt_id, BUILTIN_FORMATS.get(fmt_id, ""))
        return bool(code) and is_date_format(code)

    return {i for i, fmt_id in enumerate(xfs) if is_date(fmt_id)}


def read_grid(
    zf: zipfile.ZipFile, limits: Limits, on_row: Callable[[int], None] | None = None
) -> Grid:
    """The first sheet's non-empty cells, within `limits`."""
    if len(zf.infolist()) > 10_000:
        raise Stop("文件中的部件过多")
    sheet, is_1904 = _first_sheet(zf)
    strings = _shared_strings(zf, limits)
    dates = _date_styles(zf)
    epoch = MAC_EPOCH if is_1904 else WINDOWS_EPOCH
    grid = Grid()
    s = _SheetState()

    def start(tag: str, attrs: dict[str, str]) -> None:
        s.elements += 1
        if s.elements > limits.max_elements:
            raise Stop(f"内容过多（超过 {limits.max_elements} 个元素）", s.row)
        local = _local(tag)
        if local == "c":
            s.col = _cell_column(attrs.get("r"), s.col + 1)
            s.kind, s.style = attrs.get("t", "n"), attrs.get("s")
            s.value, s.formula, s.text = None, None, []
            s.cells += 1
            if s.cells > limits.max_cells:
                raise Stop(f"单元格过多（超过 {limits.max_cells} 个）", s.row)
        elif local == "row":
            try:
                s.row = int(attrs["r"]) if "r" in attrs else s.row + 1
            except ValueError:
                s.row += 1
            s.col = 0
            if s.row > limits.max_rows:
                raise Stop(f"行数过多（最多 {limits.max_rows} 行）", s.row)
            if on_row is not None:
                on_row(s.row)
        elif local in ("v", "t", "f"):
            s.collect = local
            s.text = []
        elif local == "rPh":
            s.skip += 1
        elif local == "mergeCell":
            s.merges += 1
            if s.merges > limits.max_merges:
                raise Stop(f"合并单元格过多（超过 {limits.max_merges} 处）")
            merge = _merge_range(attrs.get("ref", ""))
            if merge is not None:
                grid.merges.append(merge)

    def end(tag: str) -> None:
        local = _local(tag)
        if local in ("v", "t", "f") and s.collect == local:
            text = "".join(s.text)
            if local == "f":
                s.formula = text
            elif local == "t" and s.value is not None:
                s.value += text  # rich inline text in runs
            else:
                s.value = text
            s.collect = None
        elif local == "rPh":
            s.skip -= 1
        elif local == "c":
            value = _value(s, strings, dates, epoch)
            if value not in (None, "") and s.col <= limits.max_cols:
                grid.rows.setdefault(s.row, {})[s.col] = value

    def text(data: str) -> None:
        if s.collect and not s.skip:
            s.chars += len(data)
            if s.chars > limits.max_text_chars:
                raise Stop(f"文字总量过大（超过 {limits.max_text_chars} 个字符）", s.row)
            s.text.append(data)
            if sum(len(t) for t in s.text) > limits.max_cell_chars:
                raise Stop(
                    f"第 {_letters(s.col)} 列的单元格过长（超过 {limits.max_cell_chars} 个字符）",
                    s.row,
                )

    _parse(zf, sheet, limits.max_part_bytes, start, end, text)
    return grid


class _SheetState:
    def __init__(self) -> None:
        self.row = self.col = self.cells = self.elements = self.merges = 0
        self.chars = self.skip = 0
        self.kind = "n"
        self.style: str | None = None
        self.value: str | None = None
        self.formula: str | None = None
        self.collect: str | None = None
        self.text: list[str] = []


def _letters(col: int) -> str:
    out = ""
    while col > 0:
        col, rest = divmod(col - 1, 26)
        out = chr(65 + rest) + out
    return out or "?"


def _cell_column(ref: str | None, fallback: int) -> int:
    m = _REF.match(ref or "")
    return column_number(m.group(1)) if m else fallback


def _merge_range(ref: str) -> tuple[int, int, int, int] | None:
    try:
        first, _, last = ref.partition(":")
        a, b = _REF.match(first), _REF.match(last or first)
        if a is None or b is None:
            return None
        r1, c1 = int(a.group(2)), column_number(a.group(1))
        r2, c2 = int(b.group(2)), column_number(b.group(1))
    except ValueError:
        return None
    return min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)


def _value(s: _SheetState, strings: list[str], dates: set[int], epoch: Any) -> object:
    if s.formula is not None:
        return Formula("=" + s.formula)
    raw = s.value
    if raw is None:
        return None
    kind = s.kind
    if kind == "s":
        try:
            return strings[int(raw)]
        except (ValueError, IndexError):
            raise Stop(f"共享字符串编号无效（{raw[:20]}）", s.row) from None
    if kind in ("inlineStr", "str", "e"):
        return raw
    if kind == "b":
        return raw.strip() in ("1", "true")
    if kind == "d":
        try:
            return dt.datetime.fromisoformat(raw.strip())
        except ValueError:
            return raw
    text = raw.strip()
    try:
        number: int | float = int(text) if re.fullmatch(r"-?\d{1,18}", text) else float(text)
    except ValueError:
        return raw
    if s.style is not None and s.style.isdigit() and int(s.style) in dates:
        try:
            return from_excel(number, epoch)
        except (ValueError, OverflowError):
            return number
    return number
