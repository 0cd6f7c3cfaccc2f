"""The register's head (store/repos/register_head.py): kept by difference
through any sequence of changes it is every row up to its last in the
register's order, with the right count and open deadlines; the register's
first rows read from it are what the whole read gives first; verify names a
head that was edited or put back from an old copy."""

from __future__ import annotations

import datetime as dt
import json
from unittest import mock

from conftest import ACTOR, PIN
from helpers.examples import examples
from hypothesis import given, settings
from hypothesis import strategies as st

from xiaoneng.model.records import FindingDraft, ItemResult
from xiaoneng.services.core import open_core
from xiaoneng.store.repos import register_head
from xiaoneng.store.repos.figures import shard_of
from xiaoneng.store.repos.finding_index import HEAD, INDEX, head_part, rows_part

YEAR = 2026
STATES = ("open", "in_progress", "review", "closed")


def _row(unit: str, n: int, state: str, day: int) -> dict:
    return {"id": f"{unit}-{n}", "unit": unit, "state": state, "deadline": f"2026-04-{day:02d}"}


rows_of_a_unit = st.lists(
    st.tuples(st.sampled_from(STATES), st.integers(1, 9)), max_size=6, unique_by=lambda t: t
)
agency = st.dictionaries(st.sampled_from("abcdef"), rows_of_a_unit, max_size=6)


def _rows(spec: dict) -> dict[str, list[dict]]:
    return {u: [_row(u, i, s, d) for i, (s, d) in enumerate(found)] for u, found in spec.items()}


def _all(rows: dict[str, list[dict]]) -> list[dict]:
    return [r for found in rows.values() for r in found]


@settings(max_examples=examples(300), deadline=None)
@given(agency, st.lists(agency, min_size=1, max_size=5), st.integers(1, 3), st.integers(0, 3))
def test_kept_by_difference_it_agrees_with_the_rows(start, writes, shown, more):
    with (
        mock.patch.object(register_head, "SHOWN", shown),
        mock.patch.object(register_head, "KEPT", shown + more),
    ):
        rows = _rows(start)
        head = register_head.head_of(_all(rows))
        assert register_head.problems(head, _all(rows)) == []
        for write in writes:  # each write replaces the rows of the units it names
            new = {**rows, **_rows(write)}
            changes = [(rows.get(u, []), new[u]) for u in write]
            head = register_head.changed(head, changes, lambda new=new: _all(new))
            rows = new
            assert register_head.problems(head, _all(rows)) == []
            assert len(head["rows"]) <= shown + more


def test_problems_name_what_disagrees():
    rows = [_row("a", i, "open", 10 + i) for i in range(3)]
    head = register_head.head_of(rows)
    assert register_head.problems(head, rows) == []
    assert register_head.problems({**head, "rows": head["rows"][1:]}, rows) == ["rows"]
    # A closed row after them: the head should have it too (it holds all of so few).
    assert register_head.problems(head, [*rows, _row("b", 0, "closed", 1)]) == ["rows", "count"]
    assert register_head.problems(head, [*rows[:2], {**rows[2], "state": "closed"}]) == [
        "rows",
        "open",
    ]


def _findings(core, activity, target, responsible, deadlines: dict) -> list[str]:
    """A lead check of `target` failing the items of `deadlines`: the finding ids, in that order."""
    tpl = core.activities.template("sancha-check")
    results = {i.id: ItemResult(i.id, "ok") for _g, i in tpl.items_for("lead")}
    drafts = {}
    for item, deadline in deadlines.items():
        results[item] = ItemResult(item, "fail")
        drafts[item] = FindingDraft(
            item=item,
            problem=f"{item} 问题",
            measure="整改",
            deadline=deadline,
            responsible=responsible,
            reviewer="L1",
        )
    checked, _ = core.checks.submit(
        core.roster.require("L1"), activity.id, "lead", target, PIN, results, drafts
    )
    by_item = {core.findings.get(f).item: f for f in checked.findings}
    return [by_item[item] for item in deadlines]


