"""`xiaoneng demo`: build or open the demo agency."""

from __future__ import annotations

import click

from xiaoneng.cli.base import cli
from xiaoneng.cli.context import CliState, pass_state
from xiaoneng.model.people import ROLE_LABELS
from xiaoneng.paths import default_demo_dir, resolve_data_dir


@cli.command("demo")
@click.option("--no-tui", is_flag=True, help="只建立（或打开）演示数据，不打开界面。")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出数据目录和演示账号。")
@click.option(
    "--staff", type=click.IntRange(30, 100_000), help="建立 N 名人员的合成机关（用于规模测试）。"
)
@click.option("--force", is_flag=True, help="删除并重建已有的演示数据。")
@pass_state
def demo_command(state: CliState, no_tui: bool, as_json: bool, staff: int | None, force: bool):
    """载入演示机关（市妇联机关及三个下属单位）并打开界面。

    演示数据放在默认数据目录下的 demo/ 中（或 --data 指定的目录），不与正式数据混在一起。
    再次运行时原样打开已有的演示数据；--force 重建。
    """
    from xiaoneng.services.demo import build_demo

    root = resolve_data_dir(state.data_option) if state.data_option else None
    if root is None:
        root = resolve_data_dir(None) / "demo" if _env_set() else default_demo_dir()
    quiet = as_json
    say = None if quiet else (lambda msg: click.echo(msg, err=True))
    core, logins, built = build_demo(root, staff=staff, force=force, progress=say)
    if staff and not built and core.agency().get("staff") != staff and not quiet:
        click.echo(
            f"已有的演示数据有 {core.agency().get('staff')} 人；如需 {staff} 人，请加 --force 重建。",
            err=True,
        )
    if as_json:
        state.print_json({"data": str(root), "logins": [lg.to_dict() for lg in logins]})
    else:
        click.echo(("已建立" if built else "已打开") + f"演示数据：{root}")
        click.echo("演示账号（工号 / PIN）：")
        for lg in logins:
            click.echo(f"  {ROLE_LABELS[lg.role]:　<5} {lg.name:　<4} {lg.id} / {lg.pin}")
    if not no_tui:
        from xiaoneng.cli.tui_cmd import run_tui

        run_tui(core)


def _env_set() -> bool:
    import os

    from xiaoneng.paths import ENV_DATA

    return bool(os.environ.get(ENV_DATA))
