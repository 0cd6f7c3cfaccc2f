"""Cleaning text where it enters the program (forms, CLI options, files)."""

from __future__ import annotations

import re
import unicodedata

from xiaoneng.errors import UserError
from xiaoneng.model.text import INVISIBLE, SPACES, name_key, normalise, strip_bad

__all__ = ["ID_RE", "clean_field", "clean_id", "clean_note", "name_key", "normalise", "strip_bad"]

ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$")


def clean_field(value: object, label: str, *, max_len: int = 60, required: bool = True) -> str:
    """One line of text: bad characters removed, spaces collapsed, length checked."""
    text = "" if value is None else str(value)
    text = unicodedata.normalize("NFC", INVISIBLE.sub("", strip_bad(text)))
    text = SPACES.sub(" ", text).strip()
    if required and not text:
        raise UserError(f"{label}不能为空。")
    if len(text) > max_len:
        raise UserError(f"{label}过长（{len(text)} 个字符，最多 {max_len} 个）。")
    return text


def clean_note(value: object, label: str, *, max_len: int = 2000) -> str:
    """Free text (notes, reasons): keeps line breaks, drops bad characters."""
    text = "" if value is None else str(value)
    text = unicodedata.normalize("NFC", INVISIBLE.sub("", strip_bad(text)))
    text = text.replace("\r\n", "\n").strip()
    if len(text) > max_len:
        raise UserError(f"{label}过长（{len(text)} 个字符，最多 {max_len} 个）。")
    return text


def clean_id(value: object, label: str = "工号") -> str:
    """An id as typed or read from a file: `１００６` and `1006\u200b` are 1006."""
    text = normalise(value)
    if not text:
        raise UserError(f"{label}不能为空。")
    if not ID_RE.match(text):
        raise UserError(
            f"{label}“{text[:40]}”无效：只能包含字母、数字、点、下划线和减号，最长 32 位。"
        )
    return text