def _first_agrees(core) -> dict:
    """The register's first rows (a fresh process) are what the whole read gives first."""
    fresh = open_core(core.root, clock=core.clock)
    start = fresh.findings.first_rows(ACTOR)
    every = fresh.findings.rows(ACTOR)
    assert start is not None and start.rows == every[: len(start.rows)]
    assert start.total == len(every)
    assert start.overdue == sum(r["overdue"] for r in every)
    return fresh.repos.finding_index.head(YEAR)


def test_the_first_rows_follow_writes_and_verify_names_a_changed_head(org, monkeypatch):
    monkeypatch.setattr(register_head, "SHOWN", 1)
    monkeypatch.setattr(register_head, "KEPT", 2)
    kg, office = org.org.find("测试幼儿园").id, org.org.find("测试机关").id
    deadline = dt.date(2026, 4, 30)
    activity = org.activities.create(
        ACTOR,
        title="2026年度三查活动",
        template="sancha-check",
        deadlines={"self": deadline, "peer": deadline, "lead": deadline},
        leads={"L1": [kg, office]},
    )
    assert org.findings.first_rows(ACTOR).rows == []  # built (empty) on the first read
    assert org.findings.first_rows(org.roster.require("S1")) is None  # picked out of all
    (a,) = _findings(org, activity, office, "S3", {"duty-unit-public": "2026-03-10"})
    b, c = _findings(
        org, activity, kg, "S1", {"duty-first-ask": "2026-05-20", "duty-unit-public": "2026-04-20"}
    )
    assert [r["id"] for r in _first_agrees(org)["rows"]] == [a, c]  # cut back to KEPT
    assert _first_agrees(org)["count"] == 3

    # Closed: it goes to the end, and the head is made again when it runs short.
    who = org.roster.require
    for fid, responsible in ((a, "S3"), (c, "S1")):
        org.findings.add_progress(who(responsible), fid, "已完成", done=True)
        org.findings.review(who("L1"), fid, PIN, passed=True, note="核实无误")
        _first_agrees(org)
    assert [r["id"] for r in _first_agrees(org)["rows"]][:1] == [b]
    assert org.verifier.run().ok

    # An old copy of the head put back, then a hand edit: verify names both.
    path = org.root / head_part(YEAR)
    then = path.read_bytes()
    org.findings.add_progress(who("S1"), b, "已完成", done=True)
    org.findings.review(who("L1"), b, PIN, passed=True, note="核实无误")
    _first_agrees(org)
    path.write_bytes(then)
    report = open_core(org.root, clock=org.clock).verifier.run()
    assert [p.file for p in report.problems] == [head_part(YEAR)]
    assert "整改台账首页" in report.problems[0].what and "旧的副本" in report.problems[0].what
    doc = json.loads(then)
    doc[INDEX][INDEX][HEAD]["count"] = 0
    path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    report = open_core(org.root, clock=org.clock).verifier.run()
    assert [p.file for p in report.problems] == [head_part(YEAR)]
    assert "校验码不符" in report.problems[0].what
    assert _first_agrees(org)["count"] == 3  # the next read rebuilt it
    assert open_core(org.root, clock=org.clock).verifier.run().ok

    # A rows file put back from an old sealed copy: a read does not trust it
    # (its bytes are not those the head names) and rebuilds.
    rpart = org.root / rows_part(YEAR, shard_of(kg))
    then = rpart.read_bytes()
    tpl = org.activities.template("sancha-check")
    results = {i.id: ItemResult(i.id, "ok") for _g, i in tpl.items_for("self")}
    results["duty-first-ask"] = ItemResult("duty-first-ask", "fail")
    draft = FindingDraft("duty-first-ask", "缺少三月记录", deadline="2026-03-20")
    own, _ = org.checks.submit(
        who("S1"), activity.id, "self", "S1", PIN, results, {"duty-first-ask": draft}
    )
    rpart.write_bytes(then)  # sealed, but from before that finding
    fresh = open_core(org.root, clock=org.clock)
    assert own.findings[0] in [r["id"] for r in fresh.findings.rows(ACTOR)]
    assert _first_agrees(org)["count"] == 4
