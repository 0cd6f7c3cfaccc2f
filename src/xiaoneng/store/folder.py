"""The data folder as a whole: is it ours, make it, empty it; the ledger key.

The key that MACs the ledger head lives beside the data files (`secret.key`,
owner-only) and never inside them.
"""

from __future__ import annotations

import os
import secrets
import shutil
from pathlib import Path

from xiaoneng.errors import OperationError, StoreError
from xiaoneng.store import modes
from xiaoneng.store.files import os_error_message, write_synced
from xiaoneng.store.layout import DATA_ITEMS, META, SECRET


def is_empty_dir(path: Path) -> bool:
    return path.is_dir() and not any(path.iterdir())


def holds_data(path: Path) -> bool:
    return (path / META).exists()


def create_folder(root: Path) -> None:
    try:
        modes.private_mkdir(root)
        modes.tighten(root)  # an empty folder the office made beforehand
    except OSError as err:
        raise OperationError(f"无法创建数据目录：{os_error_message(err, root)}。") from err
    if not os.access(root, os.W_OK):
        raise OperationError(f"数据目录 {root} 不可写。")


def read_secret(root: Path) -> bytes:
    path = Path(root) / SECRET
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise StoreError(
            f"缺少台账密钥文件 {path}：无法签署或校验台账。请从备份恢复该文件。"
        ) from None
    except OSError as err:
        raise StoreError(f"无法读取台账密钥：{os_error_message(err, path)}。") from err
    if len(raw) < 32:
        raise StoreError(f"台账密钥文件 {path} 已损坏（长度不足）。")
    return raw


def write_secret(root: Path) -> None:
    """A new random key, readable by the owner only (kept out of the data files)."""
    path = Path(root) / SECRET
    tmp = path.with_name(f".{SECRET}.{os.getpid()}.tmp")
    old_umask = os.umask(0o077)
    try:
        write_synced(tmp, secrets.token_bytes(32))
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    finally:
        os.umask(old_umask)


def wipe_data(root: Path) -> None:
    """Remove a demo's data (only ever called on a folder marked as demo)."""
    for item in (*DATA_ITEMS, "backups", "exports", ".txn", ".lock"):
        p = root / item
        if p.is_dir():
            shutil.rmtree(p)
        elif p.exists():
            p.unlink()
