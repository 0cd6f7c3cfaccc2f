"""Commitment letters: who may sign, reading and signing, per-unit status and the to-do list."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from conftest import ACTOR, PIN, bump_version, person

from xiaoneng.errors import OperationError, PermissionDenied
from xiaoneng.paths import bundled_checklists_dir
from xiaoneng.services.core import Core

SAFETY = "letter-work-safety"
EFFICIENCY = "letter-efficiency"


def test_head_signs_the_unit_letter_staff_cannot(org):
    with pytest.raises(PermissionDenied, match="无权签署"):
        org.letters.sign_letter(person(org, "S1"), SAFETY, PIN)
    head = person(org, "H1")
    due = [d for d in org.letters.for_person(head) if d.template.id == SAFETY]
    assert due and due[0].state == "unsigned"
    letter, entry = org.letters.sign_letter(head, SAFETY, PIN)
    assert entry["action"] == "letter.sign"
    assert (
        "测试幼儿园" in letter.preamble
        or any("测试幼儿园" in c for c in letter.clauses)
        or "测试幼儿园" in letter.title
    )
    assert "{" not in letter.title + letter.preamble + "".join(letter.clauses) + letter.term
    with pytest.raises(OperationError, match="已签署"):
        org.letters.sign_letter(head, SAFETY, PIN)
    assert [d.state for d in org.letters.for_person(head) if d.template.id == SAFETY] == ["signed"]
    assert org.verifier.run().ok


def test_new_template_version_needs_signing_again_and_keeps_the_old(org, tmp_path):
    head = person(org, "H1")
    org.letters.sign_letter(head, SAFETY, PIN)
    folder = tmp_path / "lists"
    shutil.copytree(bundled_checklists_dir(), folder, ignore=shutil.ignore_patterns("*.md"))
    path = folder / f"{SAFETY}.toml"
    path.write_text(bump_version(path.read_text("utf-8")), encoding="utf-8")
    newer = Core(org.store, clock=org.clock, checklist_dirs=[folder])
    due = [d for d in newer.letters.for_person(head) if d.template.id == SAFETY][0]
    assert due.state == "resign" and due.label == "需重新签署"
    newer.letters.sign_letter(head, SAFETY, PIN)
    due = [d for d in newer.letters.for_person(head) if d.template.id == SAFETY][0]
    assert (
        due.state == "signed"
        and due.signed.template["version"] == newer.letters.template(SAFETY).version
    )
    assert newer.verifier.run().ok  # the version-1 signature is still on record and intact


def test_status_counts_per_unit(org):
    module = org.study.module("work-safety-law-2021")
    me = person(org, "S1")
    org.study.submit_quiz(me, module.id, [set(q.answer) for q in module.questions])
    org.study.complete(me, module.id, PIN)
    org.letters.sign_letter(person(org, "H1"), SAFETY, PIN)
    units = {u.name: u for u in org.status.units()}
    kg = units["测试幼儿园"]
    assert kg.headcount == 3
    assert (kg.studies[module.id].done, kg.studies[module.id].due) == (1, 3)
    # The safety letter (head) and the efficiency letter (each staff member).
    assert kg.letters.due == 4 and kg.letters.done == 1
    report = org.status.report()
    assert {u.name for u in report.units} == {"测试机关", "测试幼儿园"}
    assert report.to_dict()["units"][1]["letters"] == {"done": 1, "due": 4}


def test_todo_lists_what_is_waiting_with_deadlines(org, clock):
    d = dt.date(2026, 3, 20)
    org.activities.create(
        ACTOR, title="三查", template="sancha-check", deadlines={"self": d, "peer": d}
    )
    org.sessions.create(
        ACTOR,
        title="集中学习",
        module="fj-efficiency-2024",
        start=clock.now + dt.timedelta(hours=1),
        place="会议室",
        host="领导甲",
        attendees=["H1"],
    )
    items = org.todo.for_person(person(org, "H1"))
    kinds = {i.kind for i in items}
    assert {"study", "session", "self", "peer", "letter"} <= kinds
    clock.advance(days=5)
    items = org.todo.for_person(person(org, "H1"))
    late = [i for i in items if i.overdue(org.today())]
    assert items[: len(late)] == late  # overdue first
    assert {i.kind for i in late} == {"session", "self", "peer"}
    session = next(i for i in late if i.kind == "session")
    assert "补签" in session.note


def test_overview_from_summaries_matches_the_unit_records(org):
    org.letters.sign_letter(person(org, "H1"), SAFETY, PIN)
    org.letters.sign_letter(person(org, "S1"), "letter-efficiency", PIN)
    overview = {
        (d.template.id, d.signer.id): (d.state, d.version, d.signed_at) for d in org.letters.due()
    }
    detail = {}
    for u in org.org.units():
        for d in org.letters.due(unit=u.id):
            detail[(d.template.id, d.signer.id)] = (d.state, d.version, d.signed_at)
            assert (d.signed is not None) == (d.state != "unsigned")
    assert overview == detail
    assert (
        overview[(SAFETY, "H1")][0] == "signed"
        and overview[("letter-efficiency", "S2")][0] == "unsigned"
    )


def test_letter_refusal_signature_and_reading(org):
    staff, head = person(org, "S1"), person(org, "H1")
    assert "无权签署" in org.letters.refusal(staff, SAFETY)
    assert org.letters.refusal(head, SAFETY) is None
    assert org.letters.refusal(staff, EFFICIENCY) is None
    # Staff read the unit letter as their head will sign it.
    assert "园长甲" in org.letters.reading(staff, SAFETY).preamble
    assert "教师甲" in org.letters.reading(staff, EFFICIENCY).preamble
    assert org.letters.signature(head, SAFETY) is None
    letter, entry = org.letters.sign_letter(head, SAFETY, PIN)
    got, got_entry = org.letters.signature(head, SAFETY)
    assert got == letter and got_entry == entry


def test_head_signs_after_a_wrong_pin_with_the_same_person_object(org):
    from xiaoneng.services.auth import LoginFailed

    head = person(org, "H1")  # kept by the screen; the store's copy counts wrong tries
    with pytest.raises(LoginFailed):
        org.letters.sign_letter(head, SAFETY, "000001")
    assert org.letters.refusal(head, SAFETY) is None
    letter, _ = org.letters.sign_letter(head, SAFETY, PIN)
    assert letter.signer == "H1"
