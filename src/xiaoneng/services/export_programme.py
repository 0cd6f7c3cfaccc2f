"""Export sources of the 巾帼文明岗 programme (see export_kinds for the
batch/job contract): `class`, each training class's timetable, sign-in sheets
per course, participant list and completion certificates; `posts`, each
applicant post's 档案目录 and 考核评分表. The programme is the agency's own,
not a unit's: a run narrowed to one unit has none of it."""

from __future__ import annotations

from collections.abc import Iterator

from xiaoneng.services.export_sources import Batch, Job, Run
from xiaoneng.services.posts_export import ProgrammeExport


def class_batches(run: Run) -> Iterator[Batch]:
    """One batch a class that starts in the period."""
    if run.unit_name is not None:
        return
    for year in run.period.years:
        for training in run.repos.training.classes(year):
            if run.period.contains(training.start):
                yield Batch("class", year, None, training.id)


def class_jobs(run: Run, batch: Batch) -> Iterator[Job]:
    training = run.repos.training.get(batch.key or "")
    if training is not None:
        yield from ProgrammeExport(run.core).training_jobs(training)


def post_batches(run: Run) -> Iterator[Batch]:
    """One batch a programme year in the period with applicant posts."""
    if run.unit_name is not None:
        return
    for year in run.period.years:
        if run.repos.posts.in_year(year):
            yield Batch("posts", year)


def post_jobs(run: Run, batch: Batch) -> Iterator[Job]:
    if batch.year is None:
        return
    export = ProgrammeExport(run.core)
    yield from export.year_files_jobs(batch.year)
    yield from export.year_score_jobs(batch.year)
