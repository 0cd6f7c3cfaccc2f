"""`xiaoneng checklists ...` and `xiaoneng regulation ...`: list, validate and import checklists.

None of these needs an initialised data folder: they read the bundled
checklists and, when it exists, the data folder's `checklists/`.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import click

from xiaoneng.cli.base import cli
from xiaoneng.cli.context import CliState, pass_state
from xiaoneng.errors import UserError
from xiaoneng.model.checklist import KIND_LABELS
from xiaoneng.paths import bundled_checklists_dir


@cli.group("checklists")
def checklists_group() -> None:
    """学习模块、检查表和承诺书模板（清单文件）。"""


@cli.group("regulation")
def regulation_group() -> None:
    """法规原文导入。"""


def checklist_dirs(state: CliState) -> list[Path]:
    """Bundled first, then the data folder's own (which may not exist)."""
    return [bundled_checklists_dir(), state.data_dir / "checklists"]


def summary(checklist) -> dict:
    source = checklist.source
    return {
        "id": checklist.id,
        "kind": checklist.kind,
        "title": checklist.title,
        "version": checklist.version,
        "source": {
            "name": source.name,
            "issuer": source.issuer,
            "revised": source.revised,
            "effective": source.effective,
            "revision": source.revision,
        },
        "file": checklist.file,
        "counts": checklist.counts(),
    }


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _clip(text: str, width: int) -> str:
    """Long titles shortened with … so the table fits a terminal."""
    if _width(text) <= width:
        return text
    while _width(text) > width - 1:
        text = text[:-1]
    return text + "…"


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def _counts_text(counts: dict) -> str:
    names = {
        "sections": "节",
        "questions": "题",
        "groups": "组",
        "items": "项",
        "clauses": "条",
        "levels": "级",
        "materials": "份材料",
        "required": "份必备",
    }
    return " ".join(f"{n}{names.get(k, k)}" for k, n in counts.items())


