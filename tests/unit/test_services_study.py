"""Study: quiz attempts, pass mark, signed completion, version changes; sessions:
their start time, who may sign in and the counts."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from conftest import ACTOR, PIN, TZ, bump_version, person

from xiaoneng.errors import OperationError, PermissionDenied, UserError
from xiaoneng.paths import bundled_checklists_dir
from xiaoneng.services.auth import LoginFailed
from xiaoneng.services.core import Core
from xiaoneng.services.ledger import short
from xiaoneng.services.sessions import parse_start

MODULE = "work-safety-law-2021"


def right_answers(module):
    return [set(q.answer) for q in module.questions]


def wrong_answers(module):
    return [{(min(q.answer) + 1) % len(q.choices)} for q in module.questions]


def test_quiz_pass_and_signed_completion(org):
    me = person(org, "S1")
    module = org.study.module(MODULE)
    assert org.study.status(me, module).label == "未完成"
    failed = org.study.submit_quiz(me, MODULE, wrong_answers(module))
    assert not failed.passed and failed.number == 1
    with pytest.raises(OperationError, match="还没有通过"):
        org.study.complete(me, MODULE, PIN)
    passed = org.study.submit_quiz(me, MODULE, right_answers(module))
    assert passed.passed and passed.correct == len(module.questions)
    with pytest.raises(LoginFailed):
        org.study.complete(me, MODULE, "000001")
    done, entry = org.study.complete(me, MODULE, PIN)
    assert done.attempts == 2 and entry["action"] == "study.complete"
    status = org.study.status(me, module)
    assert status.done and status.label == "已完成"
    with pytest.raises(OperationError, match="已完成"):
        org.study.submit_quiz(me, MODULE, right_answers(module))
    assert org.verifier.run().ok


def test_attempts_run_out_and_the_office_can_reset(org):
    me = person(org, "S2")
    module = org.study.module(MODULE)
    for _ in range(module.attempts):
        org.study.submit_quiz(me, MODULE, wrong_answers(module))
    with pytest.raises(OperationError, match="次数"):
        org.study.submit_quiz(me, MODULE, right_answers(module))
    with pytest.raises(PermissionDenied):
        org.study_office.reset(me, me.id, MODULE, "再学一遍")
    reset, _entry = org.study_office.reset(ACTOR, me.id, MODULE, "再学一遍")
    assert len(reset.attempts) == module.attempts
    assert org.study.submit_quiz(me, MODULE, right_answers(module)).number == module.attempts + 1


def test_wrong_number_of_answers_is_a_user_error(org):
    with pytest.raises(UserError, match="答案数量"):
        org.study.submit_quiz(person(org, "S1"), MODULE, [{0}])


def test_new_version_means_study_again(org, tmp_path):
    me = person(org, "S1")
    module = org.study.module(MODULE)
    org.study.submit_quiz(me, MODULE, right_answers(module))
    org.study.complete(me, MODULE, PIN)
    folder = tmp_path / "lists"
    folder.mkdir()
    src = bundled_checklists_dir() / f"{MODULE}.toml"
    text = bump_version(src.read_text("utf-8"))
    (folder / src.name).write_text(text, encoding="utf-8")
    for other in bundled_checklists_dir().glob("*.toml"):
        if other.name != src.name:
            shutil.copy(other, folder)
    newer = Core(org.store, clock=org.clock, checklist_dirs=[folder])
    status = newer.study.status(me, newer.study.module(MODULE))
    assert not status.done and status.needs_redo and "需重新学习" in status.label
    report = newer.status.units()
    kg = next(u for u in report if u.name == "测试幼儿园")
    assert kg.studies[MODULE].done == 0


def _session(org, **kw):
    start = org.now() + dt.timedelta(minutes=30)
    args = dict(
        title="安全生产法集中学习",
        module=MODULE,
        start=start,
        place="三楼会议室",
        host="领导甲",
        attendees=["S1", "S2", "H1"],
    )
    args.update(kw)
    return org.sessions.create(ACTOR, **args)


def test_session_sign_in_and_office_records(org, clock):
    s = _session(org)
    assert s.id.startswith("S2026-")
    me = person(org, "S1")
    signin, entry = org.sessions.attend(me, s.id, PIN)
    assert signin.kind == "self" and entry["action"] == "session.signin"
    with pytest.raises(OperationError, match="已有签到"):
        org.sessions.attend(me, s.id, PIN)
    with pytest.raises(PermissionDenied, match="名单"):
        org.sessions.attend(person(org, "S3"), s.id, PIN)
    with pytest.raises(UserError, match="原因"):
        org.sessions.record(ACTOR, s.id, "S2", "leave", "  ")
    leave, _ = org.sessions.record(ACTOR, s.id, "S2", "leave", "外出培训")
    assert leave.entered_by == ACTOR.id and leave.reason == "外出培训"
    with pytest.raises(PermissionDenied):
        org.sessions.record(me, s.id, "H1", "proxy", "代签")
    clock.advance(days=1)
    with pytest.raises(OperationError, match="补签"):
        org.sessions.attend(person(org, "H1"), s.id, PIN)
    late, _ = org.sessions.record(ACTOR, s.id, "H1", "late", "当天在园值班，次日补签")
    labels = {a.person.id: a.label for a in org.sessions.attendance(s)}
    assert labels == {"S1": "本人签到", "S2": "请假", "H1": "补签"}
    assert org.verifier.run().ok


def test_session_too_early_and_bad_input(org, clock):
    s = _session(org, start=clock.now + dt.timedelta(days=2))
    with pytest.raises(OperationError, match="尚未开始"):
        org.sessions.attend(person(org, "S1"), s.id, PIN)
    with pytest.raises(UserError, match="不存在的工号"):
        _session(org, attendees=["S1", "NOBODY"])
    with pytest.raises(UserError, match="学习模块"):
        _session(org, module="no-such-module")


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


def test_attend_block_and_counts(org, clock):
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
