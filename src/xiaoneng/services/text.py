"""Cleaning text where it enters the program (forms, CLI options, files)."""

from __future__ import annotations

import re
import unicodedata

from xiaoneng.errors import UserError

# Control characters (Word/WPS pastes \x07 \x0b \x0c), XML-forbidden code
# points, and lone surrogates: none of them belongs in a record.
_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")
# Invisible characters (zero-width, soft hyphen, direction marks) make two
# names that look alike compare different: removed wherever text comes in.
_INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
_SPACES = re.compile(r"[ \t\r\n\u3000]+")
ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$")


def strip_bad(text: str) -> str:
    return _BAD.sub("", text)


def normalise(value: object) -> str:
    """Text as it is compared: NFKC (full-width digits, letters and spaces become
    ASCII), no control or invisible characters, no surrounding blanks."""
    text = "" if value is None else str(value)
    return unicodedata.normalize("NFKC", _INVISIBLE.sub("", strip_bad(text))).strip()


def name_key(value: object) -> str:
    """What two names must share to be the same unit: `市妇联（机关）` and
    `市妇联(机关) ` are one unit, whatever the width of brackets and spaces."""
    return _SPACES.sub("", normalise(value)).casefold()


def clean_field(value: object, label: str, *, max_len: int = 60, required: bool = True) -> str:
    """One line of text: bad characters removed, spaces collapsed, length checked."""
    text = "" if value is None else str(value)
    text = unicodedata.normalize("NFC", _INVISIBLE.sub("", strip_bad(text)))
    text = _SPACES.sub(" ", text).strip()
    if required and not text:
        raise UserError(f"{label}不能为空。")
    if len(text) > max_len:
        raise UserError(f"{label}过长（{len(text)} 个字符，最多 {max_len} 个）。")
    return text


def clean_note(value: object, label: str, *, max_len: int = 2000) -> str:
    """Free text (notes, reasons): keeps line breaks, drops bad characters."""
    text = "" if value is None else str(value)
    text = unicodedata.normalize("NFC", _INVISIBLE.sub("", strip_bad(text)))
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
