"""An import cut off part way (`roster import` commits a batch at a time;
services/roster_batches.py): what its journal in xiaoneng.json says.

Kept apart from the importer so that `status`, `roster list` and the roster
screen can say so without loading the spreadsheet readers (openpyxl), which
cost every `status` 0.16 s of CPU.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xiaoneng.model.dates import cn_datetime

if TYPE_CHECKING:
    from xiaoneng.services.core import Core

_SHELL = re.compile(r"[\s'\"$`\\!*?;&|<>()\[\]{}#~]")  # a path the shell would split or expand


@dataclass(frozen=True)
class Unfinished:
    """An import that was cut off, as its journal says."""

    file: str
    sha256: str
    done: int
    total: int
    next_row: int
    added: int
    changed: int
    create_units: bool
    skip_bad: bool
    pins_out: str | None
    started: str

    @classmethod
    def from_journal(cls, doc: dict[str, Any] | None) -> Unfinished | None:
        if not doc:
            return None

        def num(key: str) -> int:
            value = doc.get(key)
            return value if isinstance(value, int) else 0

        def text(key: str) -> str:
            value = doc.get(key)
            return value if isinstance(value, str) else ""

        return cls(
            file=text("file"),
            sha256=text("sha256"),
            done=num("done"),
            total=num("total"),
            next_row=num("next_row"),
            added=num("added"),
            changed=num("changed"),
            create_units=doc.get("create_units") is True,
            skip_bad=doc.get("skip_bad") is True,
            pins_out=text("pins_out") or None,
            started=text("started"),
        )

    @property
    def left(self) -> int:
        return self.total - self.done

    def command(self) -> str:
        quoted = shlex.quote(self.file) if _SHELL.search(self.file) else self.file
        return f"xiaoneng roster import {quoted}"

    def notice(self) -> str:
        return (
            f"名册导入尚未完成：{Path(self.file).name}（{cn_datetime(self.started)} 开始）"
            f"已导入 {self.done} 人，还有 {self.left} 人未导入，名册目前不完整。"
            f"再次导入同一文件即从中断处继续（已导入的人员不会重复）：{self.command()}；"
            "文件已找不到时，可放弃这次导入（已导入的人员保留）：xiaoneng roster import --abandon"
        )


def unfinished(core: Core) -> Unfinished | None:
    """The unfinished import, if any (read from xiaoneng.json: no extra cost)."""
    return Unfinished.from_journal(core.repos.imports.current())
