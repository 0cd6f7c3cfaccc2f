"""Office settings kept beside the data: `<data>/settings.toml`.

Only the [fonts] table is read for now (face names for the Word export, since
仿宋_GB2312 and 方正小标宋简体 are missing on many PCs):

    [fonts]
    title = "方正小标宋简体"
    body = "仿宋"

A missing file means the defaults; a file that does not parse, or a key that
is not a font setting, stops with a message naming the file and the key.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from xiaoneng.checklists.loader import MAX_DEPTH, too_deep
from xiaoneng.errors import OperationError, UserError
from xiaoneng.export.fonts import FontSettings, FontSettingsError

SETTINGS_FILE = "settings.toml"
MAX_BYTES = 1024 * 1024
FONTS = "fonts"
_LINE = re.compile(r"\(at line (\d+), column (\d+)\)")


def settings_path(root: str | Path) -> Path:
    return Path(root) / SETTINGS_FILE


def load_settings(root: str | Path) -> dict[str, Any]:
    """The parsed settings file, or {} when there is none."""
    path = settings_path(root)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as err:
        raise OperationError(f"无法读取设置文件 {path}：{err.strerror or err}。") from err
    if len(raw) > MAX_BYTES:
        raise UserError(f"设置文件 {path} 过大（超过 {MAX_BYTES // 1024} KB）。")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UserError(f"设置文件 {path} 不是 UTF-8 编码：请用 UTF-8 保存。") from None
    line = too_deep(text)
    if line is not None:
        raise UserError(f"设置文件 {path} 第 {line} 行括号嵌套过深（超过 {MAX_DEPTH} 层）。")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        where = _LINE.search(str(err))
        at = f"第 {where.group(1)} 行第 {where.group(2)} 列" if where else ""
        reason = _LINE.sub("", str(err)).strip()
        raise UserError(f"设置文件 {path} {at}格式有误（{reason}）。") from None


def fonts_from(settings: Mapping[str, Any], path: Path) -> FontSettings:
    table = settings.get(FONTS)
    if table is None:
        return FontSettings()
    if not isinstance(table, Mapping):
        raise UserError(f"设置文件 {path} 中的 {FONTS} 应为一个表（[{FONTS}]），请检查该键。")
    try:
        return FontSettings.from_mapping(table)
    except FontSettingsError as err:
        raise UserError(f"设置文件 {path} 的 [{FONTS}] 有误：{err}") from None


def load_fonts(root: str | Path) -> FontSettings:
    """Font names for exports from `<root>/settings.toml` (defaults when absent)."""
    return fonts_from(load_settings(root), settings_path(root))
