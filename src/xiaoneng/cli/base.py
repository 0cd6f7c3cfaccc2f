"""The root `xiaoneng` command group; sub-command modules attach to it."""

from __future__ import annotations

import importlib

import click

from xiaoneng.cli.context import CliState, pass_state

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}

# Sub-command -> the module under xiaoneng.cli that defines it. Imported only
# when the command is used (or --help lists them), so opening the TUI does not
# pay for every command's imports.
LAZY_COMMANDS = {
    "backup": "admin",
    "checklists": "checklists",
    "demo": "demo",
    "export": "export",
    "init": "admin",
    "posts": "posts",
    "regulation": "checklists",
    "restore": "admin",
    "roster": "roster",
    "serve": "serve",
    "status": "status",
    "study": "study",
    "verify": "admin",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.commands and name in LAZY_COMMANDS:
            importlib.import_module(f"xiaoneng.cli.{LAZY_COMMANDS[name]}")
        return super().get_command(ctx, name)


@click.group(cls=LazyGroup, invoke_without_command=True, context_settings=CONTEXT_SETTINGS)
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
