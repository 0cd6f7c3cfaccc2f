"""Export sources of the summaries: the rectification register and the
year's report, each as a Word document or an Excel workbook (`run.format`).
See export_kinds for the batch/job contract."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial

from xiaoneng.export import register, report, sheets
from xiaoneng.export.index import Entry
from xiaoneng.model import record_numbers as rn
from xiaoneng.model.records import Finding
from xiaoneng.services.export_sources import XLSX, Batch, Doc, Job, Output, Run

# -- 问题整改台账 -------------------------------------------------------------------


def register_batches(run: Run) -> Iterator[Batch]:
    yield Batch("rectifications")  # one register for the period and the units


def _register_rows(run: Run) -> list[Finding]:
    """Findings of the period, and older ones still open at its start."""
    start = run.period.start.isoformat()
    years = [y for y in run.repos.units.years() if y <= run.period.end.year]
    rows = []

    def docs(year: int, unit: str) -> dict[str, Doc]:
        # A finding's state is folded only from events its ledger entry signs.
        return run.repos.findings.finding_docs(year, unit, events=run.genuine)

    for _y, _u, f in run.each(docs, years):
        carried = f["found_at"][:10] < start and (
            f["state"] != "closed" or f.get("closed_at", "")[:10] >= start
        )
        if run.period.contains(f["found_at"]) or carried:
            rows.append(Finding.from_dict(f))
    rows.sort(key=lambda f: (f.found_at, f.id))
    return rows


def register_jobs(run: Run, batch: Batch) -> Iterator[Job]:
    rows = _register_rows(run)
    if not rows:
        return
    number = rn.register_number(run.period.start, run.period.end, run.unit_no)
    build: Callable[[], Output]
    if run.format == XLSX:
        build = partial(
            sheets.register_workbook,
            rows,
            run.directory,
            today=run.today,
            period=run.period.label,
            scope=run.scope_name,
            head=run.head,
            number=number,
        )
    else:
        build = partial(
            register.rectification_register,
            rows,
            run.directory,
            today=run.today,
            period=run.period.label,
            unit_name=run.unit_name,
            head=run.head,
            number=number,
            fonts=run.fonts,
        )
    entry = _summary_entry(run, number, f"问题整改台账（{run.period.label}）")
    parts = register.register_file_parts(number, run.unit_name, run.directory.agency)
    yield Job("rectifications", parts, build, entry)


# -- 年度汇总 -----------------------------------------------------------------------


def report_batches(run: Run) -> Iterator[Batch]:
    for year in run.period.years:
        yield Batch("report", year)


def report_jobs(run: Run, batch: Batch) -> Iterator[Job]:
    assert batch.year is not None
    data = run.core.status.report(batch.year).narrowed(run.units)
    number = rn.report_number(batch.year, run.unit_no)
    build: Callable[[], Output]
    if run.format == XLSX:
        build = partial(
            sheets.status_workbook,
            data,
            scope=run.scope_name,
            today=run.today,
            head=run.head,
            number=number,
        )
    else:
        build = partial(
            report.annual_report,
            data,
            agency=run.directory.agency,
            today=run.today,
            unit_name=run.unit_name,
            head=run.head,
            number=number,
            fonts=run.fonts,
        )
    entry = _summary_entry(run, number, f"{batch.year}年度效能建设和安全生产工作情况汇总")
    parts = report.report_file_parts(number, run.directory.agency, run.unit_name)
    yield Job("report", parts, build, entry)


def _summary_entry(run: Run, number: rn.RecordNumber, title: str) -> Entry:
    """A summary's index entry: it covers the scope and carries the ledger head."""
    return Entry(
        str(number), title, run.scope_name, run.today, run.head_code(), (number.sort_key(),)
    )
