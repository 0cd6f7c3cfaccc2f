"""The one place that builds the app: used by the CLI, Pilot tests and snapshots."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from xiaoneng.tui.app import XiaonengApp

if TYPE_CHECKING:
    from xiaoneng.services.core import Core


def build_app(core: Core | None, *, data_dir: Path | None = None) -> XiaonengApp:
    """An app on `core` (None: the data folder is empty and the app offers setup)."""
    if core is None and data_dir is None:
        raise ValueError("build_app needs a core or a data folder")
    if data_dir is not None:
        return XiaonengApp(core, data_dir=Path(data_dir))
    assert core is not None  # checked above
    return XiaonengApp(core, data_dir=core.root)
