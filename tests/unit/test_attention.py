"""The home's ranking of units (records/<year>/attention.json,
store/repos/attention.py): kept by every write that changes the units'
figures, equal to the entries worked out from all units' figures, and the
units it ranks first the ones a ranking of `status.units()` puts first, with
the same figures, whatever the writes and the day."""

from __future__ import annotations

import datetime as dt
import json

from conftest import ACTOR, PIN
from helpers.examples import examples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xiaoneng.errors import XiaonengError
from xiaoneng.model.records import FindingDraft, ItemResult
from xiaoneng.services.core import open_core
from xiaoneng.services.roster import new_person
from xiaoneng.services.status import attention_key
from xiaoneng.store.repos.attention import ATTENTION, attention_part, entries_of

YEAR = 2026
MODULE = "work-safety-law-2021"
LETTER = "letter-work-safety"
CHECKERS = ("S1", "S2", "H1", "S3", "A001")
_AGENCIES: dict = {}  # folder -> the writes drawn on it so far


def _full(core, n: int) -> tuple[list[tuple], int]:
    """The first `n` units ranked from every unit's figures, as the home did."""
    units = core.status.units()
    ranked = sorted(
        units, key=lambda u: attention_key(u.name, u.findings.overdue, u.overall().ratio)
    )
    lines = [
        (
            u.unit,
            u.name,
            u.headcount,
            u.overall().done,
            u.overall().due,
            u.findings.open,
            u.findings.overdue,
        )
        for u in ranked[:n]
    ]
    return lines, len(units)


def _shown(core, n: int) -> tuple[list[tuple], int]:
    got = core.status.attention(n)
    lines = [(u.unit, u.name, u.headcount, u.done, u.due, u.open, u.overdue) for u in got.lines]
    return lines, got.total


def _stored(core) -> dict | None:
    """The file as stored when it is sound and made with today's basis, else None."""
    fresh = open_core(core.root, clock=core.clock)
    doc = fresh.repos.attention.stored(YEAR)
    basis = fresh.status.basis(YEAR)
    if doc is None or doc["basis"] != basis.to_json():
        return None
    assert doc["units"] == entries_of(fresh.repos.figures.rows(YEAR), basis)
    return doc


def _agrees(core) -> None:
    fresh = open_core(core.root, clock=core.clock)  # nothing cached
    for n in (1, 2, 30):
        assert _shown(fresh, n) == _full(fresh, n)
    assert _stored(core) is not None  # the read leaves it sound


def _draft(problem: str, deadline: dt.date, responsible: str) -> FindingDraft:
    return FindingDraft(
        item="duty-first-ask",
        problem=problem,
        measure="整改",
        deadline=deadline.isoformat(),
        responsible=responsible,
        reviewer="L1",
    )


