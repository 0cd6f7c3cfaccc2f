"""Font names used by the official layout, and how they are written into runs.

The official faces (仿宋_GB2312, 楷体_GB2312, 方正小标宋简体) are missing on many
PCs, so every name is configurable; the lead loads them from the settings file
with `FontSettings.from_mapping`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields

from docx.oxml.ns import qn
from lxml import etree

from xiaoneng.errors import UserError

# Substitutes Word may use when the primary face is missing (w:altName in the
# font table) - the GB2312 variants are absent from stock Windows 10/11.
_ALT_NAMES = {
    "仿宋_GB2312": "仿宋",
    "楷体_GB2312": "楷体",
    "方正小标宋简体": "宋体",
    "方正小标宋_GBK": "宋体",
    "小标宋": "宋体",
}
_THEME_ATTRS = tuple(qn(f"w:{a}") for a in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"))
_MAX_NAME_LEN = 31  # Word truncates longer face names (LOGFONT limit)


class FontSettingsError(UserError, ValueError):
    """A font setting is unknown or not a usable font name."""


@dataclass(frozen=True, slots=True)
class FontSettings:
    """Face names for each role in the document. Frozen: used as a cache key."""

    title: str = "方正小标宋简体"
    subtitle: str = "楷体_GB2312"
    body: str = "仿宋_GB2312"
    heading1: str = "黑体"
    heading2: str = "楷体_GB2312"
    heading3: str = "仿宋_GB2312"
    table: str = "仿宋_GB2312"
    table_header: str = "黑体"
    page_number: str = "宋体"

    def __post_init__(self) -> None:
        for f in fields(self):
            _check_name(f.name, getattr(self, f.name))

    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))

    @classmethod
    def from_mapping(cls, mapping: Mapping[str, object] | None) -> FontSettings:
        """Build from a settings mapping; keys left out keep their defaults."""
        if mapping is None:
            return cls()
        if not isinstance(mapping, Mapping):
            raise FontSettingsError(
                f"字体设置应为“键 = 字体名”的表，实际是 {type(mapping).__name__}"
            )
        known = cls.field_names()
        for key in mapping:
            if key not in known:
                raise FontSettingsError(
                    f"字体设置中有未知的键“{key}”；可用的键：{'、'.join(known)}"
                )
        return cls(**{str(k): v for k, v in mapping.items()})  # type: ignore[arg-type]

    def names(self) -> list[str]:
        """Distinct face names, in field order (for the font table)."""
        seen: dict[str, None] = {}
        for f in fields(self):
            seen.setdefault(getattr(self, f.name), None)
        return list(seen)


def _check_name(key: str, value: object) -> None:
    if not isinstance(value, str):
        raise FontSettingsError(f"字体设置“{key}”应为字体名称文字，实际是 {type(value).__name__}")
    name = value.strip()
    if not name:
        raise FontSettingsError(f"字体设置“{key}”不能为空")
    if name != value or len(name) > _MAX_NAME_LEN or not name.isprintable():
        raise FontSettingsError(
            f"字体设置“{key}”的值“{value!r}”不是有效的字体名称"
            f"（不能有首尾空格或控制字符，最长 {_MAX_NAME_LEN} 个字）"
        )


def alt_name(face: str) -> str | None:
    """A common substitute face for `face`, or None."""
    return _ALT_NAMES.get(face)


def strip_theme_fonts(root: etree._Element) -> int:
    """Remove theme font attributes anywhere under `root`; return how many."""
    removed = 0
    for rfonts in root.iter(qn("w:rFonts")):
        for attr in _THEME_ATTRS:
            if rfonts.attrib.pop(attr, None) is not None:
                removed += 1
    return removed
