"""The demo agency is a living one: records in every state, all signed and verifiable."""

from __future__ import annotations

import pytest

from xiaoneng.services.core import open_core
from xiaoneng.services.demo import build_demo
from xiaoneng.store.repos.attention import AttentionRepo
from xiaoneng.store.repos.figures import FiguresRepo
from xiaoneng.store.repos.finding_index import FindingIndex


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    core, logins, built = build_demo(tmp_path_factory.mktemp("demo") / "d")
    assert built
    return core, {lg.role: lg for lg in logins}


def test_demo_has_a_year_of_records_in_every_state(demo):
    core, _ = demo
    assert len(core.sessions.sessions()) == 2
    activities = core.activities.of_year()
    assert {a.template for a in activities} == {"sancha-check", "safety-hazard-check"}
    states = {r["state"] for r in core.findings.rows(core.roster.require("1004"))}
    assert states == {"open", "in_progress", "review", "closed"}
    signed_letters = [d for d in core.letters.due() if d.state == "signed"]
    heads = [p for p in core.roster.people() if p.has("unit_head")]
    assert {d.signer.id for d in signed_letters if d.template.id == "letter-work-safety"} == {
        h.id for h in heads
    }
    report = core.verifier.run()
    assert report.ok, report.problems
    assert report.entries > 150


def test_demo_logins_have_something_to_do(demo):
    core, logins = demo
    for role in ("staff", "unit_head"):
        person = core.roster.require(logins[role].id)
        kinds = {i.kind for i in core.todo.for_person(person)}
        assert kinds, role
    leader = core.roster.require(logins["leader"].id)
    assert any(i.kind == "lead" for i in core.todo.for_person(leader)) or core.tasks.for_person(
        leader
    )


def _rebuilt(repo, year, *_args):
    raise AssertionError(f"{type(repo).__name__} rebuilt {year} on the first read")


def test_synthetic_agency_spreads_staff_over_units(tmp_path, monkeypatch):
    core, logins, _ = build_demo(tmp_path / "s", staff=300)
    # The first command finds the files derived from the records made: status
    # and the admin's home read them, never rebuild them (13 s at 50,000).
    first = open_core(core.root)
    admin = next(lg.id for lg in logins if lg.role == "admin")
    with monkeypatch.context() as patched:
        for repo in (FiguresRepo, FindingIndex, AttentionRepo):
            patched.setattr(repo, "_rebuild", _rebuilt)
        first.status.report()
        first.status.attention(30)
        first.todo.for_person(first.roster.require(admin))
    people = core.roster.people()
    assert len(people) == 300
    sizes = {}
    for p in people:
        sizes[p.unit] = sizes.get(p.unit, 0) + 1
    assert all(size <= 40 for size in sizes.values())
    assert {lg.role for lg in logins} == {"staff", "unit_head", "leader", "admin"}
    fresh = open_core(core.root)
    assert fresh.verifier.run().ok
