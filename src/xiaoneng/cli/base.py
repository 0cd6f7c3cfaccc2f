"""The root `xiaoneng` command group; sub-command modules attach to it."""

from __future__ import annotations

import click

from xiaoneng.cli.context import CliState, pass_state

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group(invoke_without_command=True, context_settings=CONTEXT_SETTINGS)
@click.option(
    "--data",
    "data",
    metavar="DIR",
    type=click.Path(file_okay=False),
    help="数据目录（也可用环境变量 XIAONENG_DATA；默认为系统的用户数据目录）。",
)
@click.version_option(package_name="xiaoneng", message="xiaoneng %(version)s")
@click.pass_context
def cli(ctx: click.Context, data: str | None) -> None:
    """效能（xiaoneng）：机关效能建设与安全生产的学习、检查、整改和承诺管理。

    不带子命令时打开终端界面。
    """
    ctx.obj = CliState(data)
    if ctx.invoked_subcommand is None:
        from xiaoneng.cli.tui_cmd import open_tui

        open_tui(ctx.obj)


@cli.command("tui")
@pass_state
def tui_command(state: CliState) -> None:
    """打开终端界面（与不带子命令相同）。"""
    from xiaoneng.cli.tui_cmd import open_tui

    open_tui(state)
