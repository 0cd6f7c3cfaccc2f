"""Where things live: the data folder and the bundled checklists."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "xiaoneng"
ENV_DATA = "XIAONENG_DATA"


def default_data_dir() -> Path:
    import platformdirs  # only when no folder was given

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def resolve_data_dir(option: str | os.PathLike[str] | None) -> Path:
    """--data wins, then XIAONENG_DATA, then the platform's user data dir."""
    if option:
        return Path(option).expanduser()
    env = os.environ.get(ENV_DATA)
    if env:
        return Path(env).expanduser()
    return default_data_dir()


def default_demo_dir() -> Path:
    return default_data_dir() / "demo"


def bundled_checklists_dir() -> Path:
    """Checklists shipped in the wheel, or the repo's checklists/ when run from source."""
    here = Path(__file__).resolve().parent
    packaged = here / "_bundled_checklists"
    if packaged.is_dir():
        return packaged
    return here.parents[1] / "checklists"
