"""Incremental backups: a manifest of file hashes plus the files that changed.

Every backup zip written by this version holds `backup-manifest.json`:

    {"format": 2, "base": "xiaoneng-20260316-093000-daily.zip" | null,
     "files": {"people/0a.json": "<sha256>", ...}}

`files` names every data file of the folder at that moment. A full backup
(base null) holds them all; an incremental one holds only those whose hash
differs from its base's manifest and names the base, a zip in the same
folder. Restoring follows the chain back: each file comes from the newest zip
in the chain that holds it, and its hash must be the one the manifest names.
The daily backup is incremental; on-demand, migration and restore backups
are full (they may be copied elsewhere alone). A chain is at most
`MAX_CHAIN` zips long, then the next daily backup is full again.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xiaoneng.errors import UserError
from xiaoneng.store.files import dumps, loads

MANIFEST = "backup-manifest.json"
FORMAT = 2
MAX_CHAIN = 7  # zips in a chain, the full one included: about a week of dailies
MAX_MANIFEST_BYTES = 32 * 1024 * 1024
_BASE_NAME = re.compile(r"^xiaoneng-[0-9A-Za-z_-]+\.zip$")
_SHA = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class Manifest:
    base: str | None
    files: dict[str, str]  # relative path -> sha256

    def to_bytes(self) -> bytes:
        return dumps({"format": FORMAT, "base": self.base, "files": self.files})


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_manifest(path: Path, zf: zipfile.ZipFile | None = None) -> Manifest | None:
    """The manifest of a backup zip; None for a zip written before manifests
    (a full backup). A manifest that does not parse is refused."""
    try:
        own = zf or zipfile.ZipFile(path)
    except FileNotFoundError:
        raise UserError(f"备份文件不存在：{path}。") from None
    except (zipfile.BadZipFile, OSError, ValueError) as err:
        raise UserError(f"{path} 不是有效的备份文件（{err}）。") from None
    try:
        try:
            info = own.getinfo(MANIFEST)
        except KeyError:
            return None
        if info.file_size > MAX_MANIFEST_BYTES:
            raise UserError(f"备份文件 {path} 中的 {MANIFEST} 过大，未做任何恢复。")
        try:
            raw: Any = loads(own.read(info))
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, RecursionError) as err:
            raise UserError(
                f"备份文件 {path} 中的 {MANIFEST} 已损坏（{err}），未做任何恢复。"
            ) from None
    finally:
        if zf is None:
            own.close()
    return _parse(path, raw)


def _parse(path: Path, raw: Any) -> Manifest:
    bad = UserError(f"备份文件 {path} 中的 {MANIFEST} 内容不正确，未做任何恢复。")
    if not isinstance(raw, dict) or not isinstance(raw.get("files"), dict):
        raise bad
    if raw.get("format") != FORMAT:
        raise UserError(
            f"备份文件 {path} 的格式（{raw.get('format')!r}）不是本程序支持的 {FORMAT}，"
            "请升级 xiaoneng；未做任何恢复。"
        )
    base = raw.get("base")
    if base is not None and not (isinstance(base, str) and _BASE_NAME.match(base)):
        raise bad
    files = raw["files"]
    if not all(
        isinstance(k, str) and isinstance(v, str) and _SHA.match(v) for k, v in files.items()
    ):
        raise bad
    return Manifest(base, dict(files))


def chain_sources(path: Path, manifest: Manifest, present: set[str]) -> dict[str, Path]:
    """For each file the manifest names that `path` itself does not hold, the
    older zip of the chain that holds it (same hash checked when read)."""
    wanted = {name for name in manifest.files if name not in present}
    found: dict[str, Path] = {}
    seen = {path.name}
    base = manifest.base
    while wanted:
        if base is None:
            missing = sorted(wanted)[0]
            raise UserError(f"增量备份 {path} 缺少文件 {missing}（备份链不完整），未做任何恢复。")
        if base in seen or len(seen) > 4 * MAX_CHAIN:
            raise UserError(f"增量备份 {path} 的备份链有循环，未做任何恢复。")
        seen.add(base)
        older = path.parent / base
        if not older.is_file():
            raise UserError(
                f"增量备份 {path} 依赖同一文件夹中的 {base}，但它已不存在：未做任何恢复。"
                "请选更早的完整备份，或把该文件放回原处。"
            )
        with _open(older) as zf:
            theirs = read_manifest(older, zf)
            names = set(zf.namelist())
        if theirs is None:  # an old full backup: it holds everything it had
            for name in list(wanted):
                if name in names:
                    found[name] = older
                    wanted.discard(name)
            base = None
            continue
        for name in list(wanted):
            if name in names and theirs.files.get(name) == manifest.files[name]:
                found[name] = older
                wanted.discard(name)
        base = theirs.base
    return found


def bases_of(path: Path) -> list[Path]:
    """The older zips `path` depends on (nearest first); stops at a missing one."""
    out: list[Path] = []
    current = path
    while len(out) <= 4 * MAX_CHAIN:
        try:
            manifest = read_manifest(current)
        except UserError:
            return out
        if manifest is None or manifest.base is None:
            return out
        current = current.parent / manifest.base
        if not current.is_file():
            return out
        out.append(current)
    return out


def _open(path: Path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as err:
        raise UserError(f"{path} 不是有效的备份文件（{err}），未做任何恢复。") from None
