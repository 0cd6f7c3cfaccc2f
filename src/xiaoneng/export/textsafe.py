"""Make untrusted text safe for Word XML and for file names.

Text reaches the exporters from the roster, checklists and whatever people
paste from Word/WPS; names become file names on Windows and Linux alike.
Nothing here raises on odd input: text is cleaned, names are rewritten.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from xiaoneng.errors import OperationError

# Characters XML 1.0 forbids (python-docx raises ValueError on them), C1 controls
# (legal XML, but never printable content) and lone surrogates (UnicodeEncodeError).
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
# Word's manual line break (\x0b) and page break (\x0c) in pasted text mean "new
# line"; dropping them would glue two lines together.
_WORD_BREAKS = re.compile("[\x0b\x0c]")

_WINDOWS_FORBIDDEN = set('<>:"/\\|?*')
_WINDOWS_RESERVED = frozenset(
    ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"]
    + [f"{p}{d}" for p in ("COM", "LPT") for d in "0123456789¹²³"]
)
DEFAULT_STEM = "未命名"
DEFAULT_MAX_BYTES = 150
_MIN_STEM_BYTES = 12  # room for at least a few Chinese characters


class UnsafePathError(OperationError, ValueError):
    """An output path would leave the export folder."""


def clean_text(value: object) -> str:
    """Return `value` as text that python-docx and Word always accept.

    None becomes "", other objects go through str(). Forbidden characters are
    removed; \\x0b/\\x0c become "\\n"; CRLF and lone CR become "\\n". Bidi marks
    and emoji are kept: the record shows what was entered.
    """
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    if text.isascii() and text.isprintable():
        return text  # fast path: the common case needs no regex work
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _WORD_BREAKS.sub("\n", text)
    return _XML_FORBIDDEN.sub("", text)


def _filename_char(ch: str) -> str:
    """Map one character of a file name part: keep, replace with '_' or drop."""
    if ch in _WINDOWS_FORBIDDEN:
        return "_"
    cat = unicodedata.category(ch)
    if cat in ("Cc", "Zl", "Zp") or ch.isspace():
        return " "
    if cat in ("Cs", "Cf", "Cn"):
        # Surrogates, invisible format characters (bidi overrides can disguise
        # an extension), unassigned code points: never useful in a name.
        return ""
    return ch


def _clean_part(part: object) -> str:
    text = unicodedata.normalize("NFC", clean_text(part))
    text = "".join(_filename_char(ch) for ch in text)
    text = re.sub(r" {2,}", " ", text)
    return text.strip(" .")


def _truncate_utf8(text: str, max_bytes: int) -> str:
    """Longest prefix of `text` within `max_bytes` UTF-8 bytes, never half a character."""
    raw = text.encode("utf-8")
    if len(raw) <= max_bytes:
        return text
    return raw[:max_bytes].decode("utf-8", errors="ignore")


# Where a long name may be cut: after a list or clause mark, before an opening one.
_CUT_AFTER = "、，,；;：:。.！!？?）)》」』】”’ "
_OPENERS = "（(《「『【“‘"
_CLOSERS = "）)》」』】”’"
# A name never ends on these (a cut list 学习记录_…限时办结、 or an open bracket).
_TRAILING = "、，,；;：:。！!？?-_—…~·" + _OPENERS + " ."


def _shorten(stem: str, max_bytes: int, sep: str) -> str:
    """`stem` within `max_bytes` UTF-8 bytes, cut at a boundary when it is too long.

    The cut falls after a separator or punctuation mark when one lies in the last
    40% of the room (else at a character); a bracket left open is dropped with
    what follows it; trailing punctuation goes.
    """
    if len(stem.encode("utf-8")) <= max_bytes:
        return stem
    head = _truncate_utf8(stem, max_bytes)
    floor = len(head) * 6 // 10
    cut = max(
        (
            i
            for i in range(floor, len(head))
            if head[i] in sep + _OPENERS or head[i - 1] in _CUT_AFTER
        ),
        default=len(head),
    )
    head = head[:cut]
    depth = 0
    for i in range(len(head) - 1, floor - 1, -1):  # an opener left unclosed near the end
        if head[i] in _CLOSERS:
            depth += 1
        elif head[i] in _OPENERS:
            if depth == 0:
                head = head[:i]
                break
            depth -= 1
    return head.rstrip(_TRAILING + sep)


def _is_reserved(stem: str) -> bool:
    # Windows checks the part before the first dot, ignoring trailing spaces.
    return stem.split(".", 1)[0].rstrip(" ").upper() in _WINDOWS_RESERVED


def safe_filename(
    *parts: object, ext: str = ".docx", max_len: int = DEFAULT_MAX_BYTES, sep: str = "_"
) -> str:
    """Build one file name from `parts` that is valid on Windows, macOS and Linux.

    Parts are cleaned and joined with `sep`; path separators and characters
    Windows forbids become "_"; leading/trailing dots and spaces go; reserved
    device names get a "_" prefix; the result (with `ext`) is at most `max_len`
    UTF-8 bytes, shortened at a boundary and never ending on punctuation; an
    empty result becomes "未命名".
    """
    ext = _clean_part(ext).replace(" ", "")
    ext = f".{ext}" if ext else ""
    sep_clean = _clean_part(sep) or "_"
    limit = max_len - len(ext.encode("utf-8"))
    if limit < _MIN_STEM_BYTES:
        raise ValueError(
            f"文件名长度上限 {max_len} 字节太小，至少需要 {_MIN_STEM_BYTES} 字节加扩展名"
        )
    stem = sep_clean.join(p for p in (_clean_part(part) for part in parts) if p)
    stem = _shorten(stem, limit, sep_clean).rstrip(" .")
    if not stem:
        stem = DEFAULT_STEM
    if _is_reserved(stem):
        stem = _truncate_utf8("_" + stem, limit).rstrip(" .")
    return stem + ext


def output_path(folder: str | os.PathLike[str], filename: str) -> Path:
    """Resolve `filename` inside `folder`; refuse anything that would land elsewhere.

    `filename` must be a single name (use safe_filename); symlinks are followed,
    so a link pointing outside the folder is refused too.
    """
    base = Path(folder).resolve()
    name = str(filename)
    if not name or name in (".", "..") or "\x00" in name:
        raise UnsafePathError(f"导出文件名无效：{name!r}")
    try:
        os.fsencode(name)
    except UnicodeEncodeError:
        raise UnsafePathError(f"导出文件名含有无法保存的字符：{name!r}") from None
    target = (base / name).resolve()
    if target.parent != base:
        raise UnsafePathError(f"导出文件 {name!r} 会写到导出目录 {base} 之外，已拒绝")
    return target


def write_file(path: str | os.PathLike[str], data: bytes, *, durable: bool = True) -> Path:
    """Write `data` to `path` atomically (temp file in the same folder + rename).

    `durable`: flushed to disk before the rename; without it the file is still
    never seen half written, and the caller syncs once for many files."""
    with atomic_file(path, durable=durable) as handle:
        handle.write(data)
    return Path(path)


@contextlib.contextmanager
def atomic_file(path: str | os.PathLike[str], *, durable: bool = True) -> Iterator[BinaryIO]:
    """A file to write that appears at `path` whole when the block ends (a temp
    file in the same folder, renamed), or not at all if the block raises."""
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=".xiaoneng-", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w+b") as handle:
            yield handle
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
