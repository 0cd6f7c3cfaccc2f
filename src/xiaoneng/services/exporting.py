"""Exporting records as Word (and Excel) files: the use-case behind
`xiaoneng export` and the export screen.

Gathers the records of the chosen kinds that the actor may see, for one unit
or all and a period (export_kinds lists the kinds and where their records
come from); hands plain data to the pure exporters in `xiaoneng.export`; and
writes an archive: a folder per kind, the 归档目录 index with every file's
pages, and on request the same as a .zip (export_archive). A file never
leaves the folder and never replaces an existing one.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from xiaoneng.errors import PermissionDenied, UserError
from xiaoneng.export.common import LedgerHead, period_label
from xiaoneng.model.dates import parse_day
from xiaoneng.services import export_kinds
from xiaoneng.services.export_archive import (
    Progress,
    Written,
    write_index,
    write_one,
    write_zip,
)
from xiaoneng.services.export_kinds import check_format, parse_kinds
from xiaoneng.services.export_sources import DOCX, XLSX, Job, Run
from xiaoneng.services.export_spool import SpooledFiles
from xiaoneng.services.export_stream import Plan, spec_of, stream
from xiaoneng.services.ledger import short
from xiaoneng.services.permissions import Actor
from xiaoneng.services.posts import require_view
from xiaoneng.services.settings import load_fonts

if TYPE_CHECKING:
    from xiaoneng.services.core import Core

EXPORTS_DIR = "exports"


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
        fmt: str = DOCX,
        zip_archive: bool = False,
        progress: Progress | None = None,
        workers: int | None = None,
    ) -> Written:
        """Write the documents, the index and (`zip_archive`) the .zip."""
        plan = self.prepare(
            actor, kinds, unit=unit, start=start, end=end, blank_letters=blank_letters, fmt=fmt
        )
        target = Path(folder) if folder is not None else self.default_folder()
        return self.write(plan, target, progress, zip_archive=zip_archive, workers=workers)

    def status_workbook(
        self, actor: Actor, year: int, folder: str | os.PathLike[str] | None = None
    ) -> Path:
        """`status --format xlsx`: the year's figures as one workbook (汇总 and a
        sheet per unit the actor may see), in `folder` (default: today's exports)."""
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        jobs = self.plan(actor, "report", start=first, end=last, fmt=XLSX)
        target = Path(folder) if folder is not None else self.default_folder()
        return write_one(jobs[0], target)

    def prepare(
        self,
        actor: Actor,
        kinds: str | Iterable[str],
        *,
        unit: str | None = None,
        start: str | dt.date | None = None,
        end: str | dt.date | None = None,
        blank_letters: bool = False,
        fmt: str = DOCX,
    ) -> Plan:
        """The export as batches of the chosen kinds (a year, a unit, a record),
        checked and listed but not read yet: `write` builds them one by one."""
        chosen = parse_kinds(kinds)
        fmt = check_format(chosen, fmt)
        period = Period.of(
            parse_day(start, "起始日期", required=False),
            parse_day(end, "截止日期", required=False),
            self.core.today(),
        )
        if unit is None and all(export_kinds.kind(k).programme for k in chosen):
            require_view(actor)  # 巾帼文明岗 documents: the programme's department too
            units, narrowed = [u.id for u in self.core.org.units(include_inactive=True)], False
        else:
            units = self.scope(actor, unit)
            narrowed = unit is not None or not actor.sees_all
        run = Run(self.core, period, units, narrowed, blank_letters, fmt)
        batches = [b for key in chosen for b in export_kinds.kind(key).batches(run)]
        return Plan(run, spec_of(self.core, run, narrowed), batches)

    def plan(
        self,
        actor: Actor,
        kinds: str | Iterable[str],
        *,
        unit: str | None = None,
        start: str | dt.date | None = None,
        end: str | dt.date | None = None,
        blank_letters: bool = False,
        fmt: str = DOCX,
    ) -> list[Job]:
        """Every job of the chosen kinds at once (each holds its records until
        built): for a single document or a look at what an export would hold."""
        prepared = self.prepare(
            actor, kinds, unit=unit, start=start, end=end, blank_letters=blank_letters, fmt=fmt
        )
        run = prepared.run
        return [j for b in prepared.batches for j in export_kinds.kind(b.kind).jobs(run, b)]

    def write(
        self,
        plan: Plan,
        folder: Path,
        progress: Progress | None = None,
        *,
        zip_archive: bool = False,
        workers: int | None = None,
    ) -> Written:
        """Each document into its kind's folder, batch by batch (in a pool of
        `workers` processes, or here: see export_stream), then 归档目录.docx/.xlsx
        listing them (with their pages), then the .zip of it all when asked.

        The files and rows of what is returned are read from the index spool
        (export_spool), not held in memory."""
        existed = folder.exists()
        rows = stream(plan, folder, progress, workers=workers)
        if not rows:
            rows.close()
            if not existed:
                _remove_empty(folder)
            return Written(folder, [], [], [])
        files = SpooledFiles(folder, rows)
        head = self.core.repos.ledger.head()
        index = write_index(
            rows,
            folder,
            agency=self.core.agency().get("name", ""),
            today=self.core.today(),
            head=LedgerHead(head["seq"], short(head["hash"])) if head else None,
            fonts=load_fonts(self.core.root),
        )
        archive = write_zip(folder, itertools.chain(files, index)) if zip_archive else None
        return Written(folder, files, index, rows, archive)


def _remove_empty(folder: Path) -> None:
    """An export that found nothing leaves no folders behind."""
    for sub in sorted(folder.glob("*"), reverse=True):
        if sub.is_dir() and not sub.is_symlink() and not any(sub.iterdir()):
            sub.rmdir()
    if folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
