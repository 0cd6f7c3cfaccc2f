"""The findings indexes (records/<year>/findings/ for the register's rows and
its head, records/<year>/waiting/ for the findings waiting for each person): kept by
every write that changes a unit summary, equal to a rebuild from the
summaries after each kind of write, after a restore, and rebuilt (and named by
verify) after a hand edit."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import threading

from conftest import ACTOR, PIN
from filelock import FileLock

from xiaoneng.model.records import FindingDraft, ItemResult
from xiaoneng.services.core import open_core
from xiaoneng.services.restore import restore
from xiaoneng.services.roster import new_person
from xiaoneng.store import backup
from xiaoneng.store import store as store_module
from xiaoneng.store.repos import register_head
from xiaoneng.store.repos.figures import SHARDS, shard_of
from xiaoneng.store.repos.finding_index import (
    FORMAT,
    HEAD,
    INDEX,
    build_index,
    head_part,
    rows_part,
    waiting_part,
)

YEAR = 2026
DEADLINE = dt.date(2026, 4, 30)


def _kept(core) -> tuple[dict, dict]:
    """The stored indexes, checked sealed and equal to a rebuild from scratch."""
    fresh = open_core(core.root, clock=core.clock)  # nothing cached
    index = fresh.repos.finding_index
    rows: dict = {}
    waiting: dict = {}
    head: dict = {}
    for part, doc in index.stored(YEAR).items():
        assert doc is not None and doc["format"] == FORMAT, f"{part} is missing"
        assert index._valid(part, YEAR, doc, index.what(part)), f"{part} is not sealed"
        if index.what(part) == HEAD:
            head = doc[HEAD]
        else:
            (rows if "/findings/" in part else waiting).update(doc[index.what(part)])
    assert (rows, waiting) == index.build(YEAR)
    assert (rows, waiting) == build_index(fresh.repos.figures.sealed_summaries(YEAR))
    assert register_head.problems(head, [r for found in rows.values() for r in found]) == []
    # The head names the digest of each rows file's bytes, which reads trust.
    assert head["files"] == {
        s: hashlib.sha256((core.root / rows_part(YEAR, s)).read_bytes()).hexdigest() for s in SHARDS
    }
    # So does the sealed digests file for the waiting files, which the home trusts.
    assert index._waiting_digests(YEAR) == {
        s: hashlib.sha256((core.root / waiting_part(YEAR, s)).read_bytes()).hexdigest()
        for s in SHARDS
    }
    return rows, waiting


def _ids(entries) -> list[str]:
    return [e["id"] for e in entries]


def _draft(item, problem, deadline, responsible="", reviewer="L1"):
    return FindingDraft(
        item=item,
        problem=problem,
        measure="整改",
        deadline=deadline,
        responsible=responsible,
        reviewer=reviewer if responsible else "",
    )


def _activity(core):
    kg, office = core.org.find("测试幼儿园").id, core.org.find("测试机关").id
    return core.activities.create(
        ACTOR,
        title="2026年度三查活动",
        template="sancha-check",
        deadlines={"self": DEADLINE, "peer": DEADLINE, "lead": DEADLINE},
        leads={"L1": [kg, office]},
    )


def _lead_findings(core, activity, target, drafts: dict) -> list[str]:
    """A lead check of `target` failing the items of `drafts`: the finding ids."""
    tpl = core.activities.template("sancha-check")
    results = {i.id: ItemResult(i.id, "ok") for _g, i in tpl.items_for("lead")}
    for item in drafts:
        results[item] = ItemResult(item, "fail")
    checked, _ = core.checks.submit(
        core.roster.require("L1"), activity.id, "lead", target, PIN, results, drafts
    )
    return list(checked.findings)


def test_every_kind_of_write_keeps_the_indexes_equal_to_a_rebuild(org):
    who = org.roster.require
    kg, office = org.org.find("测试幼儿园").id, org.org.find("测试机关").id
    activity = _activity(org)
    assert org.findings.rows(ACTOR) == []  # the first read builds them (empty)
    assert _kept(org) == ({}, {})

    # Opened: the responsible person must rectify it.
    tpl = org.activities.template("sancha-check")
    results = {i.id: ItemResult(i.id, "ok") for _g, i in tpl.items_for("self")}
    results["duty-first-ask"] = ItemResult("duty-first-ask", "fail", "首问登记不全")
    own, _ = org.checks.submit(
        who("S1"),
        activity.id,
        "self",
        "S1",
        PIN,
        results,
        {"duty-first-ask": _draft("duty-first-ask", "缺少三月记录", "2026-03-20")},
    )
    fid = own.findings[0]
    rows, waiting = _kept(org)
    assert _ids(rows[kg]) == [fid] and _ids(waiting["S1"]) == [fid]
    assert waiting["S1"][0]["kind"] == "fix"
    assert _ids(org.findings.mine(who("S1"))[0]) == [fid]

    # Two in the office, for S3 to rectify and L1 to review.
    office_ids = _lead_findings(
        org,
        activity,
        office,
        {
            "duty-unit-public": _draft("duty-unit-public", "办事指南未公开", "2026-04-10", "S3"),
            "duty-first-ask": _draft("duty-first-ask", "首问未登记", "2026-04-20", "S3"),
        },
    )
    assert _ids(_kept(org)[1]["S3"]) == sorted(office_ids)
    assert "L1" not in _kept(org)[1]  # nothing to review yet

    # Rectified (progress, then done: now L1 must review it, S3 no longer acts).
    first, second = sorted(office_ids)
    org.findings.add_progress(who("S3"), first, "已上墙公开")
    assert _kept(org)[1]["S3"][0]["state"] == "in_progress"
    org.findings.add_progress(who("S3"), first, "已完成", done=True)
    rows, waiting = _kept(org)
    assert _ids(waiting["S3"]) == [second] and _ids(waiting["L1"]) == [first]
    assert waiting["L1"][0]["kind"] == "review"
    assert _ids(org.findings.mine(who("L1"))[1]) == [first]

    # Reviewed and sent back, then done again and closed.
    org.findings.review(who("L1"), first, PIN, passed=False, note="未见公开照片")
    assert "L1" not in _kept(org)[1] and _ids(_kept(org)[1]["S3"]) == [first, second]
    org.findings.add_progress(who("S3"), first, "已补照片", done=True)
    org.findings.review(who("L1"), first, PIN, passed=True, note="核实无误")
    rows, waiting = _kept(org)
    assert [r["state"] for r in rows[office]] == ["closed", "open"]
    assert "L1" not in waiting and _ids(waiting["S3"]) == [second]

    # People moved between units, added, leaving: the findings stay with their
    # unit's file and the people who must act on them.
    org.roster.edit(ACTOR, "S1", unit="测试机关")
    org.roster.set_active(ACTOR, "S3", False)
    org.roster.add(ACTOR, new_person("N1", "人员新", "新单位"), new_unit=True)
    rows, waiting = _kept(org)
    assert _ids(waiting["S1"]) == [fid] and _ids(waiting["S3"]) == [second]
    assert _ids(rows[kg]) == [fid]

    # The register reads the index; one unit's rows still come from its summary.
    fresh = open_core(org.root, clock=org.clock)
    every = fresh.findings.rows(ACTOR)
    assert sorted(_ids(every)) == sorted([fid, *office_ids])
    assert _ids(fresh.findings.rows(ACTOR, unit=office)) == _ids(
        [r for r in every if r["unit"] == office]
    )
    assert _ids(fresh.findings.rows(who("S1"))) == [fid]  # only what S1 may see
    todo = fresh.todo.for_person(fresh.roster.require("S1"))
    assert [(i.kind, i.ref) for i in todo if i.ref[0] == "finding"] == [("fix", ("finding", fid))]


def test_a_restore_brings_indexes_that_agree_and_an_older_backup_gets_them_rebuilt(org, clock):
    activity = _activity(org)
    office = org.org.find("测试机关").id
    first = _lead_findings(
        org,
        activity,
        office,
        {"duty-unit-public": _draft("duty-unit-public", "办事指南未公开", "2026-04-10", "S3")},
    )
    org.findings.rows(ACTOR)
    org.store.settle()
    kept = backup.write_backup(org.root, reason="manual", now=clock())
    org.findings.add_progress(org.roster.require("S3"), first[0], "已完成", done=True)
    assert "L1" in _kept(org)[1]
    clock.advance(minutes=5)
    restore(org.root, kept, clock=clock)
    rows, waiting = _kept(org)
    assert _ids(waiting["S3"]) == first and "L1" not in waiting

    # A backup from before the indexes existed: the first read rebuilds them.
    for folder in ("findings", "waiting"):
        shutil.rmtree((org.root / rows_part(YEAR, "0")).parent.parent / folder)
    clock.advance(minutes=5)
    older = backup.write_backup(org.root, reason="manual", now=clock())
    clock.advance(minutes=5)
    restore(org.root, older, clock=clock)
    assert not (org.root / waiting_part(YEAR, "0")).exists()
    again = open_core(org.root, clock=clock)
    assert _ids(again.findings.mine(again.roster.require("S3"))[0]) == first
    assert _kept(again)[1]["S3"][0]["id"] == first[0]


def _edit(path, change) -> None:
    doc = json.loads(path.read_text("utf-8"))
    change(doc[INDEX][INDEX])
    path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")


def test_a_hand_edit_is_named_by_verify_and_rebuilt_by_the_next_read(org):
    activity = _activity(org)
    office = org.org.find("测试机关").id
    ids = _lead_findings(
        org,
        activity,
        office,
        {"duty-unit-public": _draft("duty-unit-public", "办事指南未公开", "2026-04-10", "S3")},
    )
    org.findings.mine(org.roster.require("S3"))
    assert org.verifier.run().ok
    part = waiting_part(YEAR, shard_of("S3"))
    path = org.root / part
    sealed_then = path.read_bytes()

    _edit(path, lambda doc: doc["people"].pop("S3"))  # someone hides their to-do
    report = open_core(org.root, clock=org.clock).verifier.run()
    assert [p.file for p in report.problems] == [part]
    assert "校验码不符" in report.problems[0].what
    fresh = open_core(org.root, clock=org.clock)
    assert _ids(fresh.findings.mine(fresh.roster.require("S3"))[0]) == ids  # rebuilt
    assert _kept(fresh)[1]["S3"][0]["id"] == ids[0]
    assert fresh.verifier.run().ok

    # An old sealed copy put back: sealed, but not what the summaries say.
    fresh.findings.add_progress(fresh.roster.require("S3"), ids[0], "已完成", done=True)
    path.write_bytes(sealed_then)
    report = open_core(org.root, clock=org.clock).verifier.run()
    assert [p.file for p in report.problems] == [part]
    assert "S3" in report.problems[0].what and "旧的副本" in report.problems[0].what
    # The home does not trust it: its bytes are not the recorded ones.
    again = open_core(org.root, clock=org.clock)
    assert again.findings.mine(again.roster.require("S3"))[0] == []  # rebuilt: done
    assert _ids(again.findings.mine(again.roster.require("L1"))[1]) == ids  # to review
    assert again.verifier.run().ok

    # The register's rows: an edit is named too.
    rpart = rows_part(YEAR, shard_of(office))
    _edit(org.root / rpart, lambda doc: doc["units"][office][0].update(state="closed"))
    report = open_core(org.root, clock=org.clock).verifier.run()
    assert rpart in [p.file for p in report.problems]
    assert "整改台账索引" in " ".join(p.what for p in report.problems)


def test_a_write_against_an_unsound_rows_file_leaves_both_to_the_next_read(org):
    activity = _activity(org)
    office = org.org.find("测试机关").id
    ids = _lead_findings(
        org,
        activity,
        office,
        {"duty-unit-public": _draft("duty-unit-public", "办事指南未公开", "2026-04-10", "S3")},
    )
    org.findings.rows(ACTOR)
    _edit(org.root / rows_part(YEAR, shard_of(office)), lambda doc: doc["units"].clear())
    # Marked done: the waiting entries cannot be kept by difference any more.
    fresh = open_core(org.root, clock=org.clock)
    fresh.findings.add_progress(fresh.roster.require("S3"), ids[0], "已完成", done=True)
    again = open_core(org.root, clock=org.clock)
    assert again.repos.finding_index.stored(YEAR)[waiting_part(YEAR, shard_of("L1"))] is None
    assert _ids(again.findings.mine(again.roster.require("L1"))[1]) == ids  # rebuilt
    assert _ids(_kept(again)[1]["L1"]) == ids and "S3" not in _kept(again)[1]


def test_a_write_leaves_missing_indexes_to_the_next_read(org):
    activity = _activity(org)
    office = org.org.find("测试机关").id
    folder = (org.root / waiting_part(YEAR, "0")).parent
    _lead_findings(
        org,
        activity,
        office,
        {"duty-unit-public": _draft("duty-unit-public", "办事指南未公开", "2026-04-10", "S3")},
    )
    assert not folder.exists()  # nothing read yet
    org.roster.add(ACTOR, new_person("N1", "人员新", "测试幼儿园"))
    assert not folder.exists()
    assert len(org.findings.mine(org.roster.require("S3"))[0]) == 1
    assert folder.exists() and len(_kept(org)[1]["S3"]) == 1


def _without_head(core):
    """`core`'s folder with findings and no register head: a fresh core on it."""
    activity = _activity(core)
    office = core.org.find("测试机关").id
    _lead_findings(
        core,
        activity,
        office,
        {"duty-unit-public": _draft("duty-unit-public", "办事指南未公开", "2026-04-10", "S3")},
    )
    core.findings.rows(ACTOR)
    (core.root / head_part(YEAR)).unlink()
    return open_core(core.root, clock=core.clock)


