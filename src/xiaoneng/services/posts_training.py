"""The 巾帼文明岗 training class: its days, place and timetable, the door
helpers, and the participants (people from outside the roster, linked to
their post). Every change is signed in the ledger with the class or the
participants as saved. Sign-in at the door is services/posts_signin.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from xiaoneng.errors import OperationError, UserError
from xiaoneng.model.dates import parse_day
from xiaoneng.model.training import (
    PARTICIPANT_ROLES,
    Course,
    Participant,
    TrainingClass,
    class_problems,
    find_participants,
    participant_problems,
)
from xiaoneng.services.permissions import Actor
from xiaoneng.services.posts import require_manage, require_view
from xiaoneng.services.text import clean_field
from xiaoneng.store import Txn
from xiaoneng.store.repos.posts_training import class_event, participants_event

if TYPE_CHECKING:
    from xiaoneng.services.core import Core


class TrainingService:
    def __init__(self, core: Core):
        self.core = core
        self.repo = core.repos.training

    # -- the class --------------------------------------------------------------

    def classes(self, actor: Actor, year: int | None = None) -> list[TrainingClass]:
        require_view(actor)
        return self.repo.classes(year or self.core.today().year)

    def get(self, class_id: str) -> TrainingClass:
        training = self.repo.get(class_id.strip())
        if training is None:
            raise UserError(f"培训班 {class_id.strip()[:20]} 不存在。")
        return training

    def create(
        self, actor: Actor, *, title: str, place: str, start: str, end: str
    ) -> TrainingClass:
        require_manage(actor, "举办巾帼文明岗培训班")
        first, last = parse_day(start, "开始日期"), parse_day(end, "结束日期")
        with self.core.store.transaction() as txn:
            training = TrainingClass(
                id=self.repo.new_class_id_txn(txn, first.year),
                title=clean_field(title, "培训班名称", max_len=60),
                year=first.year,
                place=clean_field(place, "培训地点", max_len=60),
                start=first.isoformat(),
                end=last.isoformat(),
            )
            self._check(training)
            self._put_txn(txn, actor, training)
        return training

    def update(self, actor: Actor, class_id: str, **fields: Any) -> TrainingClass:
        """Change the class's title, place or days (the year stays), or its helpers."""
        require_manage(actor, "修改巾帼文明岗培训班")
        changes: dict[str, Any] = {}
        for key, value in fields.items():
            if key == "title":
                changes[key] = clean_field(value, "培训班名称", max_len=60)
            elif key == "place":
                changes[key] = clean_field(value, "培训地点", max_len=60)
            elif key in ("start", "end"):
                changes[key] = parse_day(
                    value, "开始日期" if key == "start" else "结束日期"
                ).isoformat()
            elif key == "helpers":
                changes[key] = self._helpers(value)
            else:
                raise UserError(f"培训班没有“{key}”这一项。")
        with self.core.store.transaction() as txn:
            training = replace(self._get_txn(txn, class_id), **changes)
            if training.start[:4] != str(training.year):
                raise UserError(f"培训班属于 {training.year} 年度，开始日期应在该年内。")
            self._check(training)
            self._put_txn(txn, actor, training)
        return training

    def _helpers(self, ids: Iterable[str]) -> tuple[str, ...]:
        out = []
        for pid in dict.fromkeys(str(i).strip() for i in ids if str(i).strip()):
            person = self.core.roster.get(pid)
            if person is None or not person.active:
                raise UserError(f"门口协助人员的工号 {pid[:20]} 不存在或已停用。")
            out.append(pid)
        return tuple(out)

    def save_course(self, actor: Actor, class_id: str, course: Course) -> TrainingClass:
        """Add a course to the timetable, or replace the one with its id."""
        require_manage(actor, "编排培训班课程")
        course = replace(
            course,
            title=clean_field(course.title, "课程名称", max_len=60),
            speaker=clean_field(course.speaker, "主讲人", max_len=40),
        )
        with self.core.store.transaction() as txn:
            training = self._get_txn(txn, class_id)
            if not course.id:
                taken = {c.id for c in training.courses}
                n = len(taken) + 1
                while f"C{n:02d}" in taken:
                    n += 1
                course = replace(course, id=f"C{n:02d}")
            courses = [c for c in training.courses if c.id != course.id]
            at = next((i for i, c in enumerate(training.courses) if c.id == course.id), None)
            courses.insert(len(courses) if at is None else at, course)
            training = replace(training, courses=tuple(courses))
            self._check(training)
            self._put_txn(txn, actor, training)
        return training

    def remove_course(self, actor: Actor, class_id: str, course_id: str) -> TrainingClass:
        require_manage(actor, "编排培训班课程")
        with self.core.store.transaction() as txn:
            training = self._get_txn(txn, class_id)
            course = training.course(course_id)
            if course is None:
                raise UserError(f"课程 {course_id[:20]} 不存在。")
            if any(a.course == course_id for a in self.repo.attendance_txn(txn, training)):
                raise OperationError(f"“{course.title}”已有签到记录，不能删除（可改名或改时间）。")
            training = replace(
                training, courses=tuple(c for c in training.courses if c.id != course_id)
            )
            self._put_txn(txn, actor, training)
        return training

    def _put_txn(self, txn: Txn, actor: Actor, training: TrainingClass) -> None:
        self.repo.put_txn(txn, training)
        self._sign_txn(txn, actor, training.year, class_event(training))

    def _put_people_txn(self, txn: Txn, actor: Actor, year: int, people: list[Participant]) -> None:
        if people:
            self.repo.put_participants_txn(txn, year, people)
            self._sign_txn(txn, actor, year, participants_event(people))

    def _sign_txn(self, txn: Txn, actor: Actor, year: int, record: dict[str, Any]) -> None:
        self.core.ledger.sign_txn(
            txn,
            actor=actor.id,
            action="training.class" if "class" in record else "training.participants",
            time=self.core.now_iso(),
            ref=self.repo.event_ref(year),
            record=record,
        )

    def _check(self, training: TrainingClass) -> None:
        problems = class_problems(training, draft=True)
        if problems:
            raise UserError("；".join(problems) + "。")

    def _get_txn(self, txn: Txn, class_id: str) -> TrainingClass:
        training = self.repo.get_txn(txn, class_id)
        if training is None:
            raise UserError(f"培训班 {class_id[:20]} 不存在。")
        return training

    # -- participants ------------------------------------------------------------

    def participants(self, training: TrainingClass) -> list[Participant]:
        return self.repo.participants(training)

    def participant(self, training: TrainingClass, pid: str) -> Participant:
        p = self.repo.participant(training, pid)
        if p is None:
            raise UserError(f"学员 {pid[:20]} 不是“{training.title}”的学员。")
        return p

    def enrol_posts(self, actor: Actor, class_id: str) -> list[Participant]:
        """The leader of every post of the class's year that is still in the running
        and not yet enrolled becomes a participant."""
        require_manage(actor, "登记培训班学员")
        with self.core.store.transaction() as txn:
            training = self._get_txn(txn, class_id)
            enrolled = {p.post for p in self.repo.participants_txn(txn, training) if p.post}
            posts = self.core.repos.posts.posts_txn(txn, training.year).values()
            wanted = [
                p
                for p in posts
                if p.id not in enrolled and p.leader and p.state not in ("rejected", "revoked")
            ]
            ids = self.repo.new_participant_ids_txn(txn, training.year, len(wanted))
            people = [
                Participant(
                    id=pid,
                    training=training.id,
                    name=post.leader,
                    organisation=post.organisation,
                    position=f"{post.name}负责人",
                    phone=post.phone,
                    post=post.id,
                    role="post_leader",
                )
                for pid, post in zip(ids, wanted, strict=True)
            ]
            self._put_people_txn(txn, actor, training.year, people)
        return people

    def save_participant(self, actor: Actor, class_id: str, p: Participant) -> Participant:
        """Add a participant (no id yet) or change one."""
        require_manage(actor, "登记培训班学员")
        p = replace(
            p,
            training=class_id,
            name=clean_field(p.name, "学员姓名", max_len=40),
            organisation=clean_field(p.organisation, "单位", max_len=60),
            position=clean_field(p.position, "职务", max_len=40, required=False),
            phone=clean_field(p.phone, "手机", max_len=30, required=False),
            post=p.post.strip(),
        )
        if p.role not in PARTICIPANT_ROLES:
            raise UserError(f"学员类别应为 {'、'.join(PARTICIPANT_ROLES.values())} 之一。")
        with self.core.store.transaction() as txn:
            training = self._get_txn(txn, class_id)
            if not p.id:
                p = replace(p, id=self.repo.new_participant_ids_txn(txn, training.year, 1)[0])
            elif not any(q.id == p.id for q in self.repo.participants_txn(txn, training)):
                raise UserError(f"学员 {p.id} 不存在。")
            posts = self.core.repos.posts.posts_txn(txn, training.year)
            problems = participant_problems(p, posts)
            if problems:
                raise UserError("；".join(problems) + "。")
            self._put_people_txn(txn, actor, training.year, [p])
        return p

    def remove_participant(self, actor: Actor, class_id: str, pid: str) -> None:
        require_manage(actor, "登记培训班学员")
        with self.core.store.transaction() as txn:
            training = self._get_txn(txn, class_id)
            if any(a.participant == pid for a in self.repo.attendance_txn(txn, training)):
                raise OperationError("该学员已有签到或请假记录，不能删除。")
            self.repo.delete_participant_txn(txn, training.year, pid)
            self._sign_txn(txn, actor, training.year, participants_event((), [pid]))

    def find(self, training: TrainingClass, query: str) -> list[Participant]:
        """By part of the name, or the last 4 or more digits of the phone."""
        return find_participants(self.participants(training), query)
