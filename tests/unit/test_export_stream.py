"""`export all` streams: batch by batch, one document at a time, each batch
reading only its own unit's records; and the same archive whether it is
written here or by a pool of worker processes (apart from the creation
times every .docx and .xlsx carries in docProps/core.xml)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import weakref

import pytest
from conftest import TZ, FixedClock
from helpers.export_data import file_tree, parts, populated_agency  # noqa: F401 (fixture)

from xiaoneng.services import export_kinds, export_stream
from xiaoneng.services.core import open_core
from xiaoneng.services.demo import build_demo
from xiaoneng.services.exporting import ExportService
from xiaoneng.services.permissions import cli_actor

YEAR = {"start": "2026-01-01", "end": "2026-12-31"}


def test_pooled_export_equals_serial_export_byte_for_byte(agency, tmp_path):
    service = ExportService(agency)
    serial = service.run(
        cli_actor(), "all", folder=tmp_path / "serial", blank_letters=True, workers=1, **YEAR
    )
    pooled = service.run(
        cli_actor(), "all", folder=tmp_path / "pooled", blank_letters=True, workers=2, **YEAR
    )
    assert len(serial.files) > 12
    assert file_tree(serial.folder) == file_tree(pooled.folder)
    assert [r.file for r in serial.rows] == [r.file for r in pooled.rows]
    assert serial.rows == pooled.rows  # numbers, titles, ledger codes and pages
    for name in file_tree(serial.folder):
        assert parts((serial.folder / name).read_bytes()) == parts(
            (pooled.folder / name).read_bytes()
        ), name


def test_a_pool_worker_failing_stops_the_export_with_its_error(agency, tmp_path):
    service = ExportService(agency)
    plan = service.prepare(cli_actor(), "commitments", **YEAR)
    plan.spec = dataclasses.replace(plan.spec, root=str(tmp_path / "gone"))
    with pytest.raises(Exception, match="gone"):
        service.write(plan, tmp_path / "out", workers=2)


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    clock = FixedClock(dt.datetime(2026, 11, 30, 9, 30, tzinfo=TZ))
    core, _, _ = build_demo(tmp_path_factory.mktemp("demo") / "d", staff=60, clock=clock)
    return open_core(core.root, clock=clock)  # as a new process finds it: nothing cached


def test_one_document_at_a_time_and_only_the_batchs_unit_in_memory(
    generated, tmp_path, monkeypatch
):
    """Each build finds the document before it gone and, for a batch of one
    unit, no other unit's record partitions cached (the store forgets them)."""
    live: list[weakref.ref] = []
    seen: dict[str, int] = {}
    repos = generated.repos
    real = export_stream.write_batch

    def watched(run, batch, folder):
        kind = export_kinds.kind(batch.kind)
        original = kind.jobs

        def jobs(run, batch):
            for job in original(run, batch):
                build = job.build

                def counted(build=build):
                    gc.collect()
                    gc.freeze()  # the next pass walks only what this document makes
                    assert not [r for r in live if r() is not None], "a document kept"
                    output = build()
                    live.append(weakref.ref(output))
                    cached = [p for p in repos.cached_records() if p.startswith("records/")]
                    cached = [p for p in cached if "/units/" in p]
                    if batch.unit is not None:
                        others = [p for p in cached if f"/{batch.unit}." not in p]
                        assert not others, (batch, others)
                    seen[batch.kind] = seen.get(batch.kind, 0) + 1
                    return output

                yield type(job)(job.kind, job.name, counted, job.entry)

        object.__setattr__(kind, "jobs", jobs)
        try:
            return real(run, batch, folder)
        finally:
            object.__setattr__(kind, "jobs", original)

    monkeypatch.setattr(export_stream, "write_batch", watched)
    # A full collection per document scans the whole heap of a worker that ran
    # hundreds of tests before this one (over 200 s in all); frozen, it scans
    # only what the export made. What is frozen stays frozen (as the run's
    # shared modules are, tests/conftest.py): refcounting still frees it.
    gc.collect()
    gc.freeze()
    written = ExportService(generated).run(
        cli_actor(), ["commitments", "checks"], folder=tmp_path / "x", workers=1, **YEAR
    )
    assert seen["commitments"] > 20 and seen["checks"] > 5
    assert len(written.files) == sum(seen.values())


@pytest.mark.parametrize(
    ("kind", "repo", "reader"),
    [("rectifications", "findings", "finding_docs"), ("papers", "study", "attempt_docs")],
)
def test_an_agency_wide_document_reads_one_unit_file_at_a_time(
    generated, tmp_path, monkeypatch, kind, repo, reader
):
    """The register and the paper archive read every unit's file; each is
    dropped once read (at 50,000 staff the register's worker held 1.4 GB)."""
    repos = generated.repos
    target = getattr(repos, repo)
    real = getattr(target, reader)
    held: list[list[str]] = []

    def reading(year, unit, *args, **kwargs):
        held.append([p for p in repos.cached_records() if "/units/" in p])
        return real(year, unit, *args, **kwargs)

    monkeypatch.setattr(target, reader, reading)
    ExportService(generated).run(cli_actor(), kind, folder=tmp_path / "x", workers=1, **YEAR)
    assert len(held) > 4  # every unit file of the demo read
    assert all(not cached for cached in held), max(held, key=len)
