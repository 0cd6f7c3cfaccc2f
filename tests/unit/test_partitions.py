"""The partitioned layout: a write touches only its own small files, and reads
that span partitions (units, years, people buckets) see everything."""

from __future__ import annotations

import datetime as dt

from conftest import ACTOR, PIN, person

from xiaoneng.model.records import FindingDraft, ItemResult
from xiaoneng.model.status import FindingCounts
from xiaoneng.services.core import Core
from xiaoneng.store import layout
from xiaoneng.store.repos import ledger, units


def _mtimes(root):
    return {p: p.stat().st_mtime_ns for p in root.rglob("*.json") if "backups" not in p.parts}


def test_a_sign_off_touches_only_its_unit_the_ledger_and_nothing_else(org):
    d = dt.date(2026, 4, 30)
    a = org.activities.create(ACTOR, title="三查", template="sancha-check", deadlines={"self": d})
    org.letters.sign_letter(person(org, "H1"), "letter-work-safety", PIN)
    before = _mtimes(org.root)
    tpl = org.activities.template("sancha-check")
    results = {i.id: ItemResult(i.id, "ok") for _g, i in tpl.items_for("self")}
    org.checks.submit(person(org, "S3"), a.id, "self", "S3", PIN, results, {})
    changed = {
        p.relative_to(org.root).as_posix()
        for p, m in _mtimes(org.root).items()
        if before.get(p) != m
    }
    office = person(org, "S3").unit
    assert changed == {
        units.unit_part(2026, office),
        units.summary_part(2026, office),
        ledger.segment_part(0),
        ledger.HEAD_PART,
    }


def test_summaries_always_agree_with_their_unit_files(org):
    d = dt.date(2026, 4, 30)
    a = org.activities.create(ACTOR, title="三查", template="sancha-check", deadlines={"self": d})
    tpl = org.activities.template("sancha-check")
    results = {i.id: ItemResult(i.id, "ok") for _g, i in tpl.items_for("self")}
    for pid in ("S1", "S2", "H1"):
        org.checks.submit(person(org, pid), a.id, "self", pid, PIN, results, {})
    kg = person(org, "S1").unit
    records = org.repos.units
    stored = records.summary(2026, kg)
    assert stored == units.summarize(2026, kg, records.tables(2026, kg))
    assert sorted(c for c, _t in stored["checks"][a.id]["self"]) == ["H1", "S1", "S2"]


def _a_finding_from_last_year(org, clock):
    """S1's self-check of 2025 with one failed item, its finding still open;
    the clock is back in 2026 afterwards. Returns what `submit` returned."""
    clock.now = clock.now.replace(year=2025)
    d = dt.date(2025, 11, 30)
    a = org.activities.create(
        ACTOR, title="2025年三查", template="sancha-check", deadlines={"self": d}
    )
    tpl = org.activities.template("sancha-check")
    results = {i.id: ItemResult(i.id, "ok") for _g, i in tpl.items_for("self")}
    item = next(iter(results))
    results[item] = ItemResult(item, "fail")
    draft = FindingDraft(item=item, problem="去年的问题", deadline="2025-12-20")
    submitted = org.checks.submit(
        person(org, "S1"), a.id, "self", "S1", PIN, results, {item: draft}
    )
    clock.now = clock.now.replace(year=2026)
    return submitted


def test_findings_open_from_last_year_still_show_this_year(org, clock):
    _a_finding_from_last_year(org, clock)
    fresh = Core(org.store, clock=clock)
    rows = fresh.findings.rows(ACTOR)
    assert [r["problem"] for r in rows] == ["去年的问题"] and rows[0]["overdue"]
    kg = next(u for u in fresh.status.units() if u.unit == person(org, "S1").unit)
    assert kg.findings == FindingCounts(open=1, overdue=1, closed=0)
    assert fresh.repos.units.years() == [2025]  # read from last year's partitions


def test_people_spread_over_buckets_are_all_listed(core):
    from xiaoneng.services.roster import new_person

    people = [new_person(f"P{i:04d}", f"人员{i}", "测试机关") for i in range(300)]
    core.roster.add_many(ACTOR, people)
    buckets = core.store.list_parts(layout.PEOPLE_DIR)
    assert len(buckets) > 100  # hashed over up to 256 small files
    assert {p.id for p in core.roster.people()} >= {p.id for p in people}
    assert core.roster.get("P0123").name == "人员123"


def test_an_earlier_year_with_nothing_open_is_not_read_for_status(org, clock, monkeypatch):
    """Status carries open findings of earlier years; a year whose register
    head counts none open is skipped without reading its figures."""
    checked, _ = _a_finding_from_last_year(org, clock)
    fresh = Core(org.store, clock=clock)
    read: list[int] = []
    rows = fresh.repos.figures.rows
    monkeypatch.setattr(fresh.repos.figures, "rows", lambda y: read.append(y) or rows(y))
    kg = person(org, "S1").unit
    assert next(u for u in fresh.status.units() if u.unit == kg).findings.open == 1
    assert 2025 in read  # open: its figures are read
    # Closed (rectified and reviewed as passed): nothing of 2025 is open any more.
    fid = checked.findings[0]
    org.findings.add_progress(person(org, "S1"), fid, "已整改", done=True)
    finding = org.findings.get(fid)
    reviewer = person(org, finding.reviewer) if finding.reviewer else ACTOR
    org.findings.review(reviewer, fid, PIN, passed=True, note="核实无误")
    fresh = Core(org.store, clock=clock)
    read.clear()
    rows = fresh.repos.figures.rows
    monkeypatch.setattr(fresh.repos.figures, "rows", lambda y: read.append(y) or rows(y))
    status = next(u for u in fresh.status.units() if u.unit == kg)
    assert (status.findings.open, status.findings.closed) == (0, 0)  # this year's figures
    assert read == [2026]