class _Agency:
    """Writes of every kind a test draws, on the `org` agency."""

    def __init__(self, core):
        self.core = core
        self.activity = None
        self.checked: set[str] = set()
        self.session = core.sessions.create(
            ACTOR,
            title="安全生产法集中学习",
            module=MODULE,
            start=core.clock() + dt.timedelta(days=200),
            place="三楼会议室",
            host="领导甲",
            attendees=["S1", "S2", "H1", "S3", "L1"],
            recorder="办公室科员",
        )
        self.joined = 0

    def who(self, pid: str):
        return self.core.roster.require(pid)

    def finding(self, pid: str, days: int) -> None:
        core = self.core
        if self.activity is None or pid in self.checked:
            deadline = core.today() + dt.timedelta(days=60)
            self.activity = core.activities.create(
                ACTOR,
                title=f"三查活动{len(self.checked)}",
                template="sancha-check",
                deadlines={"self": deadline, "peer": deadline, "lead": deadline},
                leads={"L1": [core.org.find("测试幼儿园").id]},
            )
            self.checked = set()
        self.checked.add(pid)
        tpl = core.activities.template("sancha-check")
        results = {i.id: ItemResult(i.id, "ok") for _g, i in tpl.items_for("self")}
        results["duty-first-ask"] = ItemResult("duty-first-ask", "fail", "登记不全")
        draft = _draft("缺少记录", core.today() + dt.timedelta(days=days), pid)
        core.checks.submit(
            self.who(pid),
            self.activity.id,
            "self",
            pid,
            PIN,
            results,
            {"duty-first-ask": draft},
        )

    def step(self, op: tuple) -> bool:
        """Do `op`; True when it is a write that leaves the basis as it was."""
        core, kind = self.core, op[0]
        try:
            if kind == "attend":
                core.sessions.record(ACTOR, self.session.id, op[1], op[2], "补登")
            elif kind == "study":
                module = core.study.module(MODULE)
                core.study.submit_quiz(
                    self.who(op[1]), MODULE, [set(q.answer) for q in module.questions]
                )
                core.study.complete(self.who(op[1]), MODULE, PIN)
            elif kind == "letter":
                core.letters.sign_letter(self.who(op[1]), LETTER, PIN)
            elif kind == "join":
                self.joined += 1
                unit = ("测试机关", "测试幼儿园", f"新单位{self.joined}")[op[1]]
                person = new_person(f"N{self.joined}", "人员新", unit)
                core.roster.add(ACTOR, person, new_unit=op[1] == 2)
            elif kind == "finding":
                self.finding(op[1], op[2])
                return False  # a new activity now and then: read with another basis
            elif kind == "done":
                fix, _review = core.findings.mine(self.who(op[1]))
                if fix:
                    core.findings.add_progress(self.who(op[1]), fix[0]["id"], "已整改", done=True)
            elif kind == "review":
                _fix, review = core.findings.mine(self.who("L1"))
                if review:
                    fid = review[0]["id"]
                    core.findings.review(self.who("L1"), fid, PIN, passed=op[1], note="未完成")
            elif kind == "day" and core.today() < dt.date(YEAR, 11, 1):
                core.clock.advance(days=op[1])
                return False
        except XiaonengError:
            return False  # refused (done already, not allowed): nothing written
        return kind != "day"


people = st.sampled_from(CHECKERS)
ops = st.one_of(
    st.tuples(st.just("attend"), people, st.sampled_from(("late", "proxy", "leave"))),
    st.tuples(st.just("study"), people),
    st.tuples(st.just("letter"), st.sampled_from(("H1", "L1", "S1"))),
    st.tuples(st.just("join"), st.integers(0, 2)),  # 2: in a new unit
    st.tuples(st.just("finding"), people, st.integers(-20, 30)),
    st.tuples(st.just("done"), people),
    st.tuples(st.just("review"), st.booleans()),
    st.tuples(st.just("day"), st.integers(1, 25)),
)


@settings(
    max_examples=examples(25),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(ops, min_size=1, max_size=6))
def test_the_ranking_equals_one_from_every_units_figures_after_any_writes(org, steps):
    # The examples write on after one another in the same agency.
    agency = _AGENCIES.get(org.root) or _AGENCIES.setdefault(org.root, _Agency(org))
    _agrees(org)
    for op in steps:
        kept = agency.step(op)
        if kept:  # the write kept the file: sound, with the entries of all figures
            assert _stored(org) is not None, op
        _agrees(org)


def test_a_new_basis_an_older_copy_or_a_hand_edit_is_rebuilt_by_the_next_read(org):
    agency = _Agency(org)
    _agrees(org)
    path = org.root / attention_part(YEAR)
    older = path.read_bytes()
    agency.step(("attend", "S1", "late"))
    assert path.read_bytes() != older  # kept by the write
    path.write_bytes(older)  # an older copy put back: sealed, but other figures
    again = open_core(org.root, clock=org.clock)
    assert _shown(again, 30) == _full(again, 30)
    assert path.read_bytes() != older  # rebuilt and written back
    _agrees(org)

    doc = json.loads(path.read_text("utf-8"))
    doc[ATTENTION][ATTENTION]["units"][org.org.find("测试机关").id][1] += 5  # done, by hand
    path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    assert _stored(org) is None
    _agrees(org)

    agency.step(("finding", "S1", -3))  # a new activity: another basis
    _agrees(org)
    assert _shown(org, 30)[0][0][-1] == 1  # the unit with an overdue finding comes first
    assert org.verifier.run().ok  # a derived file verify has nothing to say about
