"""The agency-wide status figures (records/<year>/figures/): kept by every
write that changes a unit summary, a member file or the sessions, equal to a
rebuild from scratch after each write, after a restore, and rebuilt (and named
by verify) after a hand edit."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil

from conftest import ACTOR, PIN, person

from xiaoneng.model.records import FindingDraft, ItemResult
from xiaoneng.services.core import open_core
from xiaoneng.services.restore import restore
from xiaoneng.services.roster import new_person
from xiaoneng.store import backup
from xiaoneng.store.repos.figures import SHARDS, digests_part, figures_part, shard_of

YEAR = 2026
MODULE = "work-safety-law-2021"
LETTER = "letter-work-safety"
DEADLINE = dt.date(2026, 4, 30)


def _kept(core) -> dict:
    """The stored figures, checked sealed and equal to a rebuild from scratch."""
    figures = open_core(core.root, clock=core.clock).repos.figures  # nothing cached
    stored = figures.stored_rows(YEAR)
    assert stored is not None, "a figures file is missing or unsealed"
    assert stored == figures.expected(YEAR)
    assert stored == figures.build(YEAR)
    # Reads trust each file by the digest of its bytes, recorded sealed beside them.
    digests = json.loads((core.root / digests_part(YEAR)).read_text("utf-8"))["figures"]["figures"]
    assert figures._valid(digests_part(YEAR), YEAR, digests, "files")
    assert digests["files"] == {
        s: hashlib.sha256((core.root / figures_part(YEAR, s)).read_bytes()).hexdigest()
        for s in SHARDS
    }
    return stored


def _session(core, attendees, minutes=30):
    return core.sessions.create(
        ACTOR,
        title="安全生产法集中学习",
        module=MODULE,
        start=core.clock() + dt.timedelta(minutes=minutes),
        place="三楼会议室",
        host="领导甲",
        attendees=attendees,
        recorder="办公室科员",
    )


def _draft(item, problem, deadline, responsible=""):
    return FindingDraft(
        item=item,
        problem=problem,
        measure="整改",
        deadline=deadline,
        responsible=responsible,
        reviewer="L1" if responsible else "",
    )


def test_every_kind_of_write_keeps_the_figures_equal_to_a_rebuild(org):
    who = org.roster.require
    kg, office = org.org.find("测试幼儿园").id, org.org.find("测试机关").id
    session = _session(org, ["S1", "S2", "H1", "S3", "L1"])
    assert org.status.units()  # the first read builds the file
    before = _kept(org)
    assert before[kg]["sessions"][session.id] == [3, 0]

    org.sessions.attend(who("S1"), session.id, PIN)
    org.sessions.record(ACTOR, session.id, "S2", "leave", "外出培训")
    org.sessions.record(ACTOR, session.id, "H1", "late", "次日补签")
    assert _kept(org)[kg]["sessions"][session.id] == [3, 2]

    module = org.study.module(MODULE)
    org.study.submit_quiz(who("S1"), MODULE, [set(q.answer) for q in module.questions])
    org.study.complete(who("S1"), MODULE, PIN)
    assert _kept(org)[kg]["studies"][MODULE] == {module.version: 1}

    activity = org.activities.create(
        ACTOR,
        title="2026年度三查活动",
        template="sancha-check",
        deadlines={"self": DEADLINE, "peer": DEADLINE, "lead": DEADLINE},
        leads={"L1": [kg, office]},
    )
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
    org.findings.add_progress(who("S1"), own.findings[0], "已补登三月记录")
    assert _kept(org)[kg]["open"] == ["2026-03-20"] and _kept(org)[kg]["involved"] == ["S1"]
    assert [r["id"] for r in org.findings.mine(who("S1"))[0]] == [own.findings[0]]

    lead = {i.id: ItemResult(i.id, "ok") for _g, i in tpl.items_for("lead")}
    lead["duty-unit-public"] = ItemResult("duty-unit-public", "fail")
    draft = _draft("duty-unit-public", "办事指南未公开", "2026-04-10", "S3")
    checked, _ = org.checks.submit(
        who("L1"), activity.id, "lead", office, PIN, lead, {"duty-unit-public": draft}
    )
    org.findings.add_progress(who("S3"), checked.findings[0], "已上墙公开", done=True)
    assert _kept(org)[office]["involved"] == ["L1"]  # to review
    assert [r["id"] for r in org.findings.mine(who("L1"))[1]] == [checked.findings[0]]
    org.findings.review(who("L1"), checked.findings[0], PIN, passed=True, note="核实无误")
    assert _kept(org)[office]["closed"] == 1

    org.letters.sign_letter(who("H1"), LETTER, PIN)
    assert _kept(org)[kg]["letters_first"][LETTER]["unit_head"]

    # The roster: someone new, someone moved (their records stay with the old
    # unit's file), someone leaving, a new unit, then a session with them.
    org.roster.add(ACTOR, new_person("N1", "人员新", "测试幼儿园"))
    org.roster.edit(ACTOR, "S1", unit="测试机关")
    org.roster.set_active(ACTOR, "S3", False)
    org.roster.add(ACTOR, new_person("N2", "人员乙", "新单位"), new_unit=True)
    rows = _kept(org)
    assert rows[kg]["headcount"] == 3 and rows[office]["headcount"] == 3  # with the admin
    assert rows[kg]["studies"] == {}  # S1 moved: not counted in either unit
    later = _session(org, ["N1", "N2", "S1"], minutes=90)
    rows = _kept(org)
    assert rows[org.org.find("新单位").id]["sessions"][later.id] == [1, 0]
    assert rows[office]["sessions"][later.id] == [1, 0]

    # The figures shown are the rows worked out for the current configuration.
    shown = {u.unit: u for u in open_core(org.root, clock=org.clock).status.units()}
    assert shown[kg].headcount == 3 and shown[kg].sessions[session.id].done == 1
    assert shown[office].findings.closed == 1


def test_a_restore_brings_figures_that_agree_and_an_older_backup_gets_them_rebuilt(org, clock):
    session = _session(org, ["S1", "S2", "H1"])
    org.status.units()
    org.sessions.attend(person(org, "S1"), session.id, PIN)
    org.store.settle()
    kept = backup.write_backup(org.root, reason="manual", now=clock())
    org.sessions.attend(person(org, "S2"), session.id, PIN)
    org.roster.add(ACTOR, new_person("N1", "人员新", "测试幼儿园"))
    clock.advance(minutes=5)
    restore(org.root, kept, clock=clock)
    kg = org.org.find("测试幼儿园").id
    assert _kept(org)[kg]["sessions"][session.id] == [3, 1]

    # A backup from before the figures existed: the first read rebuilds them.
    figures = (org.root / figures_part(YEAR, "0")).parent
    shutil.rmtree(figures)
    clock.advance(minutes=5)
    older = backup.write_backup(org.root, reason="manual", now=clock())
    clock.advance(minutes=5)
    restore(org.root, older, clock=clock)
    assert not figures.exists()
    again = open_core(org.root, clock=clock)
    assert [u.headcount for u in again.status.units()] == [3, 3]
    assert figures.exists() and _kept(again)[kg]["sessions"][session.id] == [3, 1]


def test_a_hand_edit_is_named_by_verify_and_rebuilt_by_the_next_read(org):
    session = _session(org, ["S1", "S2", "H1"])
    org.status.units()
    org.sessions.attend(person(org, "S1"), session.id, PIN)
    assert org.verifier.run().ok
    kg = org.org.find("测试幼儿园").id
    part = figures_part(YEAR, shard_of(kg))
    path = org.root / part
    sealed_then = path.read_bytes()

    doc = json.loads(path.read_text("utf-8"))
    doc["figures"]["figures"]["units"][kg]["sessions"][session.id] = [3, 3]
    path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    report = open_core(org.root, clock=org.clock).verifier.run()
    assert [p.file for p in report.problems] == [part]
    assert "校验码不符" in report.problems[0].what
    fresh = open_core(org.root, clock=org.clock)
    assert {u.unit: u for u in fresh.status.units()}[kg].sessions[session.id].done == 1
    assert _kept(fresh)[kg]["sessions"][session.id] == [3, 1]
    assert fresh.verifier.run().ok

    # An old sealed copy put back: sealed, but not what the summaries say.
    fresh.sessions.attend(person(fresh, "S2"), session.id, PIN)
    path.write_bytes(sealed_then)
    report = open_core(org.root, clock=org.clock).verifier.run()
    assert [p.file for p in report.problems] == [part]
    assert kg in report.problems[0].what and "旧的副本" in report.problems[0].what
    # A read does not trust it (not the bytes recorded for it) and rebuilds.
    again = open_core(org.root, clock=org.clock)
    assert {u.unit: u for u in again.status.units()}[kg].sessions[session.id].done == 2
    assert open_core(org.root, clock=org.clock).verifier.run().ok


def test_a_write_leaves_a_missing_file_to_the_next_read(org):
    _session(org, ["S1", "S2", "H1"])
    path = (org.root / figures_part(YEAR, "0")).parent
    assert not path.exists()  # nothing read yet
    org.roster.add(ACTOR, new_person("N1", "人员新", "测试幼儿园"))
    assert not path.exists()
    org.status.units()
    assert _kept(org)[org.org.find("测试幼儿园").id]["headcount"] == 4
