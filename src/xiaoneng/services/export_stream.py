"""Writing an export one piece of work at a time, in this process or in a pool.

An export is cut into batches (a kind, a year, a unit, a record: see
export_kinds). Each batch reads only its own records, builds its documents
one at a time, saves each as it is built and hands back only a small row for
the archive index, which the main process spools to disk (export_spool), so
memory grows neither with the agency nor with the files written. Batches go to a pool
of worker processes (both cores) when the agency is large enough for the
workers' start-up to pay; each worker opens the same data folder read-only
and rebuilds the run from a `RunSpec`. Files, record numbers and the index
order are the same either way: every row carries the key it is filed by and
the spool sorts the rows at the end.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from xiaoneng.errors import OperationError
from xiaoneng.export.index import IndexRow
from xiaoneng.services import export_kinds
from xiaoneng.services.export_archive import private_folder, save_job
from xiaoneng.services.export_sources import Batch, Run
from xiaoneng.services.export_spool import IndexSpool, SpooledRows

if TYPE_CHECKING:
    from xiaoneng.services.core import Core

Progress = Callable[[int, int], None]
# An agency smaller than this is written in one process: starting the
# workers (a second of imports each) would cost more than they save.
POOL_FROM_PEOPLE = 400
WORKERS = 2


@dataclass(frozen=True)
class RunSpec:
    """What a worker process needs to rebuild the parent's `Run` (picklable)."""

    root: str
    now: dt.datetime
    checklist_dirs: tuple[str, ...]
    start: dt.date
    end: dt.date
    units: tuple[str, ...]
    narrowed: bool
    blank: bool
    fmt: str


@dataclass(frozen=True)
class Made:
    """One file an export wrote: where it is filed, its path, its index row."""

    filed: tuple[object, ...]
    path: str  # relative to the export folder
    row: IndexRow


@dataclass
class Plan:
    """An export ready to write: its run, spec and batches (not yet read)."""

    run: Run
    spec: RunSpec
    batches: list[Batch]

    @property
    def people(self) -> int:
        return len(self.run.directory.people)


def write_batch(run: Run, batch: Batch, folder: Path) -> list[Made]:
    """Build and save the documents of one batch, one at a time."""
    kind = export_kinds.kind(batch.kind)
    made = []
    for job in kind.jobs(run, batch):
        path, output = save_job(job, folder / kind.folder, durable=False)
        pages = output.page_count()
        inside = f"{kind.folder}/{path.name}"
        filed = (export_kinds.order(job.kind), *job.entry.order, path.name)
        made.append(Made(filed, inside, IndexRow(job.entry, kind.folder, inside, pages)))
        del output  # one document in memory at a time
    run.repos.forget_records()  # what the next batch needs it reads again
    return made


def stream(
    plan: Plan, folder: Path, progress: Progress | None = None, *, workers: int | None = None
) -> SpooledRows:
    """Write every batch of `plan` into `folder`; the index rows in filing order
    (spooled to disk as the batches finish: see export_spool).

    `workers`: 1 writes here, 2 or more in a pool; None picks by the agency's size.
    """
    private_folder(folder)
    total = len(plan.batches)
    if progress:
        progress(0, total)
    if workers is None:
        workers = WORKERS if plan.people >= POOL_FROM_PEOPLE and total > 1 else 1
    workers = max(1, min(workers, total, os.cpu_count() or 1, 8)) if total else 1
    batches = _serial(plan, folder) if workers == 1 else _pooled(plan, folder, workers)
    spool = IndexSpool(folder)
    try:
        for done, rows in enumerate(batches, start=1):
            spool.add(rows)
            if progress:
                progress(done, total)
    except BaseException:
        spool.close()
        raise
    if len(spool):
        os.sync()  # flushed once for the whole export, not file by file
    return spool.finish()


def _serial(plan: Plan, folder: Path) -> Iterator[list[Made]]:
    for batch in plan.batches:
        yield write_batch(plan.run, batch, folder)


def _pooled(plan: Plan, folder: Path, workers: int) -> Iterator[list[Made]]:
    """Batches handed to `workers` processes, at most two waiting per worker."""
    context = multiprocessing.get_context("spawn")  # no forked copy of a threaded parent
    with ProcessPoolExecutor(workers, context) as pool:
        pending: set[Future[list[Made]]] = set()
        try:
            for batch in plan.batches:
                pending.add(pool.submit(_work, plan.spec, batch, str(folder)))
                if len(pending) >= 2 * workers:
                    done, pending = wait(pending, return_when=FIRST_COMPLETED)
                    for future in done:
                        yield future.result()
            for future in pending:
                yield future.result()
        except BrokenProcessPool as err:
            raise OperationError(f"导出进程意外退出（{err}）：请用 --jobs 1 重试。") from err
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise


# -- in a worker process ---------------------------------------------------------------

_RUN: Run | None = None


def _work(spec: RunSpec, batch: Batch, folder: str) -> list[Made]:
    """One batch in a worker: the run is rebuilt on the worker's first batch."""
    global _RUN
    if _RUN is None:
        _RUN = run_from_spec(spec)
    return write_batch(_RUN, batch, Path(folder))


def run_from_spec(spec: RunSpec) -> Run:
    """The parent's run, rebuilt on the same data folder and the same clock."""
    from xiaoneng.services.core import open_core
    from xiaoneng.services.exporting import Period

    dirs = [Path(d) for d in spec.checklist_dirs]
    core = open_core(Path(spec.root), clock=lambda: spec.now, checklist_dirs=dirs)
    period = Period(spec.start, spec.end)
    return Run(core, period, list(spec.units), spec.narrowed, spec.blank, spec.fmt)


def spec_of(core: Core, run: Run, narrowed: bool) -> RunSpec:
    return RunSpec(
        str(core.root),
        core.now(),
        tuple(str(d) for d in core.checklist_dirs),
        run.period.start,
        run.period.end,
        tuple(run.units),
        narrowed,
        run.blank,
        run.format,
    )
