"""What a backup zip holds, checked before a restore touches anything.

A zip is refused (UserError, so exit 2) when it is not ours, is too big
once unpacked (a zip bomb), holds an entry that is a symlink or device, has
a path with a backslash, `..`, a drive or an absolute root, holds anything
besides data files and the office's checklists and settings, has JSON that
does not parse or is not a set of tables, lacks `secret.key`, or was written
by a newer xiaoneng. An incremental backup (store/backup_chain.py) is checked
with the files it takes from older zips of its chain, each against the hash
its manifest names. Only the zip's directory and the small files are read;
nothing is written.
"""

from __future__ import annotations

import contextlib
import re
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from xiaoneng.errors import UserError
from xiaoneng.store import backup_chain, layout
from xiaoneng.store.files import loads
from xiaoneng.store.schema import SCHEMA_VERSION

MAX_ENTRIES = 200_000
MAX_JSON_BYTES = 64 * 1024 * 1024  # partitions are small by design (PITFALLS: TinyDB)
MAX_TOML_BYTES = 4 * 1024 * 1024
_DIRS = (layout.PEOPLE_DIR, layout.LEDGER_DIR, layout.RECORDS_DIR)
_SAFE_PART = re.compile(r"^[^\x00-\x1f\\:*?\"<>|]+$")


@dataclass
class BackupContents:
    path: Path
    members: list[zipfile.ZipInfo] = field(default_factory=list)
    total: int = 0  # bytes once unpacked
    meta: dict[str, Any] = field(default_factory=dict)
    manifest: backup_chain.Manifest | None = None
    # Members an incremental backup takes from older zips of its chain.
    sources: dict[str, Path] = field(default_factory=dict)
    mismatch: tuple[Path, str] | None = None  # a member whose hash is not the manifest's

    def source(self, name: str) -> Path:
        """The zip that holds member `name`."""
        return self.sources.get(name, self.path)

    def names(self) -> list[str]:
        return [m.filename for m in self.members]

    @property
    def agency(self) -> dict[str, Any]:
        return self.meta.get("meta", {}).get("agency", {}) or {}

    @property
    def version(self) -> int | None:
        version = self.meta.get("meta", {}).get("schema", {}).get("version")
        return version if isinstance(version, int) else None


def _kind(name: str) -> str | None:
    """ "data", "config" or None for a path a backup may hold."""
    parts = PurePosixPath(name).parts
    if name in (layout.META, layout.SECRET, layout.ORG):
        return "data"
    if len(parts) >= 2 and parts[0] in _DIRS and name.endswith(".json"):
        return "data"
    if name == layout.SETTINGS:
        return "config"
    if len(parts) == 2 and parts[0] == layout.CHECKLISTS_DIR and name.endswith(".toml"):
        return "config"
    return None


def _refuse(path: Path, why: str) -> UserError:
    return UserError(f"备份文件 {path} {why}，未做任何恢复。")


def _check_name(path: Path, info: zipfile.ZipInfo) -> None:
    name = info.filename
    shown = name[:120]
    mode = info.external_attr >> 16
    kind = stat.S_IFMT(mode)
    if info.create_system == 3 and kind == stat.S_IFLNK:
        raise _refuse(path, f"含有符号链接 {shown}")
    if info.create_system == 3 and kind not in (0, stat.S_IFREG, stat.S_IFDIR):
        raise _refuse(path, f"含有特殊文件 {shown}")
    if "\\" in name:
        raise _refuse(path, f"含有带反斜杠的路径 {shown}")
    parts = PurePosixPath(name).parts
    if (
        name.startswith("/")
        or not parts
        or any(p in ("", ".", "..") for p in parts)
        or not all(_SAFE_PART.match(p) for p in parts)
    ):
        raise _refuse(path, f"含有不安全的路径 {shown}")


