"""`xiaoneng roster ...`: the people of the agency."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from xiaoneng.cli.base import cli
from xiaoneng.cli.context import CliState, pass_state
from xiaoneng.errors import UserError
from xiaoneng.model.people import ROLES


@cli.group("roster")
def roster_group() -> None:
    """人员名册：新增、导入、列出、重置 PIN。"""


@roster_group.command("add")
@click.option("--id", "pid", required=True, help="工号。")
@click.option("--name", required=True, help="姓名。")
@click.option("--unit", required=True, help="单位名称或单位编号。")
@click.option("--position", default="", help="职务。")
@click.option(
    "--role",
    "roles",
    multiple=True,
    help=f"角色，可多次给出：{'、'.join(ROLES)}（默认 staff）。",
)
@click.option("--new-unit", is_flag=True, help="单位不存在时新建。")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出工号和初始 PIN。")
@pass_state
def roster_add(state: CliState, pid, name, unit, position, roles, new_unit, as_json):
    """新增一名人员，生成随机初始 PIN（只显示这一次，首次登录须修改）。"""
    from xiaoneng.services.permissions import cli_actor
    from xiaoneng.services.roster import new_person

    person = new_person(pid, name, unit, position, roles)
    core = state.core()
    added, pin = core.roster.add(cli_actor(), person, new_unit=new_unit)
    if as_json:
        state.print_json({"id": added.id, "initial_pin": pin})
    else:
        click.echo(
            f"已新增 {added.name}（工号 {added.id}，{core.org.name_of(added.unit)}）。"
            f"初始 PIN 是 {pin}，只显示这一次，首次登录时须修改。"
        )


@roster_group.command("import")
@click.argument("file", type=click.Path(dir_okay=False), required=False)
@click.option(
    "--check", is_flag=True, help="只预览：列出将新增、修改、不变和有问题的行，不写入任何数据。"
)
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出预览或导入结果。")
@click.option("--create-units", is_flag=True, help="名册中有尚不存在的单位时新建它们。")
@click.option("--skip-bad", is_flag=True, help="跳过有问题的行，导入其余的行。")
@click.option(
    "--pins-out",
    type=click.Path(dir_okay=False),
    help="为新增的人员生成初始 PIN，并写入此 CSV 文件（仅本人可读）。不给出时新人员暂无 PIN，需由办公室重置。",
)
@click.option(
    "--abandon",
    is_flag=True,
    help="放弃中途中断、而文件已找不到的导入（已导入的人员保留），之后可以导入别的文件。",
)
@pass_state
def roster_import(
    state: CliState,
    file: str | None,
    check: bool,
    as_json: bool,
    create_units: bool,
    skip_bad: bool,
    pins_out: str | None,
    abandon: bool,
):
    """从 .xlsx 或 .csv（UTF-8 / GBK）导入人员：列为 工号,姓名,单位,职务,角色。

    表头可在前 10 行中的任意一行（上面可以有标题行、合并单元格）；列名也可写作
    编号/人员编号/职工号、部门/处室/科室、岗位/职称、权限，序号等其他列忽略。
    名册中已有的人员按表格修改姓名、单位（以及给出的职务、角色）。

    先用 --check 预览。有问题的行逐行列出，只要有一行有问题就不导入（除非 --skip-bad）；
    名册中尚不存在的单位只有加 --create-units 才会新建。大的名册每 2000 人写入一次；
    中途被打断时，再次导入同一文件即从中断处继续，完成之前不能导入别的文件。
    """
    from xiaoneng.services import roster_batches, roster_journal
    from xiaoneng.services.permissions import cli_actor
    from xiaoneng.services.roster_import import read_roster

    if abandon:
        gone = roster_batches.abandon(state.core(), cli_actor())
        click.echo(
            f"已放弃未完成的导入 {Path(gone.file).name}：已导入的 {gone.done} 人保留在名册中，"
            f"其余 {gone.left} 人未导入。"
        )
        return
    if not file:
        raise UserError("请给出名册文件（.xlsx 或 .csv）。")
    out = Path(pins_out) if pins_out else None
    parsed = read_roster(Path(file))
    core = state.core()
    job = roster_batches.prepare(
        core, parsed, create_units=create_units, skip_bad=skip_bad, pins_out=out, check=check
    )
    plan = job.plan
    cut = roster_journal.unfinished(core)
    if check:
        if as_json:
            state.print_json(plan.to_dict())
        else:
            if cut is not None:
                click.echo(f"xiaoneng：{cut.notice()}", err=True)
            _show_plan(plan)
        return
    for line in parsed.bad_lines():
        click.echo(f"xiaoneng：{line}", err=True)
    why = roster_batches.refusal(core, job)
    if why is not None:
        raise UserError(why)
    if job.resumed is not None:
        r = job.resumed
        click.echo(
            f"继续上次未完成的导入：已导入 {r.done} 人，还有 {r.left} 人（按上次的选项）。",
            err=True,
        )
    total = len(plan.new) + len(plan.changed)
    with click.progressbar(length=max(total, 1), label="导入人员", file=sys.stderr) as bar:
        seen = [job.resumed.done if job.resumed else 0]

        def step(done: int, _total: int) -> None:
            bar.update(done - seen[0])
            seen[0] = done

        result = roster_batches.run(core, cli_actor(), job, progress=step)
    if as_json:
        state.print_json(
            {
                "added": result.added,
                "changed": result.changed,
                "unchanged": len(plan.unchanged),
                "skipped": len(plan.bad),
                "pins_out": str(result.pins_out) if result.pins_out else None,
            }
        )
        return
    skipped = f"，跳过 {len(plan.bad)} 行" if plan.bad else ""
    click.echo(
        f"已导入：新增 {result.added} 人，修改 {result.changed} 人，"
        f"不变 {len(plan.unchanged)} 人{skipped}。"
    )
    if result.pins_out is not None:
        click.echo(f"初始 PIN 已写入 {result.pins_out}（仅本人可读；分发后请删除）。")
    elif result.added:
        click.echo("新增的人员暂无 PIN：请在界面中为其重置 PIN，或导入时加 --pins-out。")


def _say_unfinished(core) -> None:
    from xiaoneng.services.roster_journal import unfinished

    cut = unfinished(core)
    if cut is not None:
        click.echo(f"xiaoneng：{cut.notice()}", err=True)


def _show_plan(plan) -> None:
    from xiaoneng.services.roster_import import describe

    c = plan.counts()
    click.echo(
        f"{plan.file.path.name}：表头在第 {plan.file.header_row} 行。将新增 {c['new']} 人，"
        f"修改 {c['changed']} 人，不变 {c['unchanged']} 人，有问题 {c['bad']} 行。"
    )
    if plan.new:
        click.echo("新增：")
        for r in plan.new:
            p = r.person
            click.echo(f"  第 {r.row} 行  {p.id}  {p.name}  {p.unit}  {p.position}".rstrip())
    if plan.changed:
        click.echo("修改：")
        for r, changes in plan.changed:
            click.echo(f"  第 {r.row} 行  {r.person.id}  {r.person.name}：{describe(changes)}")
    if plan.bad:
        click.echo("有问题的行：")
        for p in plan.bad:
            click.echo(f"  {p}")
    if plan.unknown_units:
        click.echo("尚不存在的单位（导入时加 --create-units 才会新建）：")
        for u in plan.unknown_units:
            click.echo(f"  {u}")
    click.echo("这只是预览，未写入任何数据。")


@roster_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出（不含 PIN）。")
@click.option("--unit", help="只列出这个单位（名称或编号）。")
@click.option("--all", "include_inactive", is_flag=True, help="包括已停用的人员。")
@pass_state
def roster_list(state: CliState, as_json: bool, unit: str | None, include_inactive: bool):
    """列出人员（工号、姓名、单位、职务、角色）。"""
    core = state.core()
    unit_id = None
    if unit:
        found = core.org.find(unit)
        if found is None:
            raise UserError(f"单位“{unit}”不存在。")
        unit_id = found.id
    people = core.roster.people(unit=unit_id, include_inactive=include_inactive)
    _say_unfinished(core)
    names = {u.id: u.name for u in core.org.units(include_inactive=True)}
    if as_json:
        state.print_json(
            [{**p.public(), "unit": names.get(p.unit, p.unit), "unit_id": p.unit} for p in people]
        )
        return
    for p in people:
        state_label = "" if p.active else "（已停用）"
        click.echo(
            f"{p.id}\t{p.name}\t{names.get(p.unit, p.unit)}\t{p.position}\t{p.roles_label()}{state_label}"
        )
    click.echo(f"共 {len(people)} 人。", err=True)


@roster_group.command("reset-pin")
@click.argument("person_id")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出新的初始 PIN。")
@pass_state
def roster_reset_pin(state: CliState, person_id: str, as_json: bool):
    """为一名人员生成新的初始 PIN（同时解除锁定）。"""
    from xiaoneng.services.permissions import cli_actor

    core = state.core()
    pin = core.roster.reset_pin(cli_actor(), person_id.strip())
    if as_json:
        state.print_json({"id": person_id, "initial_pin": pin})
    else:
        click.echo(f"工号 {person_id} 的新初始 PIN 是 {pin}，只显示这一次，首次登录时须修改。")
