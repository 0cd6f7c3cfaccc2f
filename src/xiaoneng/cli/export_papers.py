"""`xiaoneng export papers --module ID --copies N`: Word test papers and their
answer key, for staff who sit the quiz on paper (the export command's options
--module, --copies and --seed belong to this kind only). Without them,
`export papers` files the papers already sat, as `export all` does."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from xiaoneng.cli.context import CliState
from xiaoneng.errors import UserError

PAPERS = "papers"


def check_paper_options(
    kind: str, module: str | None, copies: int | None, seed: int | None
) -> bool:
    """Whether this is a blank-paper export. `export papers` with none of the
    paper options is the archive kind: the papers sat, with results recorded."""
    given = [
        name
        for name, value in (("--module", module), ("--copies", copies), ("--seed", seed))
        if value is not None
    ]
    if kind.strip().lower() == PAPERS:
        if given and not module:
            raise UserError(
                "导出试卷须给出 --module（学习模块编号），如 --module work-safety-law-2021。"
            )
        return bool(given)
    if given:
        raise UserError(f"{'、'.join(given)} 只用于导出试卷（xiaoneng export papers）。")
    return False


def export_papers(
    state: CliState, module_id: str, copies: int | None, out: str | None, seed: int | None
) -> None:
    from xiaoneng.services.paper_export import PaperExport
    from xiaoneng.services.permissions import cli_actor

    core = state.core()
    exporter = PaperExport(core)
    planned = exporter.plan(cli_actor(), module_id.strip(), 1 if copies is None else copies, seed)
    folder = Path(out).expanduser() if out else None
    with click.progressbar(
        length=len(planned.jobs), label="导出试卷和答案", file=sys.stderr
    ) as bar:

        def progress(done: int, total: int) -> None:
            bar.update(done - bar.pos)

        paths = exporter.write(planned, folder, progress)
    m = planned.module
    seeds = "、".join(str(p.seed) for p in planned.papers)
    click.echo(
        f"已导出“{m.title}”第 {m.version} 版试卷 {len(planned.papers)} 份和答案 1 份到 "
        f"{paths[0].parent}{os.sep}（抽题号 {seeds}）"
    )
    for path in paths:
        click.echo(f"  {path.name}")
