"""Exceptions that carry a message meant for the person at the keyboard.

The CLI maps them to exit codes: a user mistake is 2, a refused or failed
operation is 1. Messages are Simplified Chinese, one line, and name the file,
row or field at fault.
"""

from __future__ import annotations


class XiaonengError(Exception):
    """Base class: `str(err)` is the message shown to the user."""

    exit_code = 1


class UserError(XiaonengError):
    """Bad input from the user: a file, a row, a field, an argument."""

    exit_code = 2


class OperationError(XiaonengError):
    """The operation was refused or failed; the data is unchanged."""

    exit_code = 1


class PermissionDenied(OperationError):
    """The signed-in person may not do this."""


class StoreError(OperationError):
    """The data folder cannot be used as asked."""


class CorruptFile(StoreError):
    """A data file does not parse; it is never overwritten."""

    def __init__(self, path: object, reason: str, backup: object = None):
        self.path = path
        self.reason = reason
        self.backup = backup
        hint = f"最新备份：{backup}" if backup else "没有可用的备份"
        super().__init__(f"数据文件 {path} 无法读取（{reason}），已停止且未做任何修改；{hint}。")


class LockTimeout(StoreError):
    """Another process held the data lock for too long."""
