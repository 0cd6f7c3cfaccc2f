"""The training class for applicant posts' leaders: timetable, sign-ins and completion."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xiaoneng.model.training import (
    ATTENDANCE_KINDS,
    Attendance,
    AttendanceError,
    Course,
    Participant,
    TrainingClass,
    check_attendance,
    class_problems,
    course_roll,
    find_participants,
    latest,
    participant_problems,
    participant_record,
)

TZ = dt.timezone(dt.timedelta(hours=8))

CLASS = TrainingClass(
    id="T2026",
    title="2026年度巾帼文明岗创建培训班",
    year=2026,
    place="示例市妇女儿童活动中心三楼报告厅",
    start="2026-05-12",
    end="2026-05-13",
    courses=(
        Course("c4", "参观示范岗档案材料", "示例海关旅检科", "2026-05-13", "pm", compulsory=False),
        Course("c1", "巾帼文明岗创建条件与要求", "宣传部 王晓红", "2026-05-12", "am"),
        Course("c2", "评选与考核办法解读", "宣传部 李芳", "2026-05-12", "am"),
        Course("c3", "创建经验交流（八个岗位）", "各岗位代表", "2026-05-12", "pm"),
        Course("c5", "职业礼仪", "示例职业学院 郑老师", "2026-05-13", "am"),
    ),
)
ANNA = Participant("S001", "T2026", "周婉清", "示例市税务局", "科长", "13800001234", post="P001")
BO = Participant(
    "S002", "T2026", "吴海燕", "示例市卫健委妇委会", "主任", "10000005678", role="sector_head"
)


def at(day: str, hour: int = 9) -> dt.datetime:
    return dt.datetime.fromisoformat(day).replace(hour=hour, tzinfo=TZ)


def record(
    course: str, kind: str, when: str, who: Participant = ANNA, reason: str = ""
) -> Attendance:
    return Attendance(CLASS.id, course, who.id, kind, when, "H001", reason)


def test_the_timetable_runs_in_day_and_half_day_order():
    assert [c.id for c in CLASS.timetable()] == ["c1", "c2", "c3", "c5", "c4"]
    assert [c.id for c in CLASS.in_slot("2026-05-12", "am")] == ["c1", "c2"]
    assert [c.id for c in CLASS.compulsory()] == ["c1", "c2", "c3", "c5"]
    assert CLASS.days() == [dt.date(2026, 5, 12), dt.date(2026, 5, 13)]
    assert CLASS.course("c3").when() == "5月12日下午"
    assert class_problems(CLASS) == []
    assert TrainingClass.from_dict(CLASS.to_dict()) == CLASS


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (dict(end="2026-05-11"), "早于开始日期"),
        (dict(end="2026-07-01"), "超过一个月"),
        (dict(start="5月12日"), "培训日期应写成"),
        (dict(courses=()), "至少要有一门课程"),
        (dict(courses=(Course("x", "礼仪", "甲", "2026-05-14", "am"),)), "不在培训班日期"),
        (dict(courses=(Course("x", "礼仪", "甲", "2026-05-12", "eve"),)), "上午或下午"),
        (dict(courses=(Course("x", "礼仪", " ", "2026-05-12", "am"),)), "没有写主讲人"),
        (
            dict(courses=(Course("x", "礼仪", "甲", "2026-05-12", "am", compulsory=False),)),
            "至少要有一门必修课程",
        ),
        (
            dict(courses=(Course("x", "甲", "甲", "2026-05-12", "am"),) * 2),
            "编号 x 重复",
        ),
    ],
)
def test_class_problems_are_in_chinese(change, words):
    problems = class_problems(dataclasses.replace(CLASS, **change))
    assert any(words in p for p in problems), problems


def test_participants_link_to_their_post():
    assert participant_problems(ANNA, ["P001"]) == []
    assert participant_problems(BO, []) == []
    assert participant_problems(ANNA, ["P002"]) == ["学员“周婉清”所属的申报岗位 P001 不存在"]
    orphan = Participant("S3", "T2026", "郑丽", "示例银行", post="")
    assert participant_problems(orphan, []) == ["学员“郑丽”是岗位负责人，应关联所在的申报岗位"]
    assert Participant.from_dict(ANNA.to_dict()) == ANNA


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("婉清", ["S001"]),
        ("1234", ["S001"]),
        ("5678", ["S002"]),
        ("138 0000 1234", ["S001"]),
        ("123", []),
        ("", []),
        ("王", []),
    ],
)
def test_kiosk_search_by_name_or_phone_digits(query, found):
    assert [p.id for p in find_participants([ANNA, BO], query)] == found


def test_sign_in_at_the_door_on_the_day():
    assert check_attendance(CLASS, ANNA, "c1", "self", at("2026-05-12")).id == "c1"


@pytest.mark.parametrize(
    ("course", "kind", "when", "reason", "words"),
    [
        ("c1", "self", "2026-05-13", "", "事后请用补签并写明原因"),
        ("c5", "self", "2026-05-12", "", "课程当天才能签到"),
        ("c1", "late", "2026-05-13", "", "补签必须写明原因"),
        ("c1", "leave", "2026-05-10", " ", "请假必须写明原因"),
        ("c5", "absent", "2026-05-12", "未到", "尚未开始，不能记缺席"),
        ("c5", "late", "2026-05-12", "堵车", "尚未开始，不能记补签"),
        ("c9", "self", "2026-05-12", "", "没有编号为 c9 的课程"),
        ("c1", "proxy", "2026-05-12", "代签", "签到类别应为"),
    ],
)
def test_sign_ins_the_class_does_not_allow(course, kind, when, reason, words):
    with pytest.raises(AttendanceError, match=words):
        check_attendance(CLASS, ANNA, course, kind, at(when), reason)


def test_only_the_class_participants_sign():
    other = Participant("S9", "T2025", "周婉清", "示例市税务局", post="P001")
    with pytest.raises(AttendanceError, match="不是“2026年度巾帼文明岗创建培训班”的学员"):
        check_attendance(CLASS, other, "c1", "self", at("2026-05-12"))


def test_leave_may_be_recorded_in_advance_and_late_sign_in_afterwards():
    check_attendance(CLASS, ANNA, "c5", "leave", at("2026-05-10"), "单位值班")
    check_attendance(CLASS, ANNA, "c1", "late", at("2026-05-13"), "上午在门口忘记签到")
    check_attendance(CLASS, ANNA, "c1", "absent", at("2026-05-20"), "未到")


def test_completion_needs_every_compulsory_course():
    day1, day2 = "2026-05-12T09:00:00+08:00", "2026-05-13T09:00:00+08:00"
    records = [record(c, "self", day1) for c in ("c1", "c2", "c3")]
    result = participant_record(CLASS, ANNA, records)
    assert not result.completed
    assert [c.id for c in result.missed_compulsory] == ["c5"]
    records.append(record("c5", "late", day2, reason="上午在门口忘记签到"))
    result = participant_record(CLASS, ANNA, records)
    assert result.completed and result.attended == 4  # the optional visit is not needed


def test_leave_is_not_attendance_and_the_last_record_wins():
    t1, t2 = "2026-05-12T08:00:00+08:00", "2026-05-12T09:05:00+08:00"
    base = [record(c, "self", t1) for c in ("c2", "c3", "c5")]
    on_leave = participant_record(CLASS, ANNA, [*base, record("c1", "leave", t1, reason="开会")])
    assert not on_leave.completed
    came = [*base, record("c1", "leave", t1, reason="开会"), record("c1", "self", t2)]
    assert participant_record(CLASS, ANNA, came).completed
    assert latest(came)[(ANNA.id, "c1")].kind == "self"


def test_records_of_other_classes_and_people_do_not_count():
    t = "2026-05-12T09:00:00+08:00"
    stray = [
        Attendance("T2025", c, ANNA.id, "self", t, "H001") for c in ("c1", "c2", "c3", "c5")
    ] + [record(c, "self", t, who=BO) for c in ("c1", "c2", "c3", "c5")]
    assert not participant_record(CLASS, ANNA, stray).completed
    assert participant_record(CLASS, BO, stray).completed


def test_the_sign_in_sheet_of_a_course():
    t = "2026-05-12T09:00:00+08:00"
    roll = course_roll(CLASS, CLASS.course("c1"), [ANNA, BO], [record("c1", "self", t)])
    assert [(p.id, a.label if a else "") for p, a in roll] == [("S001", "签到"), ("S002", "")]
    assert Attendance.from_dict(roll[0][1].to_dict()) == roll[0][1]


kinds = st.sampled_from(list(ATTENDANCE_KINDS))


@given(st.dictionaries(st.sampled_from([c.id for c in CLASS.courses]), kinds))
def test_completion_is_presence_at_every_compulsory_course(marks):
    records = [record(c, k, "2026-05-12T09:00:00+08:00", reason="因") for c, k in marks.items()]
    result = participant_record(CLASS, ANNA, records)
    expected = all(marks.get(c.id) in ("self", "late") for c in CLASS.compulsory())
    assert result.completed is expected
    assert result.attended == sum(k in ("self", "late") for k in marks.values())
