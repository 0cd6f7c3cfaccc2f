"""Opening the terminal UI from the command line."""

from __future__ import annotations

from xiaoneng.cli.context import CliState


def open_tui(state: CliState) -> None:
    from xiaoneng.store.folder import holds_data

    core = state.core() if holds_data(state.data_dir) else None
    _run(core, state.data_dir)


def run_tui(core) -> None:
    _run(core, core.root)


def _run(core, data_dir) -> None:
    from xiaoneng.tui.factory import build_app

    app = build_app(core, data_dir=data_dir)
    app.run()
