"""Backups of the data folder as zip files in `<data>/backups/`.

Written on demand (`xiaoneng backup`), before every migration, and once a day
just after the day's first commit (off the writer's path, store.Store). The
daily one is incremental (store/backup_chain.py). Automatic ones rotate;
on-demand ones are kept.
"""

from __future__ import annotations

import datetime as dt
import os
import zipfile
from pathlib import Path

from xiaoneng.errors import StoreError, UserError
from xiaoneng.store import backup_chain, layout
from xiaoneng.store.files import fsync_dir, os_error_message
from xiaoneng.store.modes import private_mkdir

BACKUP_DIR = "backups"
KEEP_AUTOMATIC = 14
AUTO_REASONS = ("daily", "migration", "restore")
DEFLATED = zipfile.ZIP_DEFLATED


def backup_dir(root: Path) -> Path:
    return Path(root) / BACKUP_DIR


def list_backups(root: Path) -> list[Path]:
    """Backups, oldest first (names sort by time)."""
    folder = backup_dir(root)
    try:
        return sorted(p for p in folder.iterdir() if p.suffix == ".zip" and p.is_file())
    except OSError:
        return []


def newest_backup(root: Path) -> Path | None:
    found = list_backups(root)
    return found[-1] if found else None


def has_backup_for(root: Path, day: dt.date) -> bool:
    stamp = day.strftime("%Y%m%d")
    return any(p.name.startswith(f"xiaoneng-{stamp}-") for p in list_backups(root))


def data_files(root: Path) -> list[Path]:
    """The data files, then the office's settings and own checklists."""
    root = Path(root)
    files: list[Path] = []
    for item in layout.DATA_ITEMS:
        p = root / item
        if p.is_file():
            files.append(p)
        elif p.is_dir():
            files.extend(sorted(q for q in p.rglob("*.json") if q.is_file()))
    if (root / layout.SETTINGS).is_file():
        files.append(root / layout.SETTINGS)
    own = root / layout.CHECKLISTS_DIR
    if own.is_dir():
        files.extend(sorted(p for p in own.glob("*.toml") if p.is_file() and not p.is_symlink()))
    return files


def write_backup(
    root: Path,
    *,
    reason: str,
    now: dt.datetime,
    out: Path | None = None,
    incremental: bool = False,
) -> Path:
    """Zip the data files with a manifest of their hashes. The caller holds the
    data lock (a consistent copy). `incremental`: only the files changed since
    the newest backup of the folder, which it names as its base (backup_chain)."""
    root = Path(root)
    if out is None:
        folder = backup_dir(root)
        stamp = now.strftime("%Y%m%d-%H%M%S")
        out = folder / f"xiaoneng-{stamp}-{reason}.zip"
        n = 1
        while out.exists():
            n += 1
            out = folder / f"xiaoneng-{stamp}-{reason}-{n}.zip"
    out = Path(out)
    if out.is_symlink():
        raise UserError(f"{out} 是符号链接：为免写到别处，已拒绝。请给出真实的文件名。")
    base, known = _base_for(root, out) if incremental else (None, {})
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        private_mkdir(out.parent)
        # The backup holds the ledger key: owner-only, like the key itself.
        os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
        hashes: dict[str, str] = {}
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
            for f in data_files(root):
                name = f.relative_to(root).as_posix()
                data = f.read_bytes()
                hashes[name] = backup_chain.sha256(data)
                if known.get(name) != hashes[name]:
                    zf.writestr(zipfile.ZipInfo.from_file(f, name), data, DEFLATED, 6)
            manifest = backup_chain.Manifest(base, hashes)
            zf.writestr(backup_chain.MANIFEST, manifest.to_bytes(), DEFLATED, 6)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, out)
        fsync_dir(out.parent)
    except OSError as err:
        tmp.unlink(missing_ok=True)
        raise StoreError(f"备份失败：{os_error_message(err, out)}。") from err
    if reason in AUTO_REASONS:
        rotate(root)
    return out


def _base_for(root: Path, out: Path) -> tuple[str | None, dict[str, str]]:
    """The newest backup beside `out` to build on, and its file hashes; none
    (a full backup) when there is none, it has no manifest, or its chain is full."""
    found = [p for p in list_backups(root) if p.parent == out.parent and p != out]
    if not found:
        return None, {}
    newest = found[-1]
    try:
        manifest = backup_chain.read_manifest(newest)
    except UserError:
        return None, {}
    if manifest is None or len(backup_chain.bases_of(newest)) + 1 >= backup_chain.MAX_CHAIN:
        return None, {}
    if manifest.base is not None and len(backup_chain.bases_of(newest)) == 0:
        return None, {}  # its own chain is broken: start afresh
    return newest.name, manifest.files


def rotate(root: Path, keep: int = KEEP_AUTOMATIC) -> None:
    """Keep the newest `keep` automatic backups, and every older one that a
    kept backup needs to be restored (its incremental chain)."""
    every = list_backups(root)
    auto = [p for p in every if any(f"-{r}" in p.stem for r in AUTO_REASONS)]
    kept = set(every) - set(auto[:-keep])
    needed = {base for p in kept for base in backup_chain.bases_of(p)}
    for old in auto[:-keep]:
        if old not in needed:
            old.unlink(missing_ok=True)
