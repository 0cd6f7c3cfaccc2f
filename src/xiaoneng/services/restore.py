"""Restoring a data folder from a backup zip.

Works on a folder whose files no longer parse (that is when it is needed).
The current files are backed up first, so a restore can itself be undone.
"""

from __future__ import annotations

import os
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

from xiaoneng.errors import StoreError
from xiaoneng.services.core import Clock, system_clock
from xiaoneng.store import Store, backup, layout
from xiaoneng.store.files import fsync_dir, os_error_message


def restore(
    root: Path,
    source: Path,
    *,
    on_wait: Callable[[str], None] | None = None,
    clock: Clock = system_clock,
) -> Path:
    """Replace the data in `root` by the backup `source`; returns the safety backup."""
    root, source = Path(root), Path(source)
    names = backup.check_backup(source)
    if not root.is_dir():
        root.mkdir(parents=True)
    store = Store(root, on_wait=on_wait)
    with store.locked():
        saved = backup.write_backup(root, reason="restore", now=clock())
        new = root / ".restore-new"
        old = root / ".restore-old"
        try:
            for d in (new, old):
                if d.exists():
                    shutil.rmtree(d)
            with zipfile.ZipFile(source) as zf:
                zf.extractall(new, members=names)
            old.mkdir()
            for item in layout.DATA_ITEMS:
                if (root / item).exists():
                    os.replace(root / item, old / item)
            for item in layout.DATA_ITEMS:
                if (new / item).exists():
                    os.replace(new / item, root / item)
            if (root / layout.SECRET).exists():
                os.chmod(root / layout.SECRET, 0o600)
            fsync_dir(root)
        except OSError as err:
            # `old` may hold the only loose copy of some files: keep it.
            raise StoreError(
                f"恢复未完成：{os_error_message(err, root)}。恢复前的数据在 {saved}"
                f"（以及 {old}），可再次运行恢复。"
            ) from err
        for d in (new, old):
            shutil.rmtree(d, ignore_errors=True)
    return saved
