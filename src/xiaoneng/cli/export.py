"""`xiaoneng export KIND`: records as Word documents in official layout (or,
for the register and the report, Excel workbooks), filed as an archive."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import click

from xiaoneng.cli.base import cli
from xiaoneng.cli.context import CliState, pass_state


@cli.command("export")
@click.argument("kind", metavar="KIND")
@click.option(
    "--out",
    "out",
    metavar="DIR",
    type=click.Path(file_okay=False),
    help="导出目录（默认 数据目录/exports/今天的日期/）。",
)
@click.option("--unit", metavar="UNIT", help="只导出这个单位（单位名称或编号）；默认全部单位。")
@click.option("--from", "start", metavar="DATE", help="起始日期，如 2026-01-01（默认当年1月1日）。")
@click.option("--to", "end", metavar="DATE", help="截止日期，如 2026-12-31（默认当年年底或今天）。")
@click.option("--blank", is_flag=True, help="承诺书：同时导出尚未签署的空白承诺书，供纸面签字。")
@click.option(
    "--format",
    "fmt",
    metavar="FORMAT",
    default="docx",
    show_default=True,
    help="docx（Word），或 xlsx（Excel，只用于 rectifications 和 report）。",
)
@click.option(
    "--zip", "zip_archive", is_flag=True, help="另把导出的全部文件打包为导出目录旁的 .zip。"
)
@click.option("--module", "module", metavar="ID", help="试卷（papers）：学习模块编号。")
@click.option("--copies", type=int, metavar="N", help="试卷（papers）：份数，每份抽题和顺序不同。")
@click.option("--seed", type=int, metavar="N", help="试卷（papers）：第 1 份的抽题号（默认随机）。")
@click.option(
    "--jobs",
    "workers",
    type=click.IntRange(1, 8),
    metavar="N",
    help="同时写文档的进程数（默认：较大的机关用 2 个，较小的用 1 个）。",
)
@pass_state
def export_command(
    state: CliState,
    kind: str,
    out: str | None,
    unit: str | None,
    start: str | None,
    end: str | None,
    blank: bool,
    fmt: str,
    zip_archive: bool,
    module: str | None,
    copies: int | None,
    seed: int | None,
    workers: int | None,
) -> None:
    """把记录导出为公文格式的 Word 文档（.docx），按类别分文件夹归档。

    KIND：signin 学习签到表、study 学习记录、checks 自查表/互查表/巡查表、
    rectifications（或 register）问题整改台账、commitments 承诺书、report 年度汇总、
    class 巾帼文明岗培训班（课程表、每门课程的签到表、学员名册及出勤、结业证书）、
    posts 巾帼文明岗申报岗位的档案目录和考核评分表，或 all 全部；
    papers 已登记成绩的纸质试卷和答案。

    papers --module ID：新出供纸面测验的 Word 试卷（--copies 份数，--seed 抽题号）和一份答案。

    每次导出另附“归档目录”（.docx 和 .xlsx），逐件列出记录编号、题名、责任者、日期、页数和台账校验码。
    已有同名文件时不会覆盖，而是在文件名后加序号。
    """
    from xiaoneng.cli.export_papers import check_paper_options, export_papers

    if check_paper_options(kind, module, copies, seed):
        export_papers(state, module or "", copies, out, seed)
        return
    from xiaoneng.model.dates import parse_day
    from xiaoneng.services.export_archive import LIST_UP_TO, by_kind
    from xiaoneng.services.export_kinds import check_format, parse_kinds
    from xiaoneng.services.exporting import ExportService
    from xiaoneng.services.permissions import cli_actor

    # Arguments first: a typo is reported before the data folder is opened.
    kinds = parse_kinds(kind)
    fmt = check_format(kinds, fmt)
    parse_day(start, "起始日期", required=False)
    parse_day(end, "截止日期", required=False)
    core = state.core()
    service = ExportService(core)
    actor = cli_actor()
    plan = service.prepare(
        actor, kinds, unit=unit, start=start, end=end, blank_letters=blank, fmt=fmt
    )
    folder = Path(out).expanduser() if out else service.default_folder()
    label = "导出 Excel 工作簿" if fmt == "xlsx" else "导出 Word 文档"
    began = time.monotonic()
    with click.progressbar(length=len(plan.batches), label=label, file=sys.stderr) as bar:

        def progress(done: int, total: int) -> None:
            bar.update(done - bar.pos)

        written = service.write(plan, folder, progress, zip_archive=zip_archive, workers=workers)
    if not written.files:
        click.echo("没有符合条件的记录，未导出任何文件。")
        return
    shown = written.folder.resolve()
    pages = sum(r.pages or 0 for r in written.rows)
    took = time.monotonic() - began
    click.echo(f"用时 {took:.1f} 秒。", err=True)
    click.echo(f"已导出 {len(written.files)} 个文件（共 {pages} 页）到 {shown}{os.sep}")
    if len(written.rows) <= LIST_UP_TO:
        for row in written.rows:
            click.echo(f"  {row.file}")
    else:
        for kind, (files, kind_pages) in by_kind(written.rows).items():
            click.echo(f"  {kind}：{files} 个文件，{kind_pages} 页")
    click.echo("归档目录：" + "、".join(p.name for p in written.index))
    if written.archive is not None:
        click.echo(f"已打包为 {written.archive.resolve()}")
