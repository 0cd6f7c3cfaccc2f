"""Service methods added for the study, session and letter screens."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import ACTOR, PIN, TZ, person

from xiaoneng.errors import UserError
from xiaoneng.services.ledger import short
from xiaoneng.services.sessions import parse_start

MODULE = "work-safety-law-2021"
SAFETY = "letter-work-safety"
EFFICIENCY = "letter-efficiency"


def test_completion_of_gives_the_signed_record_and_its_ledger_entry(org):
    me = person(org, "S1")
    module = org.study.module(MODULE)
    assert org.study.completion_of(me, MODULE) is None
    org.study.submit_quiz(me, MODULE, [set(q.answer) for q in module.questions])
    done, entry = org.study.complete(me, MODULE, PIN)
    got, got_entry = org.study.completion_of(me, MODULE)
    assert got == done and got_entry == entry and short(got_entry["hash"]) == entry["hash"][:12]


@pytest.mark.parametrize(
    ("date", "time", "expected"),
    [
        ("2026-03-20", "14:30", dt.datetime(2026, 3, 20, 14, 30, tzinfo=TZ)),
        ("2026/3/5", "8：05", dt.datetime(2026, 3, 5, 8, 5, tzinfo=TZ)),
    ],
)
def test_parse_start_accepts_common_forms(date, time, expected):
    assert parse_start(date, time, TZ) == expected


@pytest.mark.parametrize(
    ("date", "time", "message"),
    [
        ("", "14:30", "请填写日期"),
        ("2026-02-30", "14:30", "日期“2026-02-30”不是有效的日期"),
        ("明天", "14:30", "日期“明天”不是有效的日期"),
        ("1999-01-01", "14:30", "年份不对"),
        ("2026-03-20", "", "请填写开始时间"),
        ("2026-03-20", "25:00", "时间“25:00”无效"),
        ("2026-03-20", "下午两点", "时间“下午两点”无效"),
    ],
)
def test_parse_start_refuses_bad_input_in_chinese(date, time, message):
    with pytest.raises(UserError, match=message):
        parse_start(date, time, TZ)


def test_signin_block_and_counts(org, clock):
    s = org.sessions.create(
        ACTOR,
        title="集中学习",
        module=MODULE,
        start=clock.now + dt.timedelta(minutes=30),
        place="会议室",
        host="领导甲",
        attendees=["S1", "S2", "H1"],
    )
    assert org.sessions.attend_block(person(org, "S1"), s) is None
    assert "名单" in org.sessions.attend_block(person(org, "S3"), s)
    c = org.sessions.counts()[s.id]
    assert (c.present, c.excused, c.due, c.missing) == (0, 0, 3, 3)
    org.sessions.attend(person(org, "S1"), s.id, PIN)
    org.sessions.record(ACTOR, s.id, "S2", "leave", "外出")
    assert "已有签到记录（本人签到" in org.sessions.attend_block(person(org, "S1"), s)
    c = org.sessions.counts()[s.id]
    assert (c.present, c.excused, c.due, c.missing) == (1, 1, 3, 1)
    clock.advance(days=1)
    assert "补签" in org.sessions.attend_block(person(org, "H1"), s)
    later = org.sessions.create(
        ACTOR,
        title="下周学习",
        module=MODULE,
        start=clock.now + dt.timedelta(days=7),
        place="会议室",
        host="领导甲",
        attendees=["H1"],
    )
    assert "尚未开始" in org.sessions.attend_block(person(org, "H1"), later)


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
