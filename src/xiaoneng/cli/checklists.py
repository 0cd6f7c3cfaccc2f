"""`xiaoneng checklists ...` and `xiaoneng regulation ...` (filled in by the checklists work)."""

from __future__ import annotations

import click

from xiaoneng.cli.base import cli


@cli.group("checklists")
def checklists_group() -> None:
    """学习模块、检查表和承诺书模板（清单文件）。"""


@cli.group("regulation")
def regulation_group() -> None:
    """法规原文导入。"""


__all__ = ["checklists_group", "regulation_group", "click"]
