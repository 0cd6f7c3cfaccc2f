"""`xiaoneng roster ...`: the people of the agency."""

from __future__ import annotations

import csv
import os
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
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--skip-bad", is_flag=True, help="跳过有问题的行，导入其余的行。")
@click.option(
    "--pins-out",
    type=click.Path(dir_okay=False),
    help="为导入的人员生成初始 PIN，并写入此 CSV 文件（仅本人可读）。不给出时人员暂无 PIN，需由办公室重置。",
)
@pass_state
def roster_import(state: CliState, file: str, skip_bad: bool, pins_out: str | None):
    """从 .csv（UTF-8 / GBK）或 .xlsx 导入人员，列为 工号,姓名,单位,职务,角色。

    有任何问题行时列出每一行的问题并不导入（除非 --skip-bad）。名册中没有的单位会新建。
    """
    from xiaoneng.services.permissions import cli_actor
    from xiaoneng.services.pins import random_pin
    from xiaoneng.services.roster_import import read_roster

    parsed = read_roster(Path(file))
    core = state.core()
    existing = {p.id for p in core.roster.people(include_inactive=True)}
    people = []
    for row, p in parsed.people:
        if p.id in existing:
            parsed.bad.append((row, f"工号 {p.id} 已在名册中"))
        else:
            people.append(p)
    parsed.bad.sort()
    for line in parsed.bad_lines():
        click.echo(f"xiaoneng：{line}", err=True)
    if parsed.bad and not skip_bad:
        raise UserError(
            f"{Path(file).name} 有 {len(parsed.bad)} 行有问题，未导入任何人员（可加 --skip-bad 跳过这些行）。"
        )
    if not people:
        raise UserError(f"{Path(file).name} 中没有可导入的人员。")
    out = Path(pins_out) if pins_out else None
    if out is not None and out.is_symlink():
        raise UserError(f"{out} 是符号链接：为免写到别处，已拒绝。请给出真实的文件名。")
    if out is not None and out.exists():
        raise UserError(f"{out} 已存在：不会覆盖，请换一个文件名。")
    pins = {p.id: random_pin() for p in people} if out else None
    with click.progressbar(length=len(pins or ()) or 1, label="生成 PIN", file=sys.stderr) as bar:
        added = core.roster.add_many(
            cli_actor(), people, pins=pins, progress=lambda done, _total: bar.update(1)
        )
    if out is not None and pins is not None:
        _write_pins(out, [(p, pins[p.id], core.org.name_of(p.unit)) for p in added])
    click.echo(
        f"已导入 {len(added)} 人" + (f"，跳过 {len(parsed.bad)} 行" if parsed.bad else "") + "。"
    )
    if out is not None:
        click.echo(f"初始 PIN 已写入 {out}（仅本人可读；分发后请删除）。")
    else:
        click.echo("导入的人员暂无 PIN：请在界面中为其重置 PIN，或用 --pins-out 重新导入。")


def _safe_cell(value: str) -> str:
    # Spreadsheet programs run cells that start like a formula.
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _write_pins(out: Path, rows) -> None:
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["工号", "姓名", "单位", "初始PIN"])
        for person, pin, unit in rows:
            w.writerow([_safe_cell(person.id), _safe_cell(person.name), _safe_cell(unit), pin])


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
