"""The per-unit member files the status figures read instead of every
person's bucket: kept in step by each roster write, built for an older folder
on its first write, and giving the same figures as the buckets."""

from __future__ import annotations

import shutil

from conftest import ACTOR

from xiaoneng.services.core import open_core
from xiaoneng.services.roster import new_person
from xiaoneng.store.repos.people import UNITS_DIR, members_of


def _stored(core):
    """The member files as {unit: {id: roles}} of active members."""
    got = core.repos.people.stored_members()
    return {
        unit: {pid: tuple(d["roles"]) for pid, d in docs.items() if d["active"]}
        for unit, docs in got.items()
        if any(d["active"] for d in docs.values())
    }


def _derived(core):
    return members_of(core.repos.people.everyone())


def test_roster_writes_keep_the_member_files_in_step(org):
    assert _stored(org) == _derived(org) and len(_derived(org)) == 2
    office = org.org.find("测试机关").id
    org.roster.edit(ACTOR, "S1", unit="测试机关")
    org.roster.edit(ACTOR, "S2", roles=["staff", "unit_head"])
    org.roster.set_active(ACTOR, "S3", False)
    org.roster.add(ACTOR, new_person("N1", "人员新", "新单位"), new_unit=True)
    assert _stored(org) == _derived(org)
    members = org.repos.people.members_by_unit()
    assert "S1" in members[office] and "S3" not in members[office]
    stored = org.repos.people.stored_members()
    kg = org.org.find("测试幼儿园").id
    assert "S1" not in stored[kg] and stored[office]["S3"]["active"] is False


def test_an_older_folder_gets_them_on_its_first_write_and_the_figures_agree(org, clock):
    before = [(u.unit, u.headcount, u.letters.due, u.letters.done) for u in org.status.units()]
    shutil.rmtree(org.root / UNITS_DIR)
    older = open_core(org.root, clock=clock)
    assert older.repos.people.stored_members() is None
    fallback = [(u.unit, u.headcount, u.letters.due, u.letters.done) for u in older.status.units()]
    assert fallback == before
    older.roster.add(ACTOR, new_person("N2", "人员乙", "测试幼儿园"))
    assert _stored(older) == _derived(older)
    again = [(u.unit, u.headcount) for u in open_core(org.root, clock=clock).status.units()]
    kg = org.org.find("测试幼儿园").id
    assert dict(again)[kg] == dict((u, m) for u, m, _d, _n in before)[kg] + 1


def test_verify_names_a_member_file_that_disagrees_with_the_people(org):
    assert org.verifier.run().ok
    kg = org.org.find("测试幼儿园").id
    path = org.root / UNITS_DIR / f"{kg}.json"
    path.write_text(path.read_text("utf-8").replace('"S2"', '"S9"'), "utf-8")
    report = open_core(org.root, clock=org.clock).verifier.run()
    assert [p.file for p in report.problems] == [f"{UNITS_DIR}/{kg}.json"]
    assert "人员名单" in str(report.problems[0])
