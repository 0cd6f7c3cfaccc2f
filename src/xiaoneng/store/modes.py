"""The data folder is private: folders 0700, files 0600.

Files a process creates get the umask's modes (PITFALLS: 0644/0755 here), so
PIN hashes would be world-readable. Three layers keep them private: the CLI
sets umask 077 at start; the store creates its files and folders with
explicit private modes; and opening a folder tightens whatever an older
version (or a copy, or an editor) left wider, and says so.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

DIR_MODE = 0o700
FILE_MODE = 0o600
PRIVATE_UMASK = 0o077


def private_mkdir(path: Path) -> None:
    """Create `path` and any missing parents as 0700 (mkdir's mode skips parents)."""
    path = Path(path)
    missing = []
    probe = path
    while not probe.exists() and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    for d in reversed(missing):
        try:
            d.mkdir(mode=DIR_MODE)
        except FileExistsError:
            continue
        os.chmod(d, DIR_MODE)  # in case the umask took bits away from the owner


def tighten(root: Path) -> list[Path]:
    """Make every folder under `root` 0700 and every file 0600; returns what it
    changed. Symlinks are left alone (never followed); what cannot be changed
    (another owner's file) is skipped."""
    changed: list[Path] = []
    root = Path(root)
    stack = [root]
    while stack:
        folder = stack.pop()
        if _fix(folder, DIR_MODE):
            changed.append(folder)
        try:
            with os.scandir(folder) as it:
                entries = list(it)
        except OSError:
            continue
        for e in entries:
            if e.is_symlink():
                continue
            if e.is_dir(follow_symlinks=False):
                stack.append(Path(e.path))
            elif e.is_file(follow_symlinks=False) and _fix(Path(e.path), FILE_MODE):
                changed.append(Path(e.path))
    return changed


def _fix(path: Path, mode: int) -> bool:
    try:
        current = stat.S_IMODE(os.lstat(path).st_mode)
        if current & 0o077 == 0 and current & mode == mode:
            return False
        os.chmod(path, (current & ~0o077) | mode)
    except OSError:
        return False
    return True
