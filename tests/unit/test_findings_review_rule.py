"""One person never both rectifies and reviews a finding: whoever records its
整改完成 (in person, or the office for someone) may not 复查/销号 it."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import ACTOR, ADMIN_PIN, PIN, person

from xiaoneng.errors import PermissionDenied
from xiaoneng.model.records import FindingDraft, ItemResult
from xiaoneng.services.findings import completed_by


def _finding(org) -> str:
    d = dt.date(2026, 4, 30)
    a = org.activities.create(
        ACTOR, title="三查", template="sancha-check", deadlines={"self": d, "peer": d, "lead": d}
    )
    tpl = org.activities.template("sancha-check")
    results = {i.id: ItemResult(i.id, "ok") for _g, i in tpl.items_for("self")}
    item = next(iter(results))
    results[item] = ItemResult(item, "fail")
    draft = FindingDraft(item=item, problem="台账缺页", deadline="2026-05-01")
    record, _ = org.checks.submit(
        person(org, "S1"), a.id, "self", "S1", PIN, results, {item: draft}
    )
    return record.findings[0]


def test_the_office_marking_done_for_someone_may_not_then_close_it(org):
    fid = _finding(org)
    admin, s1, head = person(org, "A001"), person(org, "S1"), person(org, "H1")
    org.findings.add_progress(s1, fid, "已补登", done=True)
    assert completed_by(org.findings.get(fid)) == "S1"
    org.findings.review(admin, fid, ADMIN_PIN, passed=False, note="四月也缺")  # sent back
    f = org.findings.add_progress(admin, fid, "已代为补登四月记录", done=True)  # done "for them"
    assert completed_by(f) == "A001"
    allowed = org.findings.allowed(admin, f)
    assert not allowed.review and "登记了该问题的整改完成" in allowed.why_not_review
    with pytest.raises(PermissionDenied, match="登记了该问题的整改完成"):
        org.findings.review(admin, fid, ADMIN_PIN, passed=True, note="")
    with org.store.transaction() as txn, pytest.raises(PermissionDenied):
        org.findings.review_txn(txn, admin, fid, True, "")  # the rule holds below the screen too
    assert org.findings.get(fid).state == "review"
    assert org.findings.allowed(head, f).review  # the reviewer closes it
    closed, _ = org.findings.review(head, fid, PIN, passed=True, note="核实无误")
    assert closed.state == "closed"


def test_a_new_completion_by_someone_else_lets_the_office_review_again(org):
    fid = _finding(org)
    admin, s1 = person(org, "A001"), person(org, "S1")
    org.findings.add_progress(admin, fid, "代为登记完成", done=True)
    org.findings.review(person(org, "H1"), fid, PIN, passed=False, note="不彻底")
    f = org.findings.add_progress(s1, fid, "本人重新整改完成", done=True)
    assert completed_by(f) == "S1"
    assert org.findings.allowed(admin, f).review