def test_a_read_while_another_thread_writes_waits_and_rebuilds(org):
    # A screen's worker read the register while another thread's transaction
    # was open: the read took the transaction for its own, built a head for
    # itself only, without the rows files' digests, and failed on them.
    fresh = _without_head(org)
    index = fresh.repos.finding_index
    entered, go = threading.Event(), threading.Event()
    got: dict = {}

    def write() -> None:
        with fresh.store.transaction():
            entered.set()
            go.wait(10)

    def read() -> None:
        try:
            got["rows"] = index.rows(YEAR)
        except Exception as err:  # noqa: BLE001 - reported by the test below
            got["error"] = err

    writer = threading.Thread(target=write)
    writer.start()
    assert entered.wait(10)
    reader = threading.Thread(target=read)
    reader.start()
    reader.join(0.3)
    assert reader.is_alive() and not got  # waiting for the lock
    go.set()
    writer.join(10)
    reader.join(10)
    assert "error" not in got, got.get("error")
    assert got["rows"] == index.build(YEAR)[0]
    assert (org.root / head_part(YEAR)).exists()  # rebuilt and written back
    _kept(fresh)


def test_a_read_when_the_lock_stays_busy_builds_the_rows_for_itself(org, monkeypatch):
    fresh = _without_head(org)
    monkeypatch.setattr(store_module, "WAIT_NOTICE_AFTER", 0.05)
    fresh.store.lock_timeout = 0.05
    other = FileLock(org.root / store_module.LOCK_FILE)  # as another process holds it
    with other:
        rows = fresh.repos.finding_index.rows(YEAR)
        assert not (org.root / head_part(YEAR)).exists()  # nothing written
    assert rows == fresh.repos.finding_index.build(YEAR)[0] and rows
