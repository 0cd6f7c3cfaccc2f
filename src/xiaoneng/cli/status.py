"""`xiaoneng status`: completion per unit and activity, open and overdue findings."""

from __future__ import annotations

import click

from xiaoneng.cli.base import cli
from xiaoneng.cli.context import CliState, pass_state


def _pct(done: int, due: int) -> str:
    return f"{done}/{due}" if due else "—"


@cli.command("status")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出全部数字。")
@click.option("--year", type=click.IntRange(2000, 2100), help="年度（默认今年）。")
@pass_state
def status_command(state: CliState, as_json: bool, year: int | None) -> None:
    """各单位的学习、签到、检查、承诺书完成情况，以及未销号和逾期的整改问题。"""
    core = state.core()
    report = core.status.report(year)
    if as_json:
        state.print_json(report)
        return
    click.echo(
        f"{core.agency().get('name', '')} {report['year']} 年度完成情况（截至 {report['date']}）"
    )
    click.echo("单位\t人数\t学习\t签到\t检查\t承诺书\t未销号\t逾期")
    for u in report["units"]:
        sums = {}
        for key in ("studies", "sessions"):
            vals = u[key].values()
            sums[key] = (sum(v["done"] for v in vals), sum(v["due"] for v in vals))
        checks = [p for modes in u["checks"].values() for p in modes.values()]
        sums["checks"] = (sum(p["done"] for p in checks), sum(p["due"] for p in checks))
        f = u["findings"]
        click.echo(
            f"{u['name']}\t{u['headcount']}\t{_pct(*sums['studies'])}\t{_pct(*sums['sessions'])}\t"
            f"{_pct(*sums['checks'])}\t{_pct(u['letters']['done'], u['letters']['due'])}\t"
            f"{f['open']}\t{f['overdue']}"
        )
