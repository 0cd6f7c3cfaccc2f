"""Restoring a data folder from a backup zip.

Works on a folder whose files no longer parse (that is when it is needed).
Everything that can be checked is checked before anything is written (see
store/backup_check.py, plus the agency and the free space): a refusal is a
UserError and leaves the folder exactly as it was. Then the current files are
backed up (so a restore can itself be undone), the zip is unpacked into a
temporary folder, and the items are swapped in by renames. A failure while
unpacking removes the temporary folder and leaves the data untouched.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

from xiaoneng.errors import StoreError, UserError
from xiaoneng.services.core import Clock, system_clock
from xiaoneng.store import Store, backup, layout, schema
from xiaoneng.store.backup_check import BackupContents, inspect_backup
from xiaoneng.store.files import fsync_dir, loads, os_error_message

MIN_LIMIT = 2 * 1024**3  # unpacked size always allowed
FACTOR = 50  # ... or this many times the current folder, when that is more
NEW, OLD = ".restore-new", ".restore-old"


def folder_size(root: Path) -> int:
    total = 0
    for f in backup.data_files(root):
        with contextlib.suppress(OSError):
            total += f.stat().st_size
    return total


def size_limit(root: Path) -> int:
    return max(MIN_LIMIT, FACTOR * folder_size(root))


def restore(
    root: Path,
    source: Path,
    *,
    other_agency: bool = False,
    on_wait: Callable[[str], None] | None = None,
    clock: Clock = system_clock,
) -> Path:
    """Replace the data in `root` by the backup `source`; returns the safety backup."""
    root, source = Path(root), Path(source)
    contents = inspect_backup(source, limit=size_limit(root))
    _check_agency(root, contents, other_agency)
    _check_space(root, contents)
    if not root.is_dir():
        try:
            root.mkdir(parents=True, mode=0o700)
        except OSError as err:
            raise StoreError(f"无法创建数据目录：{os_error_message(err, root)}。") from err
    store = Store(root, on_wait=on_wait)
    with store.locked():
        saved = backup.write_backup(root, reason="restore", now=clock())
        new, old = root / NEW, root / OLD
        for d in (new, old):
            if d.exists():
                shutil.rmtree(d)
        try:
            _unpack(contents, new)
        except OSError as err:
            shutil.rmtree(new, ignore_errors=True)
            where = os_error_message(err, getattr(err, "filename", None) or new)
            raise StoreError(
                f"恢复未完成，数据未改动：{where}。已删除临时文件夹 {new}；"
                f"{root} 中仍是恢复前的数据（另有备份 {saved}）。"
            ) from err
        _swap(root, new, old, saved)
    return saved


def _check_agency(root: Path, contents: BackupContents, other_agency: bool) -> None:
    try:
        current = loads((root / layout.META).read_bytes())["meta"]["agency"]
    except (OSError, ValueError, KeyError, TypeError):
        return  # a new machine, or a folder too broken to say: nothing to compare
    theirs = contents.agency
    if other_agency or schema.agency_id(current) == schema.agency_id(theirs):
        return
    raise UserError(
        f"备份 {contents.path} 属于另一个机关（“{theirs.get('name', '?')}”），"
        f"而 {root} 是“{current.get('name', '?')}”的数据：未做任何恢复。"
        "确需用它替换，请加 --other-agency。"
    )


def _check_space(root: Path, contents: BackupContents) -> None:
    probe = root
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    try:
        free = shutil.disk_usage(probe).free
    except OSError:
        return
    need = contents.total + folder_size(root)  # the unpacked zip and the safety backup
    if need > free:
        mb = 1024 * 1024
        raise UserError(
            f"{root} 所在磁盘空间不足：恢复 {contents.path} 约需 {need / mb:.1f} MB"
            f"（含恢复前的备份），可用 {free / mb:.1f} MB；未做任何恢复。"
        )


def _unpack(contents: BackupContents, new: Path) -> None:
    new.mkdir(mode=0o700)
    with contextlib.ExitStack() as stack:
        zips: dict[Path, zipfile.ZipFile] = {}
        for info in contents.members:
            where = contents.source(info.filename)  # an incremental chain's older zip
            if where not in zips:
                zips[where] = stack.enter_context(zipfile.ZipFile(where))
            target = new.joinpath(*info.filename.split("/"))
            target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            _write_member(zips[where], info, target)
    fsync_dir(new)


def _write_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path) -> None:
    """One file, owner-only, never through a link; the zip's CRC is checked as it reads."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(target, flags, 0o600)
    try:
        with zf.open(info) as src:
            while chunk := src.read(1 << 20):
                view = memoryview(chunk)
                while view:
                    view = view[os.write(fd, view) :]
        os.fsync(fd)
    except (zipfile.BadZipFile, EOFError) as err:
        raise UserError(f"备份文件 {zf.filename} 已损坏（{info.filename}：{err}）。") from None
    finally:
        os.close(fd)


def _swap(root: Path, new: Path, old: Path, saved: Path) -> None:
    """Move the current items aside and the restored ones in; undone on failure."""
    moves: list[tuple[Path, Path]] = []  # (from, to), in the order done

    def move(src: Path, dst: Path) -> None:
        dst.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.replace(src, dst)
        moves.append((src, dst))

    try:
        old.mkdir(mode=0o700)
        for item in layout.DATA_ITEMS:
            if (root / item).exists():
                move(root / item, old / item)
        for item in layout.DATA_ITEMS:
            if (new / item).exists():
                move(new / item, root / item)
        # The office's own files: those in the backup replace their namesakes;
        # others the folder has are kept.
        if (new / layout.SETTINGS).exists():
            if (root / layout.SETTINGS).exists():
                move(root / layout.SETTINGS, old / layout.SETTINGS)
            move(new / layout.SETTINGS, root / layout.SETTINGS)
        restored = new / layout.CHECKLISTS_DIR
        own = root / layout.CHECKLISTS_DIR
        for f in sorted(restored.glob("*.toml")) if restored.is_dir() else []:
            if (own / f.name).exists():
                move(own / f.name, old / layout.CHECKLISTS_DIR / f.name)
            move(f, own / f.name)
        if (root / layout.SECRET).exists():
            os.chmod(root / layout.SECRET, 0o600)
        fsync_dir(root)
    except OSError as err:
        for src, dst in reversed(moves):
            with contextlib.suppress(OSError):
                os.replace(dst, src)
        shutil.rmtree(new, ignore_errors=True)
        if old.is_dir() and not any(p.is_file() for p in old.rglob("*")):
            shutil.rmtree(old, ignore_errors=True)
        left = f"；未能移回的文件在 {old}" if old.exists() else ""
        raise StoreError(
            f"恢复未完成：{os_error_message(err, getattr(err, 'filename', None) or root)}。"
            f"已把 {root} 还原为恢复前的数据（另有备份 {saved}）{left}。"
        ) from err
    for d in (new, old):
        shutil.rmtree(d, ignore_errors=True)