def inspect_backup(path: Path, *, limit: int) -> BackupContents:
    """Check a backup without unpacking it to disk; `limit` caps the unpacked size."""
    path = Path(path)
    try:
        zf = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise UserError(f"备份文件不存在：{path}。") from None
    except IsADirectoryError:
        raise UserError(f"{path} 是文件夹，应为备份文件（.zip）。") from None
    except (zipfile.BadZipFile, OSError, ValueError) as err:
        raise UserError(f"{path} 不是有效的备份文件（{err}）。") from None
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_ENTRIES:
            raise _refuse(path, f"含有 {len(infos)} 个条目（最多 {MAX_ENTRIES} 个）")
        out = BackupContents(path)
        seen: set[str] = set()
        for info in infos:
            _check_name(path, info)
            if info.is_dir() or info.filename == backup_chain.MANIFEST:
                continue
            if info.filename in seen:
                raise _refuse(path, f"中 {info.filename} 出现了两次")
            seen.add(info.filename)
            if _kind(info.filename) is None:
                raise _refuse(path, f"含有不属于 xiaoneng 数据的文件 {info.filename[:120]}")
            out.total += info.file_size
            out.members.append(info)
        out.manifest = backup_chain.read_manifest(path, zf)
        extra = sorted(seen - set(out.manifest.files)) if out.manifest is not None else []
        if out.manifest is not None and not extra:
            _add_chain(path, out)
            seen |= set(out.sources)
        if out.total > limit:
            raise _refuse(
                path,
                f"解压后过大（{out.total / 2**20:.0f} MB，上限 {limit / 2**20:.0f} MB）",
            )
        if extra:
            raise _refuse(path, f"含有清单之外的文件 {extra[0][:120]}")
        if layout.META not in seen:
            raise UserError(f"{path} 不是 xiaoneng 的备份（缺少 {layout.META}）。")
        if layout.SECRET not in seen:
            raise _refuse(path, f"缺少台账密钥 {layout.SECRET}，恢复后将无法校验台账")
        with contextlib.ExitStack() as stack:
            zips = {path: zf}
            for info in out.members:
                where = out.source(info.filename)
                if where not in zips:
                    zips[where] = stack.enter_context(zipfile.ZipFile(where))
                _check_content(zips[where], where, info, out)
    version = out.version
    if not isinstance(version, int):
        raise _refuse(path, f"的 {layout.META} 中没有有效的数据版本")
    if version > SCHEMA_VERSION:
        raise _refuse(
            path,
            f"由更新版本的 xiaoneng 写入（数据版本 {version}，本程序支持 {SCHEMA_VERSION}），"
            "请先升级 xiaoneng",
        )
    if out.mismatch is not None:
        raise _refuse(out.mismatch[0], f"中的 {out.mismatch[1]} 与备份清单记录的内容不符")
    return out


def _add_chain(path: Path, out: BackupContents) -> None:
    """The files an incremental backup takes from older zips of its chain."""
    assert out.manifest is not None
    present = {m.filename for m in out.members}
    sources = backup_chain.chain_sources(path, out.manifest, present)
    by_zip: dict[Path, list[str]] = {}
    for name, older in sources.items():
        by_zip.setdefault(older, []).append(name)
    for older, names in by_zip.items():
        with zipfile.ZipFile(older) as zf:
            for name in sorted(names):
                info = zf.getinfo(name)
                _check_name(older, info)
                if _kind(name) is None:
                    raise _refuse(older, f"含有不属于 xiaoneng 数据的文件 {name[:120]}")
                out.total += info.file_size
                out.members.append(info)
                out.sources[name] = older


def _read(zf: zipfile.ZipFile, path: Path, info: zipfile.ZipInfo, cap: int) -> bytes:
    if info.file_size > cap:
        raise _refuse(path, f"中的 {info.filename} 过大（{info.file_size / 2**20:.0f} MB）")
    try:
        with zf.open(info) as fh:
            raw = fh.read(cap + 1)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as err:
        raise _refuse(path, f"已损坏（{info.filename}：{err}）") from None
    if len(raw) > cap:
        raise _refuse(path, f"中的 {info.filename} 过大")
    return raw


def _check_hash(path: Path, name: str, raw: bytes, out: BackupContents) -> None:
    """Noted, and refused once the checks that say more (the version) have run."""
    if out.manifest is not None and backup_chain.sha256(raw) != out.manifest.files.get(name):
        out.mismatch = out.mismatch or (path, name)


def _check_content(
    zf: zipfile.ZipFile, path: Path, info: zipfile.ZipInfo, out: BackupContents
) -> None:
    name = info.filename
    if name == layout.SECRET:
        key = _read(zf, path, info, 4096)
        if len(key) < 32:
            raise _refuse(path, f"中的台账密钥 {name} 已损坏（长度不足）")
        _check_hash(path, name, key, out)
        return
    if not name.endswith(".json"):
        # the CRC is checked as it is read
        _check_hash(path, name, _read(zf, path, info, MAX_TOML_BYTES), out)
        return
    raw = _read(zf, path, info, MAX_JSON_BYTES)
    try:
        data = loads(raw)
    except UnicodeDecodeError:
        raise _refuse(path, f"中的 {name} 不是 UTF-8 编码") from None
    except (ValueError, RecursionError) as err:
        raise _refuse(path, f"中的 {name} 不是有效的 JSON（{str(err)[:80]}）") from None
    if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
        raise _refuse(path, f"中的 {name} 内容不是预期的表结构")
    _check_hash(path, name, raw, out)
    if name == layout.META:
        out.meta = data
