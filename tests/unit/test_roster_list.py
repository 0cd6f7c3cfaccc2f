"""The roster list (people/roster/): what the roster screen reads instead of
the people files, kept by every write of a person, rebuilt when a file of it
is missing, and checked by verify."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import ACTOR, PIN

from xiaoneng.errors import XiaonengError
from xiaoneng.model.people import RosterEntry
from xiaoneng.services import roster_batches, roster_journal
from xiaoneng.services.core import open_core
from xiaoneng.services.roster import NewPerson, new_person
from xiaoneng.services.roster_import import read_roster
from xiaoneng.store.repos import roster_list
from xiaoneng.store.repos.imports import RosterImportRepo
from xiaoneng.store.repos.roster_list import LIST_DIR


def _derived(core) -> list[RosterEntry]:
    """Everyone from the people files, as the list should have them."""
    return [RosterEntry.of(p) for p in core.roster.people(include_inactive=True)]


def _agrees(core) -> None:
    """The list files as stored are exactly the ones made from the people
    files, and a fresh process reads the same people from them."""
    people = core.roster.people(include_inactive=True)
    stored = core.repos.people.stored_list()
    assert stored is not None and set(stored) == {
        roster_list.list_part(s) for s in "0123456789abcdef"
    }
    assert roster_list.problems(stored, roster_list.files_of(people)) == []
    fresh = open_core(core.root, clock=core.clock)
    assert fresh.roster.listing() == _derived(core)
    assert fresh.roster.first_page(3) == _derived(core)[:3]


def test_a_new_folder_starts_with_the_list_and_each_write_keeps_it(org):
    _agrees(org)
    org.roster.add(ACTOR, new_person("N1", "人员新", "新单位", "科员"), new_unit=True)
    org.roster.edit(ACTOR, "S1", name="教师甲改", position="主任", roles=["staff", "unit_head"])
    org.roster.edit(ACTOR, "S2", unit="测试机关")  # moved: out of one unit's rows, into another's
    org.roster.set_active(ACTOR, "S3", False)
    org.roster.reset_pin(ACTOR, "H1")
    _agrees(org)
    listed = {p.id: p for p in org.roster.listing()}
    assert listed["S1"].name == "教师甲改" and listed["S1"].roles == ("staff", "unit_head")
    assert listed["S2"].unit == org.org.find("测试机关").id
    assert listed["S3"].active is False and listed["N1"].has_pin
    assert org.verifier.run().ok


def test_a_lockout_and_its_end_are_in_the_list(org):
    for _ in range(10):
        with pytest.raises(XiaonengError):
            org.auth.login("S1", "000000")
        if org.roster.get("S1").locked_until:
            break
    assert org.roster.get("S1").locked_until
    _agrees(org)
    org.roster.reset_pin(ACTOR, "S1")  # lifts the lockout
    assert {p.id: p for p in org.roster.listing()}["S1"].locked_until is None
    _agrees(org)


def test_an_import_keeps_the_list_whole(org):
    added, changed = org.roster.import_people(
        ACTOR,
        [NewPerson(f"P{i:03d}", f"人员{i}", f"单位{i % 4}", "干部") for i in range(30)],
        [("S1", {"name": "教师甲改"}), ("L1", {"unit": "单位2"})],
        pins={"P001": PIN},
    )
    assert (len(added), len(changed)) == (30, 2)
    _agrees(org)


def test_a_roster_import_in_batches_and_resumed_keeps_the_list(core, tmp_path, monkeypatch):
    monkeypatch.setattr(roster_batches, "BATCH", 3)
    f = tmp_path / "r.csv"
    rows = [f"P{i},职工{i},科室{i // 3},科员,职工" for i in range(8)]
    f.write_text("工号,姓名,单位,职务,角色\n" + "".join(r + "\n" for r in rows), "utf-8")
    real = RosterImportRepo.put_txn
    seen = {"n": 0}

    def failing(self, txn, *args):
        seen["n"] += 1
        if seen["n"] >= 2:
            raise RuntimeError("cut off")
        return real(self, txn, *args)

    with monkeypatch.context() as m:
        m.setattr(RosterImportRepo, "put_txn", failing)
        with pytest.raises(RuntimeError):
            roster_batches.run(
                core, ACTOR, roster_batches.prepare(core, read_roster(f), create_units=True)
            )
    assert roster_journal.unfinished(core) is not None
    _agrees(core)  # the first batch is in the list, the cut-off one is not
    assert {p.id for p in core.roster.listing()} == {"A001", "P0", "P1", "P2"}
    roster_batches.run(core, ACTOR, roster_batches.prepare(core, read_roster(f), create_units=True))
    assert roster_journal.unfinished(core) is None
    _agrees(core)
    assert len(core.roster.listing()) == 9


def test_a_folder_without_the_list_builds_it_on_first_read(org):
    expected = _derived(org)
    shutil.rmtree(org.root / LIST_DIR)
    older = open_core(org.root, clock=org.clock)
    assert older.repos.people.stored_list() is None
    assert older.verifier.run().ok  # nothing to compare yet: the first read builds it
    # A write before that read leaves the missing list alone (no partial file).
    older.roster.add(ACTOR, new_person("N2", "人员乙", "测试幼儿园"))
    assert not (org.root / LIST_DIR).exists()
    assert older.roster.first_page(2) == expected[:2]  # from the member files meanwhile
    assert [p.id for p in older.roster.listing()] == [p.id for p in _derived(older)]
    assert "N2" in {p.id for p in older.roster.listing()}
    _agrees(older)


@pytest.mark.parametrize("how", ["missing", "old format", "bad row"])
def test_a_broken_list_file_is_rebuilt_when_read(org, how):
    unit = org.org.find("测试幼儿园").id
    path: Path = org.root / roster_list.part_of(unit)
    if how == "missing":
        path.unlink()
    else:
        tables = json.loads(path.read_text("utf-8"))
        if how == "old format":
            tables["format"]["format"] = {"version": 0}
        else:
            tables["units"][unit]["rows"][0] = ["S1"]
        path.write_text(json.dumps(tables, ensure_ascii=False), "utf-8")
    org.roster.edit(ACTOR, "S2", name="教师乙改")  # a write leaves the broken file alone
    fresh = open_core(org.root, clock=org.clock)
    assert fresh.roster.listing() == _derived(org)
    _agrees(org)


def test_verify_names_a_list_file_that_disagrees_with_the_people(org):
    assert org.verifier.run().ok
    unit = org.org.find("测试幼儿园").id
    part = roster_list.part_of(unit)
    path = org.root / part
    path.write_text(path.read_text("utf-8").replace("教师乙", "教师丙"), "utf-8")
    report = open_core(org.root, clock=org.clock).verifier.run()
    assert [p.file for p in report.problems] == [part]
    assert "人员名册列表" in str(report.problems[0]) and "不符" in str(report.problems[0])
    # An old copy put back: the list from before a person was added.
    path.write_text(path.read_text("utf-8").replace("教师丙", "教师乙"), "utf-8")
    old = path.read_bytes()
    org.roster.add(ACTOR, new_person("N3", "人员丙", "测试幼儿园"))
    path.write_bytes(old)
    report = open_core(org.root, clock=org.clock).verifier.run(full=True)
    assert [p.file for p in report.problems] == [part]
    other = roster_list.list_part("f" if roster_list.shard_of(unit) != "f" else "0")
    (org.root / other).unlink()
    report = open_core(org.root, clock=org.clock).verifier.run(full=True)
    assert sorted(p.file for p in report.problems) == sorted([part, other])
    assert any("缺失" in str(p) for p in report.problems if p.file == other)