def render_table(rows: list[list[str]]) -> str:
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(_pad(cell, widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


@checklists_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出。")
@pass_state
def list_command(state: CliState, as_json: bool) -> None:
    """列出已加载的清单（随程序提供的和数据目录 checklists/ 中的）。"""
    from xiaoneng.checklists import load_catalogue

    catalogue = load_catalogue(checklist_dirs(state))
    items = list(catalogue.items.values())
    if as_json:
        state.print_json([summary(c) for c in items])
    elif items:
        rows = [["ID", "类型", "版本", "标题", "内容", "依据"]]
        for c in items:
            counts = _counts_text(c.counts())
            source = f"《{c.source.name}》{c.source.revision or c.source.revised}"
            rows.append([c.id, KIND_LABELS[c.kind], c.version, _clip(c.title, 40), counts, source])
        click.echo(render_table(rows))
    else:
        click.echo("没有已加载的清单。")
    if catalogue.problems:
        bad = len({p.file for p in catalogue.problems})
        click.echo(
            f"xiaoneng：有 {bad} 个文件因有问题未加载；运行 xiaoneng checklists validate 查看。",
            err=True,
        )


@checklists_group.command("validate")
@click.argument("paths", nargs=-1, metavar="[PATH]...")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出问题和警告列表。")
@click.option("--strict", is_flag=True, help="把测验质量警告也算作问题（退出码 2）。")
@pass_state
def validate_command(state: CliState, paths: tuple[str, ...], as_json: bool, strict: bool) -> None:
    """检查清单文件（文件或文件夹）；不写路径时检查全部已加载的清单。

    每个问题一行：文件、行号、字段路径和期望的内容。有问题时退出码为 2。
    学习模块还会检查测验质量（答案总是最长、多选全选、重复题、依据不在学习要点中），
    发现的是“警告”：列出但不影响使用，加 --strict 时与问题一样使退出码为 2。
    """
    from xiaoneng.checklists.catalogue import check_paths
    from xiaoneng.checklists.quality import quality_warnings

    if paths:
        targets = [Path(p) for p in paths]
        for target in targets:
            if not target.exists():
                raise UserError(f"找不到文件或文件夹：{target}")
            if target.is_file() and target.suffix.lower() != ".toml":
                raise UserError(f"{target} 不是 .toml 清单文件")
    else:
        targets = [d for d in checklist_dirs(state) if d.is_dir()]
    catalogue = check_paths(targets)
    problems = catalogue.problems
    warnings = quality_warnings(catalogue.studies())
    count = len(catalogue.files)
    if as_json:
        state.print_json(
            {
                "files": count,
                "problems": [p.to_dict() for p in problems],
                "warnings": [w.to_dict() for w in warnings],
            }
        )
    else:
        for line in [*problems, *warnings]:
            click.echo(str(line))
    if problems:
        bad = len({p.file for p in problems})
        summary = f"已检查 {count} 个文件，{bad} 个文件有问题，共 {len(problems)} 处"
    else:
        summary = f"已检查 {count} 个文件，未发现问题" + (
            "" if count else "（没有找到 .toml 文件）"
        )
    if warnings:
        summary += f"；另有 {len(warnings)} 条测验质量警告"
        summary += (
            "（--strict：警告视为问题）" if strict else "（不影响使用；加 --strict 时视为问题）"
        )
    if problems or (strict and warnings):
        raise UserError(summary)
    if not as_json:
        click.echo(summary)


_OUT_HELP = "输出的 .toml 文件（默认与输入文件同名、放在同一文件夹）。"


@regulation_group.command("import")
@click.argument("file", metavar="FILE")
@click.option("--out", metavar="FILE.toml", help=_OUT_HELP)
@click.option("--id", "checklist_id", metavar="ID", help="清单 id（默认由文件名生成）。")
@click.option("--force", is_flag=True, help="输出文件已存在时覆盖。")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出结果。")
@pass_state
def regulation_import(
    state: CliState,
    file: str,
    out: str | None,
    checklist_id: str | None,
    force: bool,
    as_json: bool,
) -> None:
    """把法规原文（.docx 或 .txt）转换为学习模块骨架（每章一节，每条一个要点）。"""
    from xiaoneng.checklists.regulation import import_regulation

    result = import_regulation(Path(file), out, checklist_id, force)
    if as_json:
        state.print_json(result.to_dict())
        return
    click.echo(
        f"已写入 {result.out}：{result.counts['chapters']} 章，{result.counts['articles']} 条。\n"
        "请在文件中填写制定机关、核对日期、添加题目，然后运行 "
        f"xiaoneng checklists validate {result.out}"
    )


@checklists_group.command("import")
@click.argument("file", metavar="FILE")
@click.option("--out", metavar="FILE.toml", help=_OUT_HELP)
@click.option("--id", "checklist_id", metavar="ID", help="清单 id（默认由文件名生成）。")
@click.option("--title", help="检查表标题（默认为文件名）。")
@click.option("--force", is_flag=True, help="输出文件已存在时覆盖。")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出结果。")
@pass_state
def checklists_import(
    state: CliState,
    file: str,
    out: str | None,
    checklist_id: str | None,
    title: str | None,
    force: bool,
    as_json: bool,
) -> None:
    """把表格（.xlsx 或 .csv，列：分组、检查项、依据、分值）转换为检查表。"""
    from xiaoneng.checklists.problems import one_line
    from xiaoneng.checklists.sheet import RowsRejected, import_sheet

    try:
        result = import_sheet(Path(file), out, checklist_id, title, force)
    except RowsRejected as err:
        for problem in err.problems:
            row = f"{problem.file}: 第 {problem.line} 行: {problem.path}: {problem.message}"
            click.echo(one_line(row), err=True)
        raise
    if as_json:
        state.print_json(result.to_dict())
        return
    click.echo(
        f"已写入 {result.out}：{result.counts['groups']} 组，{result.counts['items']} 项。\n"
        "请在文件中填写所依据的法规和日期，然后运行 "
        f"xiaoneng checklists validate {result.out}"
    )


@checklists_group.command("paper")
@click.argument("module_id", metavar="MODULE")
@click.option(
    "--seed",
    type=click.IntRange(0, 999_999),
    help="抽题号（0–999999）：同一模块版本和抽题号总是得到同一份试卷；不写时随机。",
)
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出。")
@pass_state
def paper_command(state: CliState, module_id: str, seed: int | None, as_json: bool) -> None:
    """从学习模块的题库抽一份测验试卷（每节至少一题，题目和选项顺序随机，附答案）。"""
    from xiaoneng.checklists import load_catalogue
    from xiaoneng.cli.paper_text import paper_json, paper_text
    from xiaoneng.model.checklist import StudyModule
    from xiaoneng.model.paper import draw_paper, new_seed

    catalogue = load_catalogue(checklist_dirs(state))
    module = catalogue.get(module_id)
    if module is None:
        broken = [p.file for p in catalogue.problems if Path(p.file).stem == module_id]
        why = (
            f"（{broken[0]} 有问题未加载，运行 xiaoneng checklists validate 查看）"
            if broken
            else ""
        )
        raise UserError(
            f"没有 id 为 “{module_id}” 的学习模块{why}；运行 xiaoneng checklists list 查看全部 id"
        )
    if not isinstance(module, StudyModule):
        raise UserError(f"“{module_id}” 是{KIND_LABELS[module.kind]}，不是学习模块，没有测验")
    if not module.questions:
        raise UserError(f"学习模块 “{module_id}” 还没有题目")
    paper = draw_paper(module, new_seed() if seed is None else seed)
    if as_json:
        state.print_json(paper_json(paper))
    else:
        click.echo(paper_text(paper, module))
