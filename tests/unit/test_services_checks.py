"""Checks: activities, peer pairs, tasks and their defaults, drafts, signed submissions,
and findings to closure and who may act on them."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import ACTOR, PIN, person

from xiaoneng.errors import OperationError, PermissionDenied, UserError
from xiaoneng.model.records import FindingDraft, ItemResult
from xiaoneng.model.status import FindingCounts

TEMPLATE = "sancha-check"
DUE = dt.date(2026, 4, 30)


@pytest.fixture
def activity(org):
    d = dt.date(2026, 4, 30)
    return org.activities.create(
        ACTOR,
        title="2026年度“三查”活动",
        template=TEMPLATE,
        deadlines={"self": d, "peer": d, "lead": d},
    )


def _all_ok(org, mode):
    tpl = org.activities.template(TEMPLATE)
    return {i.id: ItemResult(i.id, "ok") for _g, i in tpl.items_for(mode)}


def test_activity_pairs_peers_in_rotation_never_self(org, activity):
    kg = org.org.find("测试幼儿园").id
    assert set(activity.units) >= {kg}
    targets = {}
    for pid in ("H1", "S1", "S2"):
        t = org.pairing.target_of(activity, person(org, pid))
        assert t and t != pid
        targets[pid] = t
    assert sorted(targets.values()) == ["H1", "S1", "S2"]  # everyone is checked once
    assert activity.leads == {"L1": list(activity.units)}


def test_tasks_for_staff_and_leader(org, activity):
    me = person(org, "S1")
    modes = sorted(t.mode for t in org.tasks.for_person(me))
    assert modes == ["peer", "self"]
    lead = org.tasks.for_person(person(org, "L1"))
    assert {t.mode for t in lead} == {"self", "peer", "lead"}
    assert sum(t.mode == "lead" for t in lead) == len(activity.units)


def test_self_check_with_a_finding_then_rectified_and_closed(org, activity):
    me = person(org, "S1")
    results = _all_ok(org, "self")
    first = next(iter(results))
    results[first] = ItemResult(first, "fail", "首问登记不全")
    with pytest.raises(UserError, match="问题描述"):
        org.checks.submit(me, activity.id, "self", "S1", PIN, results, {})
    finding = FindingDraft(
        item=first,
        problem="来电登记本缺少三月记录",
        measure="补登并每日核对",
        deadline="2026-05-15",
    )
    org.checks.save_draft(me, activity.id, "self", "S1", results, {first: finding})
    assert org.checks.draft(me, activity.id, "self", "S1")["findings"][first]["problem"].startswith(
        "来电"
    )
    record, entry = org.checks.submit(me, activity.id, "self", "S1", PIN, results, {first: finding})
    assert entry["action"] == "check.submit" and len(record.findings) == 1
    assert record.score is not None and record.score < 1
    assert org.checks.draft(me, activity.id, "self", "S1") == {"results": {}, "findings": {}}
    with pytest.raises(OperationError, match="提交"):
        org.checks.submit(me, activity.id, "self", "S1", PIN, results, {first: finding})

    fid = record.findings[0]
    f = org.findings.get(fid)
    assert (f.responsible, f.reviewer, f.state) == ("S1", "H1", "open")  # the unit head reviews
    # Only the responsible person records progress.
    with pytest.raises(PermissionDenied):
        org.findings.add_progress(person(org, "S2"), fid, "我来写")
    org.findings.add_progress(me, fid, "已补登三月记录")
    assert org.findings.get(fid).state == "in_progress"
    # The responsible person can never close it.
    with pytest.raises(PermissionDenied, match="责任人"):
        org.findings.review(me, fid, PIN, passed=True, note="")
    head = person(org, "H1")
    with pytest.raises(OperationError, match="标记整改完成"):
        org.findings.review(head, fid, PIN, passed=True, note="")
    org.findings.add_progress(me, fid, "整改完成，已建立每日核对", done=True)
    assert org.findings.get(fid).state == "review"
    sent_back, _ = org.findings.review(head, fid, PIN, passed=False, note="四月记录也缺")
    assert sent_back.state == "in_progress"
    org.findings.add_progress(me, fid, "四月记录已补", done=True)
    closed, entry = org.findings.review(head, fid, PIN, passed=True, note="核实无误")
    assert closed.state == "closed" and entry["action"] == "finding.close"
    assert org.verifier.run().ok


def test_peer_check_refuses_self_and_unassigned(org, activity):
    me = person(org, "S1")
    with pytest.raises(PermissionDenied, match="不能互查自己"):
        org.checks.submit(me, activity.id, "peer", "S1", PIN, _all_ok(org, "peer"), {})
    target = org.pairing.target_of(activity, me)
    other = next(p for p in ("H1", "S2") if p != target)
    with pytest.raises(PermissionDenied, match="没有这项"):
        org.checks.submit(me, activity.id, "peer", other, PIN, _all_ok(org, "peer"), {})
    record, _ = org.checks.submit(me, activity.id, "peer", target, PIN, _all_ok(org, "peer"), {})
    assert record.checker == "S1" and record.target == target and record.score == 1.0


def test_office_can_edit_pairs_but_never_to_self(org, activity):
    with pytest.raises(UserError, match="自己"):
        org.pairing.set_peer(ACTOR, activity.id, "S1", "S1")
    with pytest.raises(UserError, match="同一单位"):
        org.pairing.set_peer(ACTOR, activity.id, "S1", "S3")
    org.pairing.set_peer(ACTOR, activity.id, "S1", "H1")
    assert org.pairing.target_of(activity, person(org, "S1")) == "H1"


def test_lead_inspection_only_by_assigned_leader(org, activity):
    kg = org.org.find("测试幼儿园").id
    tpl = org.activities.template(TEMPLATE)
    results = _all_ok(org, "lead")
    item = next(iter(results))
    results[item] = ItemResult(item, "fail")
    finding = {
        item: FindingDraft(
            item=item, problem="值班表未公示", deadline="2026-05-10", category="重大"
        )
    }
    with pytest.raises(PermissionDenied, match="不是领导"):
        org.checks.submit(person(org, "H1"), activity.id, "lead", kg, PIN, results, finding)
    record, _ = org.checks.submit(person(org, "L1"), activity.id, "lead", kg, PIN, results, finding)
    f = org.findings.get(record.findings[0])
    assert (f.responsible, f.reviewer, f.category, f.source) == ("H1", "L1", "重大", "lead")
    assert tpl.id == record.template["id"]


def test_finding_needs_valid_six_fixes(org, activity):
    me = person(org, "S1")
    results = _all_ok(org, "self")
    item = next(iter(results))
    results[item] = ItemResult(item, "fail")
    bad = [
        (FindingDraft(item=item, problem="x", deadline=""), "整改期限"),
        (FindingDraft(item=item, problem="x", deadline="下周"), "日期"),
        (
            FindingDraft(item=item, problem="x", deadline="2026-05-01", reviewer="S1"),
            "复查人不能是责任人",
        ),
        (
            FindingDraft(item=item, problem="x", deadline="2026-05-01", responsible="NOPE"),
            "责任人工号无效",
        ),
    ]
    for draft, message in bad:
        with pytest.raises(UserError, match=message):
            org.checks.submit(me, activity.id, "self", "S1", PIN, results, {item: draft})


def test_findings_visibility_and_overdue(org, activity, clock):
    me = person(org, "S1")
    results = _all_ok(org, "self")
    item = next(iter(results))
    results[item] = ItemResult(item, "fail")
    org.checks.submit(
        me,
        activity.id,
        "self",
        "S1",
        PIN,
        results,
        {item: FindingDraft(item=item, problem="门口未设引导牌", deadline="2026-03-20")},
    )
    assert len(org.findings.rows(me)) == 1
    assert org.findings.rows(person(org, "S3")) == []  # another unit's staff sees nothing
    assert len(org.findings.rows(person(org, "H1"))) == 1  # the head sees the unit's
    assert len(org.findings.rows(person(org, "L1"))) == 1
    assert org.findings.rows(ACTOR, overdue=True) == []
    clock.advance(days=10)
    assert len(org.findings.rows(ACTOR, overdue=True)) == 1
    kg = next(u for u in org.status.units() if u.name == "测试幼儿园")
    assert kg.findings == FindingCounts(open=1, overdue=1, closed=0)


# -- the unit's own self check, leads, peer pairs, defaults and who may act --


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
