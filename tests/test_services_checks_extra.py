"""Service additions for the checks and ledger screens: the unit's own self
check, lead rotation preview, peer pair listing, finding defaults, submitted
records, and what a person may do with a finding."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import ACTOR, PIN, person

from xiaoneng.errors import OperationError, PermissionDenied, UserError
from xiaoneng.model.records import FindingDraft, ItemResult

TEMPLATE = "sancha-check"
DUE = dt.date(2026, 4, 30)


def _all_ok(org, mode):
    tpl = org.activities.template(TEMPLATE)
    return {i.id: ItemResult(i.id, "ok") for _g, i in tpl.items_for(mode)}


def _activity(org, **kw):
    kw.setdefault("deadlines", {"self": DUE, "peer": DUE, "lead": DUE})
    return org.activities.create(ACTOR, title="三查", template=TEMPLATE, **kw)


def test_unit_scope_self_check_is_the_heads_and_done_once(org):
    a = _activity(org, self_scope="unit", deadlines={"self": DUE})
    kg = org.org.find("测试幼儿园").id
    assert org.tasks.for_person(person(org, "S1")) == []  # staff have no self check
    (task,) = org.tasks.for_person(person(org, "H1"))
    assert (task.target, task.unit, task.target_name) == (kg, kg, "测试幼儿园")
    assert org.six_fixes.defaults(task) == ("H1", "A001")  # head fixes, not reviews
    assert org.checks.record_of(task) is None
    org.checks.submit(person(org, "H1"), a.id, "self", kg, PIN, _all_ok(org, "self"), {})
    (task,) = org.tasks.for_person(person(org, "H1"))
    assert task.done and org.checks.record_of(task).checker == "H1"
    with pytest.raises(OperationError, match="提交"):
        org.checks.submit(person(org, "H1"), a.id, "self", kg, PIN, _all_ok(org, "self"), {})


def test_default_leads_rotate_and_must_be_units_taking_part(org):
    units = [u.id for u in org.org.units()]
    assert org.activities.default_leads(units) == {"L1": units}
    assert [p.id for p in org.activities.leaders()] == ["L1"]
    kg = org.org.find("测试幼儿园").id
    other = next(u for u in units if u != kg)
    with pytest.raises(UserError, match="不在参加单位"):
        _activity(org, units=[kg], leads={"L1": [other]})
    with pytest.raises(UserError, match="不是领导"):
        _activity(org, leads={"S1": [kg]})


def test_peer_pairs_lists_and_reflects_edits(org):
    a = _activity(org)
    with pytest.raises(PermissionDenied):
        org.pairing.pairs(person(org, "S1"), a.id)
    pairs = org.pairing.pairs(ACTOR, a.id)
    kg = org.org.find("测试幼儿园").id
    kg_pairs = {p["checker"]: p["target"] for p in pairs if p["unit"] == kg}
    assert set(kg_pairs) == {"H1", "S1", "S2"} and all(c != t for c, t in kg_pairs.items())
    org.pairing.set_peer(ACTOR, a.id, "S1", "H1" if kg_pairs["S1"] != "H1" else "S2")
    after = {p["checker"]: p["target"] for p in org.pairing.pairs(ACTOR, a.id)}
    assert after["S1"] != kg_pairs["S1"]


def test_task_and_finding_defaults_per_mode(org):
    a = _activity(org)
    kg = org.org.find("测试幼儿园").id
    s1 = person(org, "S1")
    task = org.tasks.get(s1, a.id, "self", "S1")
    responsible, reviewer = org.six_fixes.defaults(task)
    assert responsible == "S1" and reviewer == "H1"  # the checker fixes: the head reviews
    lead = org.tasks.get(person(org, "L1"), a.id, "lead", kg)
    assert org.six_fixes.defaults(lead) == ("H1", "L1")
    assert org.six_fixes.reviewer_for(lead, "L1") != "L1"
    with pytest.raises(PermissionDenied, match="不能互查自己"):
        org.tasks.get(s1, a.id, "peer", "S1")


def _finding(org):
    a = _activity(org)
    results = _all_ok(org, "self")
    item = next(iter(results))
    results[item] = ItemResult(item, "fail")
    record, _ = org.checks.submit(
        person(org, "S1"),
        a.id,
        "self",
        "S1",
        PIN,
        results,
        {item: FindingDraft(item=item, problem="台账缺页", deadline="2026-05-01")},
    )
    return record.findings[0]


def test_get_for_and_allowed_follow_the_write_rules(org):
    fid = _finding(org)
    with pytest.raises(PermissionDenied, match="无权查看"):
        org.findings.get_for(person(org, "S3"), fid)
    f = org.findings.get_for(person(org, "H1"), fid)
    s1, h1, s2 = person(org, "S1"), person(org, "H1"), person(org, "S2")
    admin = person(org, "A001")
    assert org.findings.allowed(s1, f).progress and not org.findings.allowed(s1, f).review
    assert not org.findings.allowed(h1, f).progress and not org.findings.allowed(h1, f).review
    assert org.findings.allowed(admin, f).progress
    f = org.findings.add_progress(s1, fid, "已完成", done=True)
    assert not org.findings.allowed(s1, f).progress and not org.findings.allowed(s1, f).review
    assert org.findings.allowed(h1, f).review and org.findings.allowed(admin, f).review
    assert not org.findings.allowed(s2, f).review
