"""Reading one checklist file: bytes -> text -> TOML -> validated Checklist, plus its hash."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import os
import re
import tomllib
from pathlib import Path
from typing import Any

from xiaoneng.checklists.locate import LineIndex
from xiaoneng.checklists.problems import Problem
from xiaoneng.checklists.validate import build
from xiaoneng.model.checklist import Checklist

MAX_BYTES = 4 * 1024 * 1024  # the bundled files are ~20 KB
MAX_DEPTH = 16  # nested [ and {; tomllib recurses per level (2,000 = RecursionError)
# Strings and comments (whose brackets do not nest), or one bracket.
_TOKENS = re.compile(
    r'#[^\n]*|"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'[\s\S]*?\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'|[\[\]{}]'
)


def too_deep(text: str, limit: int = MAX_DEPTH) -> int | None:
    """The line where brackets nest deeper than `limit`, or None."""
    depth = 0
    for m in _TOKENS.finditer(text):
        token = m.group()
        if token in "[{":
            depth += 1
            if depth > limit:
                return text.count("\n", 0, m.start()) + 1
        elif token in "]}":
            depth = max(depth - 1, 0)
    return None


_POSITION = re.compile(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)\s*$")

# tomllib's messages, in the words an office clerk can act on.
_SYNTAX_HINTS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(p), zh)
    for p, zh in [
        (
            r"^Invalid value$",
            '值无效：文字要用英文双引号括起来（如 title = "……"），'
            '日期写成 2021-06-10，列表写成 ["……", "……"]',
        ),
        (r"^Invalid statement$", "无法识别的语句：每行应为 字段 = 值、[表名] 或 [[表名]]"),
        (r"^Expected '=' after a key in a key/value pair$", "字段名后面应为 ="),
        (
            r"^Invalid initial character for a key part$",
            "字段名无效：字段名只能用英文字母、数字、_ 和 -",
        ),
        (r"^Cannot declare (.+) twice$", "表 {0} 重复定义"),
        (r"^Cannot overwrite a value$", "字段重复定义（同一个字段只能写一次）"),
        (r"^Cannot mutate immutable namespace (.+)$", "不能再向 {0} 中添加字段"),
        (r"^Cannot redefine namespace (.+)$", "{0} 重复定义"),
        (r"^Unclosed array$", "列表缺少结尾的 ] 或元素之间缺少英文逗号"),
        (r"^Unclosed inline table$", "行内表缺少结尾的 } 或字段之间缺少英文逗号"),
        (r"^Unterminated string$", "文字缺少结尾的英文双引号"),
        (r"^Illegal character (.+)$", "文字中有不允许的控制字符 {0}"),
        (r"^Invalid date or datetime$", "日期无效，应如 2021-06-10"),
        (
            r"^Expected newline or end of document after a statement$",
            "一行只能写一个字段，值的后面多了内容",
        ),
        (r"^Expected '\]' at the end of a table declaration$", "表名缺少结尾的 ]"),
        (r"^Expected '\]\]' at the end of an array declaration$", "表数组名缺少结尾的 ]]"),
        (r"^Duplicate inline table key (.+)$", "行内表中的字段 {0} 重复"),
        (r"^Unescaped '\\\\' in a string$", "文字中的反斜杠 \\ 要写成 \\\\"),
        (r"^Invalid hex value$", "无效的 \\u 转义"),
        (r"^Found invalid character (.+)$", "无效字符 {0}"),
    ]
]


def load_file(path: str | os.PathLike[str]) -> tuple[Checklist | None, list[Problem]]:
    """Load and validate one file; never raises for anything wrong with the file."""
    path = Path(path)
    file = str(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            return None, [Problem(file, None, "", f"文件过大（超过 {MAX_BYTES // 2**20} MB）")]
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, [Problem(file, None, "", "找不到此文件")]
    except IsADirectoryError:
        return None, [Problem(file, None, "", "这是文件夹，不是 .toml 文件")]
    except OSError as err:
        return None, [Problem(file, None, "", f"无法读取此文件（{err.strerror or err}）")]
    checklist, problems = _parsed(file, raw)
    return checklist, list(problems)


@functools.lru_cache(maxsize=64)
def _parsed(file: str, raw: bytes) -> tuple[Checklist | None, tuple[Problem, ...]]:
    """One file's bytes parsed once per process: every data folder opened (a
    test's, a second agency's) loads the same bundled files again, 0.1 s of
    TOML and validation for ten. Keyed by the bytes themselves, so an edited
    file is parsed again however its time stamps fall; checklists are frozen."""
    text, problem = decode(raw, file)
    if problem is not None:
        return None, (problem,)
    checklist, problems = load_text(text, file)
    return checklist, tuple(problems)


def load_text(text: str, file: str) -> tuple[Checklist | None, list[Problem]]:
    """Validate checklist text already in memory (importers check their output with it)."""
    line = too_deep(text)
    if line is not None:
        return None, [Problem(file, line, "", f"括号嵌套过深（超过 {MAX_DEPTH} 层），无法读取")]
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        return None, [syntax_problem(file, str(err), text)]
    except (RecursionError, MemoryError):  # what the depth check missed
        return None, [Problem(file, None, "", "内容嵌套过深或过大，无法读取")]
    return build(data, file, text, content_hash(data))


def decode(raw: bytes, file: str) -> tuple[str, Problem | None]:
    """UTF-8 text (a leading BOM, as Windows Notepad writes, is accepted)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        try:
            raw.decode("gbk")
            guess = "，看起来是 GBK/GB2312 编码"
        except UnicodeDecodeError:
            guess = ""
        message = f"文件不是 UTF-8 编码{guess}；请用 UTF-8 编码另存后再试（此行有无法识别的字节）"
        return "", Problem(file, line, "", message)


def syntax_problem(file: str, message: str, text: str) -> Problem:
    line, column = None, None
    m = _POSITION.search(message)
    if m:
        message = message[: m.start()]
        if m.group(1):
            line, column = int(m.group(1)), int(m.group(2))
        else:
            line = text.rstrip().count("\n") + 1  # the last line with content
    detail = f"无法解析（{message}）"
    for pattern, hint in _SYNTAX_HINTS:
        found = pattern.fullmatch(message)
        if found:
            detail = hint.format(*found.groups())
            break
    where = f"（第 {line} 行第 {column} 列）" if column else ""
    return Problem(file, line, "", f"TOML 格式错误：{detail}{where}")


def content_hash(data: dict[str, Any]) -> str:
    """sha256 of canonical JSON: edits to comments or layout do not change it."""
    canonical = json.dumps(
        data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_jsonable
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _jsonable(value: object) -> str:
    if isinstance(value, dt.date | dt.time):  # datetime is a date
        return value.isoformat()
    raise TypeError(f"unexpected TOML value {type(value).__name__}")


def id_line(file: str) -> int | None:
    """Line of the top-level `id` key, for duplicate-id messages."""
    try:
        text, problem = decode(Path(file).read_bytes(), file)
    except OSError:
        return None
    return None if problem else LineIndex(text).exact("id")
