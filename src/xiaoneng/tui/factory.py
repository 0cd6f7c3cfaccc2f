"""The one place that builds the app: used by the CLI, Pilot tests and snapshots."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from xiaoneng.tui.app import XiaonengApp

if TYPE_CHECKING:
    from xiaoneng.model.people import Person
    from xiaoneng.services.core import Core


def build_app(
    core: Core | None,
    *,
    data_dir: Path | None = None,
    signed_in: Person | None = None,
    route: tuple[str, ...] = (),
) -> XiaonengApp:
    """An app on `core` (None: the data folder is empty and the app offers setup).

    `signed_in`: the app opens as that person would see it after signing in,
    at `route` (a route and its arguments, as `app.go` takes them) or else
    at their home, with no sign-in screen beneath. For Pilot tests of one
    screen (tests/helpers/started.py); the CLI always starts at the sign-in
    screen."""
    if core is None and data_dir is None:
        raise ValueError("build_app needs a core or a data folder")
    if signed_in is not None and core is None:
        raise ValueError("build_app: signed_in needs a core")
    start = (signed_in, route) if signed_in is not None else None
    if data_dir is not None:
        return XiaonengApp(core, data_dir=Path(data_dir), start=start)
    assert core is not None  # checked above
    return XiaonengApp(core, data_dir=core.root, start=start)
