"""Nasty input: roster files and text fields. A clear error or handled; never a crash."""

from __future__ import annotations

import csv
import io
import string

import pytest
from conftest import ACTOR
from helpers.examples import examples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xiaoneng.errors import UserError, XiaonengError
from xiaoneng.services.roster import new_person
from xiaoneng.services.roster_import import read_roster

cells = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)) | st.sampled_from("=+-@\t\r\n,\"'，、"),
    max_size=30,
)


@settings(
    max_examples=examples(150),
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    deadline=None,
)
@given(
    rows=st.lists(st.lists(cells, min_size=0, max_size=7), max_size=12),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]),
)
def test_any_csv_is_read_or_refused_clearly(tmp_path, rows, encoding):
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["工号", "姓名", "单位", "职务", "角色"])
    for r in rows:
        writer.writerow(r)
    path = tmp_path / "r.csv"
    path.write_bytes(buf.getvalue().encode(encoding, errors="replace"))
    try:
        parsed = read_roster(path)
    except UserError:
        return
    for problem in parsed.bad:
        assert isinstance(problem.row, int) and problem.message
    for r in parsed.people:
        p = r.person
        assert p.id and p.name and p.unit
        assert not any(ch in p.name for ch in "\x00\x07\x0b\x0c")


@settings(max_examples=examples(200), deadline=None)
@given(st.text(max_size=300))
def test_any_text_field_is_cleaned_or_refused(value):
    try:
        p = new_person("X1", value, value or "单位", value)
    except XiaonengError:
        return
    for field in (p.name, p.unit, p.position):
        assert "\x00" not in field and "\n" not in field and len(field) <= 60


@pytest.mark.parametrize("name", ["", "   ", "\x00\x07", "名" * 41])
def test_bad_names_are_user_errors(core, name):
    with pytest.raises(UserError):
        core.roster.add(ACTOR, new_person("Z1", name, "测试机关"))


@pytest.mark.parametrize("pid", ["../etc", "a/b", "工号", "x" * 33, "-1", ""])
def test_bad_ids_are_user_errors(pid):
    with pytest.raises(UserError):
        new_person(pid, "某人", "单位")


def test_id_alphabet_is_ascii():
    assert all(
        ch in string.ascii_letters + string.digits + "_.-"
        for ch in new_person("a.b-c_1", "某", "单位").id
    )
