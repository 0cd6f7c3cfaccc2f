"""`xiaoneng posts ...`: the 巾帼文明岗 applicant posts (import, list)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from xiaoneng.cli.base import cli
from xiaoneng.cli.context import CliState, pass_state
from xiaoneng.errors import UserError
from xiaoneng.model.posts import LEVELS

if TYPE_CHECKING:
    from xiaoneng.services.posts_import import PostsPlan


@cli.group("posts")
def posts_group() -> None:
    """巾帼文明岗申报岗位：导入申报表、列出岗位和硬性条件核对结果。"""


@posts_group.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option(
    "--check", is_flag=True, help="只预览：列出将新增、修改、不变和有问题的行，不写入任何数据。"
)
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出预览或导入结果。")
@click.option("--year", type=click.IntRange(2000, 2100), help="申报年度（默认今年）。")
@pass_state
def posts_import(state: CliState, file: str, check: bool, as_json: bool, year: int | None) -> None:
    """从 .xlsx 或 .csv 导入巾帼文明岗申报：列为 岗位名称、所在单位、行业、区、申报级别、
    负责人、联系电话、岗位人数、女性人数、已获称号，可另加 女性负责人（是/否）。

    表头可在前 10 行中的任意一行（上面可以有标题行、合并单元格）；列名也可写作
    集体名称、单位、系统、区县、级别、岗长、电话、人数、女职工人数、曾获称号等。
    已获称号写级别和年份，如“区级2012；市级系统2015”。没有“女性负责人”一列时，
    “主要负责人中有女性”这一条件无法核对，岗位会被标出。

    同一年度中岗位名称、所在单位和申报级别都相同的，按表格修改；其余新增。
    先用 --check 预览。只要有一行有问题就不导入任何岗位（退出码 2）。
    不符合硬性条件的岗位照常导入，只标出原因。
    """
    from xiaoneng.services.permissions import cli_actor
    from xiaoneng.services.posts_import import apply_plan, plan_import, read_posts

    core = state.core()
    parsed = read_posts(Path(file), year or core.today().year)
    plan = plan_import(core, parsed)
    if check:
        if as_json:
            state.print_json(plan.to_dict())
        else:
            _show_plan(plan)
        return
    for p in plan.bad:
        click.echo(f"xiaoneng：{p}", err=True)
    name = Path(file).name
    if plan.bad:
        raise UserError(f"{name} 有 {len(plan.bad)} 行有问题，未导入任何岗位。")
    if not plan.new and not plan.changed:
        raise UserError(f"{name} 中没有要新增或修改的岗位（{len(plan.unchanged)} 个与登记相同）。")
    written = apply_plan(core, cli_actor(), plan)
    flagged = plan.counts()["flagged"]
    if as_json:
        state.print_json(
            {
                "year": parsed.year,
                "added": len(plan.new),
                "changed": len(plan.changed),
                "unchanged": len(plan.unchanged),
                "flagged": flagged,
                "ids": [p.id for p in written],
            }
        )
        return
    click.echo(
        f"已导入 {parsed.year} 年度申报：新增 {len(plan.new)} 个，修改 {len(plan.changed)} 个，"
        f"不变 {len(plan.unchanged)} 个。"
    )
    if flagged:
        click.echo(
            f"其中 {flagged} 个新增岗位不符合或无法核对硬性条件（已标出，运行 posts list 查看原因）。"
        )


def _show_plan(plan: PostsPlan) -> None:
    from xiaoneng.services.posts_import import describe

    c = plan.counts()
    f = plan.file
    click.echo(
        f"{f.path.name}：表头在第 {f.header_row} 行，{f.year} 年度。将新增 {c['new']} 个岗位，"
        f"修改 {c['changed']} 个，不变 {c['unchanged']} 个，有问题 {c['bad']} 行。"
    )
    if plan.new:
        click.echo("新增：")
        for r, view in plan.new:
            p = r.post
            mark = f"  （标出：{len(view.failed)} 项条件不符或无法核对）" if view.flagged else ""
            click.echo(f"  第 {r.row} 行  {p.name}  {p.organisation}  {p.level}{mark}")
    if plan.changed:
        click.echo("修改：")
        for r, old, changes in plan.changed:
            click.echo(f"  第 {r.row} 行  {old.id}  {old.name}：{describe(changes)}")
    if plan.bad:
        click.echo("有问题的行：")
        for problem in plan.bad:
            click.echo(f"  {problem}")
    click.echo("这只是预览，未写入任何数据。")


@posts_group.command("list")
@click.option("--level", type=click.Choice(LEVELS), help="只列出这一申报级别。")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出。")
@click.option("--year", type=click.IntRange(2000, 2100), help="申报年度（默认今年）。")
@pass_state
def posts_list(state: CliState, level: str | None, as_json: bool, year: int | None) -> None:
    """列出申报岗位：编号、名称、单位、级别、状态、人数，以及不符合（或无法核对）的硬性条件。"""
    from xiaoneng.model.post_states import state_label
    from xiaoneng.services.permissions import cli_actor

    core = state.core()
    views = core.posts.posts(cli_actor(), year or core.today().year, level or "")
    if as_json:
        state.print_json([v.to_json() for v in views])
        return
    if not views:
        click.echo("没有申报岗位。")
        return
    click.echo("编号\t岗位名称\t所在单位\t级别\t状态\t人数\t女性\t硬性条件")
    for v in views:
        p = v.post
        check = "符合" if not v.flagged else f"标出 {len(v.failed)} 项"
        click.echo(
            f"{p.id}\t{p.name}\t{p.organisation}\t{p.level}\t{state_label(p.state)}\t"
            f"{p.members}\t{p.women}\t{check}"
        )
        for reason in v.failed:
            click.echo(f"\t- {reason}")
    flagged = sum(v.flagged for v in views)
    click.echo(f"共 {len(views)} 个岗位，其中 {flagged} 个不符合或无法核对硬性条件。")
