"""The 巾帼文明岗 training class through the service: timetable, participants,
sign-in confirmed at the door with the helper's own PIN, 补签 and 请假, completion."""

from __future__ import annotations

import pytest
from conftest import ACTOR, ADMIN_PIN, PIN, person
from helpers.jinguo_setup import CLASS_DAYS, programme

from xiaoneng.errors import OperationError, PermissionDenied, UserError
from xiaoneng.model.training import AttendanceError, Course
from xiaoneng.services.auth import LoginFailed
from xiaoneng.services.posts_signin import sitting_of, sittings, today_sitting


def test_timetable_sittings_and_participants(org, clock):
    made = programme(org)
    t = made["training"]
    assert [c.id for c in t.timetable()] == ["C01", "C02", "C03", "C04", "C05"]
    keys = [s.key for s in sittings(t)]
    assert keys[:4] == [f"{CLASS_DAYS[0]}:am", "C01", "C02", f"{CLASS_DAYS[0]}:pm"]
    assert sitting_of(t, f"{CLASS_DAYS[0]}:am").label(t) == "3月16日上午（半天，2 门课程）"
    assert today_sitting(t, clock.now) == sitting_of(t, f"{CLASS_DAYS[0]}:am")
    people = org.training.participants(t)
    assert len(people) == 4 and {p.role for p in people} == {"post_leader", "sector_head"}
    assert [p.name for p in org.training.find(t, "1111")] == ["林晓梅"]
    assert [p.name for p in org.training.find(t, "秀芳")] == ["黄秀芳"]
    assert org.training.find(t, "11") == []  # fewer than 4 digits finds nobody
    # Enrolling again adds nobody twice.
    assert org.training.enrol_posts(ACTOR, t.id) == []
    with pytest.raises(UserError, match="不在培训班日期"):
        org.training.save_course(ACTOR, t.id, Course("", "多余的课", "某人", "2026-04-01", "am"))


def test_half_day_sign_in_needs_the_helpers_own_pin(org, clock):
    made = programme(org)
    t, anna = made["training"], made["leaders"][0]
    half = f"{CLASS_DAYS[0]}:am"
    helper = person(org, "X1")
    with pytest.raises(LoginFailed):
        org.training_signin.confirm(helper, "000000", t.id, anna.id, half)
    done = org.training_signin.confirm(helper, PIN, t.id, anna.id, half)
    assert [r.course for r in done.records] == ["C01", "C02"]
    assert all(r.entered_by == "X1" and r.kind == "self" for r in done.records)
    assert {e["action"] for e in done.entries} == {"training.attend"}
    with pytest.raises(AttendanceError, match="已签到"):
        org.training_signin.confirm(helper, PIN, t.id, anna.id, "C01")
    # Someone not named on the class cannot confirm, whatever their PIN.
    with pytest.raises(PermissionDenied, match="门口协助人员"):
        org.training_signin.confirm(person(org, "S1"), PIN, t.id, anna.id, f"{CLASS_DAYS[0]}:pm")
    org.training.update(ACTOR, t.id, helpers=["S1"])
    clock.advance(hours=5)
    done = org.training_signin.confirm(person(org, "S1"), PIN, t.id, anna.id, f"{CLASS_DAYS[0]}:pm")
    assert [r.course for r in done.records] == ["C03"]
    assert org.verifier.run().ok


def test_leave_in_advance_late_sign_in_afterwards_and_completion(org, clock):
    made = programme(org)
    t = made["training"]
    anna, bella = made["leaders"][0], made["leaders"][1]
    admin = person(org, "A001")
    # 请假 for tomorrow's visit may be recorded today; 签到 for it may not.
    with pytest.raises(AttendanceError, match="课程当天才能签到"):
        org.training_signin.confirm(admin, ADMIN_PIN, t.id, bella.id, "C05")
    with pytest.raises(AttendanceError, match="必须写明原因"):
        org.training_signin.confirm(admin, ADMIN_PIN, t.id, bella.id, "C05", "leave")
    org.training_signin.confirm(admin, ADMIN_PIN, t.id, bella.id, "C05", "leave", "单位值班")
    for key in (f"{CLASS_DAYS[0]}:am", f"{CLASS_DAYS[0]}:pm"):
        org.training_signin.confirm(admin, ADMIN_PIN, t.id, anna.id, key)
        org.training_signin.confirm(admin, ADMIN_PIN, t.id, bella.id, key)
    clock.advance(days=1)
    org.training_signin.confirm(admin, ADMIN_PIN, t.id, anna.id, "C05")
    clock.advance(days=1)
    with pytest.raises(AttendanceError, match="补签"):
        org.training_signin.confirm(admin, ADMIN_PIN, t.id, bella.id, "C05")
    records = {r.participant.id: r for r in org.training_signin.records(t)}
    assert records[anna.id].completed  # the optional etiquette course is not needed
    assert not records[bella.id].completed
    assert [c.id for c in records[bella.id].missed_compulsory] == ["C05"]
    # She came after all and signed late: the 补签 replaces the 请假.
    done = org.training_signin.confirm(
        admin, ADMIN_PIN, t.id, bella.id, "C05", "late", "当天签到时漏签"
    )
    assert done.entries[0]["action"] == "training.record"
    assert {r.participant.id: r for r in org.training_signin.records(t)}[bella.id].completed
    assert org.verifier.run().ok


def test_removing_what_has_attendance_is_refused(org, clock):
    made = programme(org)
    t, anna = made["training"], made["leaders"][0]
    org.training_signin.confirm(person(org, "A001"), ADMIN_PIN, t.id, anna.id, "C01")
    with pytest.raises(OperationError, match="已有签到记录"):
        org.training.remove_course(ACTOR, t.id, "C01")
    with pytest.raises(OperationError, match="不能删除"):
        org.training.remove_participant(ACTOR, t.id, anna.id)
    org.training.remove_participant(ACTOR, t.id, made["head"].id)
    assert len(org.training.participants(t)) == 3
    t = org.training.remove_course(ACTOR, t.id, "C04")
    assert [c.id for c in t.courses] == ["C01", "C02", "C03", "C05"]
