"""Exporting records as Word documents: the use-case behind `xiaoneng export`
and the export screen.

Gathers the records of a kind that the actor may see, for one unit or all and
a period; looks up names and ledger entries; hands plain data to the pure
exporters in `xiaoneng.export`; and writes each document into the folder
under a safe name that never leaves it and never replaces an existing file.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from xiaoneng.errors import OperationError, PermissionDenied, UserError
from xiaoneng.export.common import period_label
from xiaoneng.export.textsafe import output_path, safe_filename
from xiaoneng.model.dates import parse_day
from xiaoneng.services.export_sources import Job, Sources
from xiaoneng.services.permissions import Actor
from xiaoneng.store.modes import private_mkdir

if TYPE_CHECKING:
    from xiaoneng.services.core import Core

KINDS: dict[str, str] = {
    "signin": "学习签到表",
    "study": "学习记录",
    "checks": "自查表/互查表/巡查表",
    "rectifications": "问题整改台账",
    "commitments": "承诺书",
    "report": "年度汇总",
}
# Other names accepted for a kind: the register's own name beside its CLI name.
ALIASES: dict[str, str] = {"register": "rectifications"}
ALL = "all"
EXPORTS_DIR = "exports"
_MAX_STEM_BYTES = 140  # room for "_NNNN.docx" within the 150-byte name limit
Progress = Callable[[int, int], None]


def parse_kinds(value: str | Iterable[str]) -> tuple[str, ...]:
    """'all', one kind or several; in the canonical order, without repeats."""
    wanted = [value] if isinstance(value, str) else list(value)
    names = {k.strip().lower() for k in wanted if k and k.strip()}
    names = {ALIASES.get(k, k) for k in names}
    unknown = sorted(names - set(KINDS) - {ALL})
    if unknown or not names:
        given = "、".join(unknown) or "（空）"
        raise UserError(
            f"导出类型无效：{given}。可用：{'、'.join(KINDS)}（register 同 rectifications），或 {ALL}（全部）。"
        )
    return tuple(KINDS) if ALL in names else tuple(k for k in KINDS if k in names)


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date

    @classmethod
    def of(cls, start: dt.date | None, end: dt.date | None, today: dt.date) -> Period:
        """Neither: this year. Blank start: 1 January of the end's year. Blank end:
        today, or the end of the start's year when the start is still to come."""
        if start is None and end is None:
            return cls(dt.date(today.year, 1, 1), dt.date(today.year, 12, 31))
        if start is None:
            assert end is not None
            start = dt.date(end.year, 1, 1)
        if end is None:
            end = today if start <= today else dt.date(start.year, 12, 31)
        if start > end:
            raise UserError(f"起始日期 {start} 晚于截止日期 {end}。")
        return cls(start, end)

    def contains(self, iso: str | None) -> bool:
        return iso is not None and self.start.isoformat() <= iso[:10] <= self.end.isoformat()

    @property
    def years(self) -> range:
        return range(self.start.year, self.end.year + 1)

    @property
    def label(self) -> str:
        return period_label(self.start, self.end)


def reserve(folder: Path, parts: Iterable[object]) -> Path:
    """Create an empty file with a safe, unused name inside `folder` and return it.

    Exclusive creation: a name that exists (a file, a link, another process's
    export) is never reused; the next numeric suffix is tried instead.
    """
    stem = safe_filename(*parts, ext="", max_len=_MAX_STEM_BYTES)
    for n in range(1, 10_000):
        name = f"{stem}.docx" if n == 1 else f"{stem}_{n}.docx"
        if os.path.lexists(folder / name):
            continue  # taken, even by a link (which is never followed)
        path = output_path(folder, name)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
        os.close(fd)
        return path
    raise OperationError(f"导出目录 {folder} 中同名文件过多：{stem}.docx。")


class ExportService:
    def __init__(self, core: Core):
        self.core = core

    # -- arguments ---------------------------------------------------------------

    def default_folder(self) -> Path:
        return self.core.root / EXPORTS_DIR / self.core.today().isoformat()

    def resolve_unit(self, ref: str) -> str:
        unit = self.core.org.find(ref)
        if unit is None:
            known = "、".join(u.name for u in self.core.org.units()) or "（无）"
            raise UserError(f"单位“{ref.strip()[:40]}”不存在。已有单位：{known}。")
        return unit.id

    def scope(self, actor: Actor, unit: str | None) -> list[str]:
        """The unit ids the actor may export: all, or their own unit for a unit head."""
        if not (actor.sees_all or actor.has("unit_head")):
            raise PermissionDenied(f"{actor.name}无权导出记录：需要管理员、领导或单位负责人角色。")
        unit_id = self.resolve_unit(unit) if unit else None
        if not actor.sees_all:
            if unit_id and unit_id != actor.unit:
                raise PermissionDenied(f"{actor.name}只能导出本单位的记录。")
            return [actor.unit]
        if unit_id:
            return [unit_id]
        return [u.id for u in self.core.org.units(include_inactive=True)]

    # -- the use-case --------------------------------------------------------------

    def run(
        self,
        actor: Actor,
        kinds: str | Iterable[str],
        *,
        folder: str | os.PathLike[str] | None = None,
        unit: str | None = None,
        start: str | dt.date | None = None,
        end: str | dt.date | None = None,
        blank_letters: bool = False,
        progress: Progress | None = None,
    ) -> list[Path]:
        """Write the documents; returns the paths written, in order."""
        jobs = self.plan(actor, kinds, unit=unit, start=start, end=end, blank_letters=blank_letters)
        target = Path(folder) if folder is not None else self.default_folder()
        return self.write(jobs, target, progress)

    def plan(
        self,
        actor: Actor,
        kinds: str | Iterable[str],
        *,
        unit: str | None = None,
        start: str | dt.date | None = None,
        end: str | dt.date | None = None,
        blank_letters: bool = False,
    ) -> list[Job]:
        chosen = parse_kinds(kinds)
        period = Period.of(
            parse_day(start, "起始日期", required=False),
            parse_day(end, "截止日期", required=False),
            self.core.today(),
        )
        units = self.scope(actor, unit)
        sources = Sources(
            self.core, period, units, unit is not None or not actor.sees_all, blank_letters
        )
        jobs: list[Job] = []
        for kind in chosen:
            jobs += sources.jobs(kind)
        return jobs

    def write(self, jobs: list[Job], folder: Path, progress: Progress | None = None) -> list[Path]:
        if folder.is_symlink():
            raise UserError(
                f"导出目录 {folder} 是符号链接：为免写到别处，已拒绝。请给出真实的文件夹。"
            )
        try:
            private_mkdir(folder)  # exports hold names and signatures: 0700 like the data
        except OSError as err:
            raise OperationError(f"无法建立导出目录 {folder}：{err.strerror or err}。") from err
        written: list[Path] = []
        if progress:
            progress(0, len(jobs))
        for n, job in enumerate(jobs, start=1):
            path = reserve(folder, job.name)
            try:
                job.build().save(path)
            except BaseException:
                path.unlink(missing_ok=True)
                raise
            written.append(path)
            if progress:
                progress(n, len(jobs))
        return written
