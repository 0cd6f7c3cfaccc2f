"""A person added after the agency was set up has no tasks from activities
that closed before they joined, and a week at least for the open ones."""

from __future__ import annotations

import datetime as dt

from conftest import ACTOR, PIN, person

from xiaoneng.services.check_tasks import GRACE_DAYS
from xiaoneng.services.roster import new_person


def test_a_late_joiner_gets_only_open_activities_and_time_for_them(org, clock):
    closed = org.activities.create(
        ACTOR, title="上半年三查", template="sancha-check", deadlines={"self": dt.date(2026, 4, 30)}
    )
    clock.advance(days=77)  # 2026-06-01
    running = org.activities.create(
        ACTOR, title="下半年三查", template="sancha-check", deadlines={"self": dt.date(2026, 6, 3)}
    )
    newcomer, _ = org.roster.add(ACTOR, new_person("N1", "新同事", "测试幼儿园"), pin=PIN)
    assert newcomer.joined == "2026-06-01"
    assert org.tasks.joined_late(newcomer) == dt.date(2026, 6, 1)
    tasks = org.tasks.for_person(newcomer)
    assert [t.activity.id for t in tasks] == [running.id]
    assert tasks[0].due == dt.date(2026, 6, 1) + dt.timedelta(days=GRACE_DAYS)
    todo = org.todo.for_person(newcomer)
    assert not any("上半年" in item.title for item in todo)
    assert not any(item.overdue(clock.now.date()) for item in todo)

    # Those there from the start keep both, with the activity's own deadline.
    s1 = person(org, "S1")
    assert org.tasks.joined_late(s1) is None
    mine = {t.activity.id: t.due for t in org.tasks.for_person(s1) if t.mode == "self"}
    assert mine == {closed.id: dt.date(2026, 4, 30), running.id: dt.date(2026, 6, 3)}
