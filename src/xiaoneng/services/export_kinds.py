"""The kinds of document `xiaoneng export` writes, in the order they are filed.

Each kind is one entry: its CLI name, its label, the folder it goes to in an
archive export, the formats it comes in, and two functions - `batches(run)`
lists the independent pieces of work (a kind, a year, a unit, a key) and
`jobs(run, batch)` makes the documents of one piece. The export driver is a
loop over batches, so it can be split over processes; a new kind (试卷,
巾帼文明岗 class documents) plugs in by adding its entry to KINDS.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from xiaoneng.errors import UserError
from xiaoneng.services import export_programme as programme
from xiaoneng.services import export_records as people
from xiaoneng.services import export_summaries as summaries
from xiaoneng.services import paper_archive as papers
from xiaoneng.services.export_sources import DOCX, FORMATS, Batch, Job, Run

ALL = "all"


@dataclass(frozen=True)
class ExportKind:
    key: str  # CLI name
    label: str  # what people call it
    folder: str  # its folder in an export
    batches: Callable[[Run], Iterable[Batch]]
    jobs: Callable[[Run, Batch], Iterable[Job]]
    formats: tuple[str, ...] = (DOCX,)
    aliases: tuple[str, ...] = ()
    programme: bool = False  # 巾帼文明岗: its department (publicity) may export it too


KINDS: tuple[ExportKind, ...] = (
    ExportKind("signin", "学习签到表", "学习签到表", people.signin_batches, people.signin_jobs),
    ExportKind("study", "学习记录", "学习记录", people.study_batches, people.study_jobs),
    ExportKind("checks", "自查表/互查表/巡查表", "检查表", people.check_batches, people.check_jobs),
    ExportKind(
        "rectifications",
        "问题整改台账",
        "整改台账",
        summaries.register_batches,
        summaries.register_jobs,
        formats=FORMATS,
        aliases=("register",),
    ),
    ExportKind("commitments", "承诺书", "承诺书", people.letter_batches, people.letter_jobs),
    ExportKind(
        "report",
        "年度汇总",
        "年度汇总",
        summaries.report_batches,
        summaries.report_jobs,
        formats=FORMATS,
    ),
    ExportKind("papers", "试卷（已登记成绩）", "试卷", papers.paper_batches, papers.paper_jobs),
    ExportKind(
        "class",
        "巾帼文明岗培训班",
        "巾帼文明岗培训班",
        programme.class_batches,
        programme.class_jobs,
        programme=True,
    ),
    ExportKind(
        "posts",
        "巾帼文明岗档案和评分表",
        "巾帼文明岗申报岗位",
        programme.post_batches,
        programme.post_jobs,
        programme=True,
    ),
)


def kind(key: str) -> ExportKind:
    """The kind named `key` (a key parse_kinds returned)."""
    return next(k for k in KINDS if k.key == key)


def labels() -> dict[str, str]:
    """key -> label, in filing order (for lists to choose from)."""
    return {k.key: k.label for k in KINDS}


def order(key: str) -> int:
    """Where the kind's files come in the archive index."""
    return next(n for n, k in enumerate(KINDS) if k.key == key)


def parse_kinds(value: str | Iterable[str]) -> tuple[str, ...]:
    """'all', one kind or several; in the filing order, without repeats."""
    wanted = [value] if isinstance(value, str) else list(value)
    aliases = {alias: k.key for k in KINDS for alias in k.aliases}
    keys = [k.key for k in KINDS]
    names = {k.strip().lower() for k in wanted if k and k.strip()}
    names = {aliases.get(k, k) for k in names}
    unknown = sorted(names - set(keys) - {ALL})
    if unknown or not names:
        given = "、".join(unknown) or "（空）"
        also = "；".join(f"{a} 同 {k}" for a, k in aliases.items())
        raise UserError(
            f"导出类型无效：{given}。可用：{'、'.join(keys)}（{also}），或 {ALL}（全部）。"
        )
    return tuple(keys) if ALL in names else tuple(k for k in keys if k in names)


def check_format(kinds: Iterable[str], fmt: str) -> str:
    """The format, if every chosen kind comes in it (else a UserError naming them)."""
    fmt = fmt.strip().lower()
    if fmt not in FORMATS:
        raise UserError(f"导出格式无效：{fmt[:20]}。可用：{'、'.join(FORMATS)}。")
    chosen = [kind(k) for k in kinds]
    refused = [k.label for k in chosen if fmt not in k.formats]
    if refused:
        able = "、".join(k.key for k in KINDS if fmt in k.formats)
        raise UserError(f"{'、'.join(refused)}不能导出为 {fmt}：{fmt} 格式只用于 {able}。")
    return fmt
