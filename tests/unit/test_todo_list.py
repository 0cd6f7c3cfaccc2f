"""The to-do list (services/todo.py `TodoList`): items made as they are asked
for, in the order and with the overdue count of the whole list sorted at once."""

from __future__ import annotations

import datetime as dt

from helpers.examples import examples
from hypothesis import given, settings
from hypothesis import strategies as st

from xiaoneng.services.todo import TodoItem, TodoList, _finding_item

TODAY = dt.date(2026, 6, 15)
days = st.one_of(st.none(), st.dates(dt.date(2026, 5, 1), dt.date(2026, 8, 1)))
made = st.builds(
    lambda kind, due, n: TodoItem(kind, f"事项{n}", due, (kind, n)),
    st.sampled_from(("study", "session", "self", "peer", "lead", "letter")),
    days,
    st.integers(0, 9),
)
waiting = st.builds(
    lambda kind, due, n: (
        kind,
        {"id": f"F{n}", "deadline": due.isoformat() if due else "", "problem": f"问题{n}"},
    ),
    st.sampled_from(("fix", "review")),
    days,
    st.integers(0, 99),
)


def _eager(items: list[TodoItem], rows: list[tuple[str, dict]], today: dt.date) -> list[TodoItem]:
    """The list as the home made it before: every item, then one sort."""
    everything = items + [_finding_item(kind, row) for kind, row in rows]
    return sorted(everything, key=lambda i: (not i.overdue(today), i.due or dt.date.max, i.kind))


@settings(max_examples=examples(200), deadline=None)
@given(st.lists(made, max_size=8), st.lists(waiting, max_size=40), st.integers(0, 60))
def test_a_todo_list_is_the_whole_list_sorted_once(items, rows, later):
    today = TODAY + dt.timedelta(days=later)
    todo = TodoList(list(items), list(rows), today)
    want = _eager(list(items), list(rows), today)
    assert len(todo) == len(want)
    assert todo.late == sum(i.overdue(today) for i in want)
    if want:  # the last first, as a user pressing End: each item as made alone
        assert todo[len(want) - 1] == want[-1] and todo[-1] == want[-1]
    assert todo[1:4] == want[1:4]
    assert list(todo) == want
