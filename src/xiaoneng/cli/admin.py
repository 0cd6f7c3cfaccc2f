"""Setting up, checking and backing up a data folder: init, verify, backup, restore."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from xiaoneng.cli.base import cli
from xiaoneng.cli.context import CliState, pass_state
from xiaoneng.errors import UserError


def read_pin_stdin() -> str:
    line = sys.stdin.readline()
    pin = line.strip()
    if not pin:
        raise UserError("标准输入中没有 PIN（--pin-stdin 需要在标准输入中提供一行 PIN）。")
    return pin


@cli.command("init")
@click.option("--unit", "unit", required=True, help="机关名称，如“市妇联机关”。")
@click.option("--admin-id", required=True, help="第一位管理员的工号。")
@click.option("--admin-name", required=True, help="第一位管理员的姓名。")
@click.option(
    "--pin-stdin", is_flag=True, help="从标准输入读取管理员 PIN（否则生成随机初始 PIN）。"
)
@pass_state
def init_command(state: CliState, unit: str, admin_id: str, admin_name: str, pin_stdin: bool):
    """建立新机关的数据目录和第一位管理员。"""
    from xiaoneng.services.setup import init_agency

    pin = read_pin_stdin() if pin_stdin else None
    core, chosen = init_agency(
        state.data_dir, unit_name=unit, admin_id=admin_id, admin_name=admin_name, pin=pin
    )
    click.echo(f"已建立“{unit}”的数据目录：{state.data_dir}")
    if pin is None:
        click.echo(
            f"管理员 {admin_name}（工号 {admin_id}）的初始 PIN 是 {chosen}，首次登录时须修改。"
        )
    else:
        click.echo(f"管理员 {admin_name}（工号 {admin_id}）可用设定的 PIN 登录。")


@cli.command("verify")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出结果。")
@click.option(
    "--no-lock",
    is_flag=True,
    help="校验时不锁定数据，其他人可以同时写入；发现问题时再加锁复核一遍。",
)
@click.option(
    "--anchor",
    "anchors",
    multiple=True,
    metavar="N:HASH",
    help="外部锚点：先前打印或导出的“台账第 N 条，校验码 HASH”；台账不再含有这一条时退出码为 1。",
)
@click.option(
    "--full",
    is_flag=True,
    help="全部重新核对整条台账和每个文件，不使用上次校验留下的检查点。",
)
@pass_state
def verify_command(
    state: CliState, as_json: bool, no_lock: bool, anchors: tuple[str, ...], full: bool
):
    """重新计算台账哈希链、所签署的每一条记录和由它们得出的汇总；发现问题时退出码为 1。

    结尾给出最新一条的编号和哈希，请抄在台账之外（纸质档案、另一台电脑）：日后用
    --anchor N:HASH 核对，整个数据目录被换成旧副本时也能发现。

    校验通过后在数据目录中留下检查点 verified.json（以 secret.key 加签）：下次只重新核对
    此后新增的条目和内容有变化的文件（每个文件仍逐字节计算哈希），其余与上次的结果相同；
    检查点被改动时自动全部重新核对。--full 全部重新核对。
    """
    from xiaoneng.services.verify import Anchor

    parsed = [Anchor.parse(a) for a in anchors]  # exit 2 on a bad one, before any work
    core = state.core()
    with click.progressbar(length=1, label="校验台账", file=sys.stderr) as bar:

        def progress(done: int, total: int) -> None:
            bar.length = max(total, 1)
            bar.update(done - bar.pos)

        shown = progress if not as_json else None
        report = core.verifier.run(progress=shown, locked=not no_lock, anchors=parsed, full=full)
    if report.note and not as_json:
        click.echo(f"xiaoneng：{report.note}", err=True)
    if as_json:
        state.print_json(report.to_json())
    elif report.ok:
        if report.head_seq:
            click.echo(
                f"台账完整：{report.entries} 条签署记录和由它们得出的汇总全部核对一致。"
                f"\n最新一条：第 {report.head_seq} 条，校验码 {report.head}"
                f"（外部锚点 {report.anchor}：请抄在数据目录之外，日后用 "
                f"xiaoneng verify --anchor {report.anchor} 核对）。"
            )
        else:
            click.echo("台账完整：台账尚无签署记录。")
        if report.since:
            click.echo(
                f"本次从上次校验的检查点（第 {report.since} 条）起核对：重新核对了"
                f"第 {report.since} 条以后的条目和 {report.rechecked} 个有变化的文件，"
                "其余文件逐字节与上次校验时相同（xiaoneng verify --full 全部重新核对）。"
            )
        for a in parsed:
            click.echo(f"外部锚点 {a} 仍在台账中。")
    else:
        shown_problems = report.problems[:SHOWN_PROBLEMS]
        if report.since:
            click.echo(f"（本次从上次校验的检查点第 {report.since} 条起核对。）", err=True)
        for p in shown_problems:
            click.echo(f"xiaoneng：校验失败：{p.what}（{p.file}）", err=True)
        if len(report.problems) > len(shown_problems):
            more = len(report.problems) - len(shown_problems)
            click.echo(f"xiaoneng：另有 {more} 个问题（--json 列出全部）。", err=True)
    sys.exit(0 if report.ok else 1)


SHOWN_PROBLEMS = 20


@cli.command("backup")
@click.option(
    "--out", type=click.Path(dir_okay=False), help="备份文件路径（默认 数据目录/backups/）。"
)
@pass_state
def backup_command(state: CliState, out: str | None):
    """立即备份整个数据目录（zip 文件）。"""
    core = state.core()
    target = Path(out) if out else None
    if target is not None and target.is_symlink():
        raise UserError(f"{target} 是符号链接：为免写到别处，已拒绝。请给出真实的文件名。")
    if target is not None and target.exists():
        raise UserError(f"{target} 已存在：不会覆盖，请换一个文件名。")
    path = core.backup(out=target)
    click.echo(f"已备份到 {path}")


@cli.command("restore")
@click.argument("backup_file", type=click.Path(dir_okay=False))
@click.option("--yes", is_flag=True, help="不再确认。")
@click.option(
    "--other-agency", is_flag=True, help="备份属于另一个机关时仍然恢复（替换本机关的数据）。"
)
@pass_state
def restore_command(state: CliState, backup_file: str, yes: bool, other_agency: bool):
    """用备份文件恢复数据目录（恢复前先备份当前数据）。

    先检查备份：解压后过大、JSON 无法解析、缺少 secret.key、属于另一个机关、
    含有符号链接或不安全的路径时拒绝（退出码 2），数据目录不做任何改动。
    备份中办公室自己的清单（checklists/*.toml）和 settings.toml 一并恢复。
    """
    from xiaoneng.services.restore import restore

    if not yes:
        click.confirm(f"用 {backup_file} 替换 {state.data_dir} 中的数据？", abort=True)
    saved = restore(
        state.data_dir, Path(backup_file), other_agency=other_agency, on_wait=state.say_waiting
    )
    click.echo(f"已恢复。恢复前的数据已备份到 {saved}。请运行 xiaoneng verify 核对台账。")
