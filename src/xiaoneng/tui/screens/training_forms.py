"""The forms the office fills in to set up a training class: the class
itself, a course of its timetable, and a participant from outside the
roster. Each builds a JinguoFormDialog whose save calls the service."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from xiaoneng.errors import UserError
from xiaoneng.model.dates import parse_day
from xiaoneng.model.training import PARTICIPANT_ROLES, SLOTS, Course, Participant, TrainingClass
from xiaoneng.tui.dialogs.jinguo_form import Field, JinguoFormDialog

if TYPE_CHECKING:
    from xiaoneng.model.people import Person
    from xiaoneng.services.core import Core


def pick(text: str, choices: dict[str, str], label: str) -> str:
    """The key of the choice typed by its Chinese name (or its key)."""
    t = text.strip()
    for key, name in choices.items():
        if t in (key, name):
            return key
    raise UserError(f"{label}应为 {'、'.join(choices.values())} 之一，实际为“{t[:20]}”。")


COMPULSORY = {"yes": "必修", "no": "选修"}


def class_form(core: Core, user: Person, training: TrainingClass | None) -> JinguoFormDialog:
    t = training
    year = core.today().year
    fields = [
        Field("title", "培训班名称", t.title if t else f"{year}年度巾帼文明岗创建培训班"),
        Field("place", "地点", t.place if t else "", "如：市妇女儿童活动中心"),
        Field("start", "开始日期", t.start if t else "", "如 2026-05-12"),
        Field("end", "结束日期", t.end if t else "", "如 2026-05-13", 10),
    ]

    def save(v: dict[str, str]) -> TrainingClass:
        if t is None:
            return core.training.create(user, **v)
        return core.training.update(user, t.id, **v)

    return JinguoFormDialog("修改培训班" if t else "新建培训班", fields, save)


def course_form(
    core: Core, user: Person, training: TrainingClass, course: Course | None
) -> JinguoFormDialog:
    c = course
    fields = [
        Field("title", "课程", c.title if c else "", "如：创建条件和申报要求"),
        Field("speaker", "主讲", c.speaker if c else "", "主讲人，或参观的岗位", 40),
        Field("day", "日期", c.day if c else training.start, "培训班的某一天", 10),
        Field("slot", "时段", SLOTS[c.slot] if c else "上午", "上午/下午", 4),
        Field("compulsory", "必修/选修", "必修" if c is None or c.compulsory else "选修", "", 4),
    ]

    def save(v: dict[str, str]) -> TrainingClass:
        made = Course(
            id=c.id if c else "",
            title=v["title"],
            speaker=v["speaker"],
            day=parse_day(v["day"], "日期").isoformat(),
            slot=pick(v["slot"], SLOTS, "时段"),
            compulsory=pick(v["compulsory"], COMPULSORY, "必修/选修") == "yes",
        )
        return core.training.save_course(user, training.id, made)

    return JinguoFormDialog("修改课程" if c else "添加课程", fields, save)


def participant_form(
    core: Core, user: Person, training: TrainingClass, p: Participant | None
) -> JinguoFormDialog:
    fields = [
        Field("name", "姓名", p.name if p else "", "", 40),
        Field("organisation", "单位", p.organisation if p else ""),
        Field("position", "职务", p.position if p else "", "", 40),
        Field("phone", "手机", p.phone if p else "", "签到时可按后四位查找", 30),
        Field(
            "role",
            "类别",
            PARTICIPANT_ROLES[p.role] if p else PARTICIPANT_ROLES["sector_head"],
            "/".join(PARTICIPANT_ROLES.values()),
            12,
        ),
        Field(
            "post", "申报岗位编号", p.post if p else "", "岗位负责人填所在岗位，如 P2026-001", 20
        ),
    ]
    note = "申报岗位的负责人可在培训班页按 p 一次登记；这里登记其他学员（如行业妇委会负责人）。"

    def save(v: dict[str, str]) -> Participant:
        base = p or Participant("", training.id, "", "")
        made = replace(base, **{**v, "role": pick(v["role"], PARTICIPANT_ROLES, "类别")})
        return core.training.save_participant(user, training.id, made)

    return JinguoFormDialog("修改学员" if p else "添加学员", fields, save, note=note)
