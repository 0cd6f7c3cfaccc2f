"""巾帼文明岗 records under verify (issue 11): post events, scores and ticks,
class sign-ins, and the training class and its participants.

As in test_verify_shown.py, each test edits the demo's data files as someone
with a text editor (but without secret.key) would: what is shown does not
follow an unsigned record, and `verify` fails naming the file.
"""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path

from conftest import TZ, FixedClock
from helpers.demo_copy import built_demo, demo_copy, files, fresh, load, save  # noqa: F401 (fixtures)

from xiaoneng.model.training import Course, Participant, TrainingClass
from xiaoneng.services.core import open_core
from xiaoneng.services.permissions import cli_actor

POSTS = "records/2026/posts.json"
ATTENDANCE = "records/2026/attendance.json"
TRAINING = "records/2026/training.json"
SCHEMA1 = Path(__file__).resolve().parents[1] / "fixtures" / "schema1-demo.zip"


def test_an_unsigned_post_event_is_not_folded_in_and_verify_names_the_file(demo):
    core, _ = demo
    post = next(p for p in core.repos.posts.in_year(2026) if p.state == "assessing")
    path = core.root / POSTS
    data = load(path)
    data["post_events"]["99001"] = {  # 命名 with no ledger entry behind it
        "post": post.id,
        "kind": "state",
        "change": {
            "action": "name",
            "before": "assessing",
            "after": "named",
            "at": "2026-06-19T10:00:00+00:00",
            "by": "1007",
            "reason": "",
            "year": None,
        },
    }
    save(path, data)

    again = fresh(core)
    assert again.repos.posts.get(post.id).state == "assessing"
    assert [d.get("seq") for d in again.repos.posts.history_of(post.id)].count(None) == 0
    report = again.verifier.run()
    assert not report.ok and files(report) == {POSTS}
    assert "post_events/99001" in report.problems[0] and "没有对应的台账签署" in report.problems[0]


def test_an_unsigned_score_sheet_is_not_in_force(demo):
    core, _ = demo
    path = core.root / POSTS
    data = load(path)
    key, sheet = next(iter(data["post_scores"].items()))
    before = core.repos.posts.sheets(2026)[(sheet["post"], sheet["role"])]
    forged = {**sheet, "scores": dict.fromkeys(sheet["scores"], 10.0)}
    del forged["seq"]
    data["post_scores"]["99002"] = forged
    save(path, data)

    again = fresh(core)
    assert again.repos.posts.sheets(2026)[(sheet["post"], sheet["role"])] == before
    assert files(again.verifier.run()) == {POSTS}


def test_an_unsigned_class_sign_in_does_not_count_and_verify_names_the_file(demo):
    core, _ = demo
    training = core.repos.training.classes(2026)[0]
    before = core.repos.training.attendance(training)
    path = core.root / ATTENDANCE
    data = load(path)
    leave = next(d for d in data["attendance"].values() if d["kind"] == "leave")
    forged = {**leave, "kind": "self", "reason": ""}
    del forged["seq"]
    data["attendance"]["99003"] = forged  # turns a 请假 into a sign-in
    save(path, data)

    again = fresh(core)
    assert again.repos.training.attendance(training) == before
    assert all("seq" in d for d in again.repos.training.attendance_docs(training))
    report = again.verifier.run()
    assert files(report) == {ATTENDANCE} and "attendance/99003" in report.problems[0]


def test_class_and_participant_edits_are_signed(demo):
    core, _ = demo
    office = cli_actor()
    training = core.repos.training.classes(2026)[0]
    first = core.training.participants(training)[0]
    core.training.save_participant(
        office, training.id, Participant(**{**first.to_dict(), "phone": "10000009999"})
    )
    assert core.ledger.entry(core.verifier.recorded_head()[0])["action"] == "training.participants"
    core.training.update(office, training.id, place="另一个会议室")
    assert core.ledger.entry(core.verifier.recorded_head()[0])["action"] == "training.class"
    assert fresh(core).verifier.run().ok


def test_a_timetable_or_a_name_edited_by_hand_is_named_by_verify(demo):
    core, _ = demo
    path = core.root / TRAINING
    data = load(path)
    cls = next(iter(data["classes"].values()))
    course = next(c for c in cls["courses"] if c["compulsory"])
    course["compulsory"] = False  # whoever missed it would now complete the class
    pid, person = next(iter(data["participants"].items()))
    person["name"] = "冒名学员"
    data["participants"]["R2026-999"] = {**person, "id": "R2026-999"}
    save(path, data)

    report = fresh(core).verifier.run()
    assert files(report) == {TRAINING}
    whats = " ".join(report.problems)
    assert f"培训班 {cls['id']}" in whats and f"学员 {pid}" in whats
    assert "学员 R2026-999" in whats and "被直接添加" in whats


def test_a_schema1_training_class_is_signed_by_the_upgrade(tmp_path):
    root = tmp_path / "old"
    with zipfile.ZipFile(SCHEMA1) as z:
        z.extractall(root)
    training = TrainingClass(
        id="T2026-001",
        title="2026年度巾帼文明岗创建培训班",
        year=2026,
        place="示例会议中心",
        start="2026-04-14",
        end="2026-04-14",
        courses=(Course("C01", "创建条件", "讲师甲", "2026-04-14", "am", True),),
    )
    person = Participant("R2026-001", training.id, "示例学员", "示例单位", role="other")
    (root / TRAINING).write_text(
        json.dumps(
            {
                "classes": {training.id: training.to_dict()},
                "participants": {person.id: person.to_dict()},
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    core = open_core(root, clock=FixedClock(dt.datetime(2026, 3, 16, 10, 0, tzinfo=TZ)))
    assert core.verifier.run().ok
    assert core.repos.training.get(training.id) == training
    assert any("培训班" in n for n in core.store.notices)
