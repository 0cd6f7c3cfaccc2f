"""The CLI's --json writer gives json.dumps(indent=2)'s text exactly, and its
errors, for any value (cli/json_text.py)."""

from __future__ import annotations

import enum
import json
import math

import pytest
from helpers.examples import examples
from hypothesis import given, settings
from hypothesis import strategies as st

from xiaoneng.cli.json_text import dumps_indented


def _std(obj: object) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2)


scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text()
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=5)
        | st.lists(inner, max_size=3).map(tuple)
        | st.dictionaries(st.text(max_size=6), inner, max_size=5)
        # Keys json.dumps turns into text, which this writer leaves to it.
        | st.dictionaries(st.integers() | st.booleans() | st.none(), inner, max_size=3)
    ),
    max_leaves=40,
)


@settings(max_examples=examples(400), deadline=None)
@given(values)
def test_same_text_as_json_dumps(obj):
    assert dumps_indented(obj) == _std(obj)


class Level(enum.IntEnum):
    UNIT = 1


class Named(str):
    pass


@pytest.mark.parametrize(
    "obj",
    [
        {},
        [],
        (),
        {"a": {}, "b": [], "c": [{}], "d": [[[]]]},
        {"单位": "示范市直属机关", "换行": '一\n二\t"三"\\', "控制": "\x00\x1f\u2028"},
        {"n": 10**30, "x": 1e16, "y": -0.0, "z": 5e-324, "big": 1.7976931348623157e308},
        {"nan": math.nan, "inf": [math.inf, -math.inf]},
        {"level": Level.UNIT, "name": Named("x"), Named("k"): 1},
        [True, False, None, 0, 1.5, "", {"k": (1, [2, (3,)])}],
    ],
)
def test_edge_values(obj):
    assert dumps_indented(obj) == _std(obj)


def test_errors_are_json_dumps_errors():
    cycle: list[object] = []
    cycle.append(cycle)
    for bad in ({"k": {1, 2}}, {(1, 2): "tuple key"}, cycle, [object()]):
        with pytest.raises((TypeError, ValueError)) as mine:
            dumps_indented(bad)
        with pytest.raises((TypeError, ValueError)) as theirs:
            _std(bad)
        assert type(mine.value) is type(theirs.value)
        assert str(mine.value) == str(theirs.value)
