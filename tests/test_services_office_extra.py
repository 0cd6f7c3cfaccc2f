"""Service additions for the office screens: the ledger head as recorded."""

from __future__ import annotations

from conftest import ACTOR

from xiaoneng.services.roster import new_person


def test_recorded_head_counts_entries_and_matches_verify(core):
    entries, head = core.verifier.recorded_head()
    assert entries >= 1 and len(head) == 12  # setting up the agency signs an entry
    core.roster.add(ACTOR, new_person("B1", "新同事", "测试机关"), pin="482915")
    after, new_head = core.verifier.recorded_head()
    assert after == entries + 1 and new_head != head
    report = core.verifier.run()
    assert report.ok and (report.entries, report.head) == (after, new_head)


def test_recorded_head_of_an_empty_ledger(core):
    (core.root / "ledger" / "head.json").unlink()
    assert core.verifier.recorded_head() == (0, "")
