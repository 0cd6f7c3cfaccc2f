"""Opening the terminal UI from the command line."""

from __future__ import annotations

import os
import sys

import click

from xiaoneng.cli.context import CliState
from xiaoneng.errors import UserError

NOT_A_TERMINAL = (
    "终端界面需要在终端里运行，而标准输入或输出不是终端（例如被重定向到文件、管道或 /dev/null）。"
    "请在终端中运行；在浏览器中使用请运行 xiaoneng serve；脚本请使用各子命令（xiaoneng --help）。"
)


def open_tui(state: CliState) -> None:
    from xiaoneng.store.folder import holds_data

    if not _has_terminal():
        raise UserError(NOT_A_TERMINAL)
    core = state.core() if holds_data(state.data_dir) else None
    _run(core, state.data_dir)


def run_tui(core) -> None:
    """The demo's UI; without a terminal the data is built and the UI skipped."""
    if not _has_terminal():
        click.echo(
            "未打开终端界面：标准输入或输出不是终端（加 --no-tui 可不显示此提示）。", err=True
        )
        return
    _run(core, core.root)


def _has_terminal() -> bool:
    # Without a terminal Textual's input thread spins on an end of file at
    # full CPU forever. `serve` runs the app on pipes with a driver of its
    # own named in TEXTUAL_DRIVER, which is fine.
    if os.environ.get("TEXTUAL_DRIVER"):
        return True
    # A closed stdin or stdout is None in Python.
    return all(stream is not None and stream.isatty() for stream in (sys.stdin, sys.stdout))


def _run(core, data_dir) -> None:
    from xiaoneng.tui.factory import build_app

    app = build_app(core, data_dir=data_dir)
    app.run()
