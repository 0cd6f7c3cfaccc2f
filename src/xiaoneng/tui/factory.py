"""The one place that builds the app: used by the CLI, Pilot tests and snapshots."""

from __future__ import annotations

from pathlib import Path

from xiaoneng.tui.app import XiaonengApp


def build_app(core, *, data_dir: Path | None = None) -> XiaonengApp:
    """An app on `core` (None: the data folder is empty and the app offers setup)."""
    if core is None and data_dir is None:
        raise ValueError("build_app needs a core or a data folder")
    return XiaonengApp(core, data_dir=Path(data_dir) if data_dir else core.root)
