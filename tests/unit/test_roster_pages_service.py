"""The roster read in parts: the first page and the counts without reading
everyone's file agree with reading everyone."""

from __future__ import annotations

from conftest import ACTOR

from xiaoneng.services.roster import NewPerson


def _add(core, n: int) -> None:
    core.roster.add_many(
        ACTOR, [NewPerson(f"P{i:03d}", f"人员{i}", f"单位{i % 7}", "干部") for i in range(n)]
    )


def test_the_first_page_is_the_start_of_everyone(core):
    _add(core, 120)
    core.roster.edit(ACTOR, "P005", unit="单位3")  # moved: listed under its new unit only
    everyone = [p.id for p in core.roster.people(include_inactive=True)]
    fresh = type(core.repos.people)(core.store)  # nothing cached: read from the member files
    assert [p.id for p in fresh.first(50)] == everyone[:50]
    assert [p.id for p in fresh.first(500)] == everyone


def test_counts_come_from_the_member_files(core):
    _add(core, 40)
    core.roster.set_active(ACTOR, "P007", False)
    core.roster.set_active(ACTOR, "P011", False)
    people = core.roster.people(include_inactive=True)
    assert core.roster.counts() == (len(people) - 2, 2)
