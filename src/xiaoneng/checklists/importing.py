"""What both importers share: reading input files, ids from file names, writing the output."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xiaoneng.checklists.loader import load_text
from xiaoneng.checklists.problems import ID_RE
from xiaoneng.errors import OperationError, UserError

ISSUER_PLACEHOLDER = "（请填写制定机关）"


@dataclass
class ImportResult:
    """What an importer wrote, for the CLI's message and --json."""

    out: Path
    counts: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {**self.counts, "out": str(self.out)}


def read_bytes(path: str | os.PathLike[str], what: str) -> bytes:
    """The file's bytes, or a UserError naming it (`what` says what the file should be)."""
    path = Path(path)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise UserError(f"找不到{what}：{path}") from None
    except IsADirectoryError:
        raise UserError(f"{path} 是文件夹，应为{what}") from None
    except OSError as err:
        raise UserError(f"无法读取{what} {path}：{err.strerror or err}") from None


def decode_text(raw: bytes, path: str | os.PathLike[str]) -> str:
    """Detect the encoding; Chinese Windows tools still save GBK by default."""
    if raw.startswith(b"\xef\xbb\xbf"):
        encodings = ["utf-8-sig"]
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ["utf-16"]
    else:
        # gb18030 is a superset of GBK and GB2312, so it reads all three.
        encodings = ["utf-8", "gb18030"]
    for encoding in encodings:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break  # binary data that happens to decode: not a text file
        return text
    raise UserError(f"{path} 不是可识别的文本文件（应为 UTF-8 或 GBK 编码的纯文本）")


def derive_id(stem: str, prefix: str) -> str:
    """An ascii id from a file name; names without Latin letters get prefix-<hash8>."""
    slug = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")[:60].strip("-")
    if slug and re.search(r"[a-z]", slug) and ID_RE.fullmatch(slug):
        return slug
    return f"{prefix}-{hashlib.sha256(stem.encode('utf-8')).hexdigest()[:8]}"


def check_id(value: str) -> str:
    if not ID_RE.fullmatch(value):
        raise UserError(f"--id “{value}” 无效：只能使用小写字母、数字和 -，且以字母或数字开头")
    return value


def check_source(path: Path, suffixes: tuple[str, ...], what: str) -> str:
    """The lower-case suffix of an input file, or a UserError naming it."""
    suffix = path.suffix.lower()
    if not path.exists():
        raise UserError(f"找不到{what}：{path}")
    if suffix not in suffixes:
        hint = "，请先用 Office/WPS 另存为新格式" if suffix in (".doc", ".xls") else ""
        allowed = "、".join(suffixes)
        shown = suffix or "（无扩展名）"
        raise UserError(f"{path} 的格式 {shown} 不受支持{hint}；应为 {allowed} 文件")
    return suffix


def output_path(source: Path, out: str | os.PathLike[str] | None) -> Path:
    """--out, or `<stem>.toml` beside the input; never the input itself."""
    target = Path(out) if out else source.with_suffix(".toml")
    if target.suffix.lower() != ".toml":
        raise UserError(f"输出文件 {target} 应以 .toml 结尾")
    return target


def verify(text: str, target: Path) -> None:
    """Refuse to write anything `xiaoneng checklists validate` would reject."""
    _checklist, problems = load_text(text, str(target))
    if problems:
        raise OperationError(f"生成的清单未通过检查，未写入 {target}：{problems[0]}")


def write_new(target: Path, text: str, force: bool) -> None:
    """Write via a temporary file; an existing file is replaced only with --force."""
    if target.is_dir():
        raise UserError(f"{target} 是文件夹，应为输出的 .toml 文件名")
    if target.exists() and not force:
        raise UserError(f"{target} 已存在，未覆盖；如确需覆盖请加 --force")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise UserError(f"输出文件夹不存在：{folder}")
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except OSError as err:
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)
        raise UserError(f"无法写入 {target}：{err.strerror or err}") from None
