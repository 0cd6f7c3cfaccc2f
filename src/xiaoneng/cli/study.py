"""`xiaoneng study ...`: the office's side of studying at the command line:
resetting a person's quiz attempts and recording a paper test's result."""

from __future__ import annotations

import click

from xiaoneng.cli.base import cli
from xiaoneng.cli.context import CliState, pass_state
from xiaoneng.errors import UserError


@cli.group("study")
def study_group() -> None:
    """学习测验（办公室）：重置测验次数、登记纸质测验成绩。"""


@study_group.command("reset")
@click.option("--id", "pid", required=True, metavar="工号", help="人员工号。")
@click.option("--module", "module_id", required=True, metavar="ID", help="学习模块编号。")
@click.option("--reason", default="", metavar="TEXT", help="重置原因（记入台账）。")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出。")
@pass_state
def study_reset(state: CliState, pid: str, module_id: str, reason: str, as_json: bool) -> None:
    """重置某人某学习模块（现行版本）未通过的测验，使其可以重新测验。

    被重置的测验仍保留在记录中，只是不再计入次数；每次重置连同原因记入台账。
    """
    from xiaoneng.services.permissions import cli_actor

    core = state.core()
    reset, entry = core.study_office.reset(cli_actor(), pid.strip(), module_id.strip(), reason)
    person = core.roster.require(reset.person)
    module = core.study.module(reset.module["id"])
    if as_json:
        state.print_json(
            {
                "id": person.id,
                "module": module.id,
                "version": reset.module["version"],
                "reset": list(reset.attempts),
                "attempts_left": core.study.status(person, module).attempts_left,
                "reason": reset.reason,
                "seq": entry["seq"],
                "hash": entry["hash"],
            }
        )
        return
    from xiaoneng.services.ledger import short

    click.echo(
        f"已重置 {person.name}（{person.id}）“{module.title}”第 {module.version} 版的 "
        f"{len(reset.attempts)} 次测验，现可测验 {module.attempts} 次。"
        f"台账第 {entry['seq']} 条，校验码 {short(entry['hash'])}。"
    )


@study_group.command("paper-result")
@click.option("--id", "pid", required=True, metavar="工号", help="人员工号。")
@click.option("--module", "module_id", required=True, metavar="ID", help="学习模块编号。")
@click.option("--seed", required=True, type=int, metavar="N", help="试卷上印的抽题号。")
@click.option("--score", type=int, metavar="N", help="答对题数（与 --answers 二选一）。")
@click.option(
    "--answers", metavar="TEXT", help="逐题所选字母，按题号顺序用空格分开，如 “B D AC A …”。"
)
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出。")
@pass_state
def study_paper_result(
    state: CliState,
    pid: str,
    module_id: str,
    seed: int,
    score: int | None,
    answers: str | None,
    as_json: bool,
) -> None:
    """登记纸质测验成绩：通过的记为完成学习（纸质测验），记入台账。"""
    from xiaoneng.services.ledger import short
    from xiaoneng.services.permissions import cli_actor
    from xiaoneng.services.study_office import parse_marks

    if (score is None) == (answers is None):
        raise UserError("请给出 --score（答对题数）或 --answers（逐题答案），二者选一。")
    core = state.core()
    office = core.study_office
    marks = parse_marks(answers, office.paper(module_id, seed)) if answers is not None else None
    result = office.record_paper(
        cli_actor(), pid.strip(), module_id.strip(), seed, correct=score, answers=marks
    )
    a = result.attempt
    person = core.roster.require(a.person)
    done = result.completion
    if as_json:
        state.print_json(
            {
                "id": person.id,
                "module": a.module["id"],
                "version": a.module["version"],
                "seed": seed,
                "correct": a.correct,
                "total": a.total,
                "passed": a.passed,
                "completed": done is not None,
                "seq": result.entry["seq"],
                "hash": result.entry["hash"],
            }
        )
        return
    verdict = "通过，已记为完成学习（纸质测验）" if done else "未通过"
    click.echo(
        f"已登记 {person.name}（{person.id}）抽题号 {seed} 的纸质测验：答对 {a.correct}/{a.total}，"
        f"{verdict}。台账第 {result.entry['seq']} 条，校验码 {short(result.entry['hash'])}。"
    )
