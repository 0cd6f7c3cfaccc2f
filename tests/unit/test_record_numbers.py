"""Record numbers: one readable form for every kind, never an internal key."""

from __future__ import annotations

import datetime as dt

import pytest

from xiaoneng.model import record_numbers as rn
from xiaoneng.store.repos.common import serial_of
from xiaoneng.store.repos.org import unit_id, unit_number

YEAR = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))


def test_examples_of_every_kind():
    assert str(rn.letter_number(2026, "4001", 48)) == "承诺书〔2026〕4001-48"
    assert str(rn.check_number("self", 2026, 2, "3001", "3001")) == "自查表〔2026〕A002-3001"
    assert str(rn.check_number("self", 2026, 2, rn.unit_code(3))) == "自查表〔2026〕A002-D03"
    assert str(rn.check_number("peer", 2026, 2, "3005", "3001")) == "互查表〔2026〕A002-3005-3001"
    assert str(rn.check_number("lead", 2026, 12, "D03", "1001")) == "巡查表〔2026〕A012-D03-1001"
    assert str(rn.signin_number(2026, 1)) == "签到表〔2026〕S001"
    assert str(rn.signin_number(2026, 1, 3)) == "签到表〔2026〕S001-D03"
    assert str(rn.study_number("work-safety-law-2021", *YEAR)) == "学习记录〔2026〕WSL2021-总"
    assert str(rn.study_number("fj-efficiency-2024", *YEAR, 2)) == "学习记录〔2026〕FE2024-D02"
    assert str(rn.register_number(*YEAR)) == "整改台账〔2026〕总"
    assert str(rn.report_number(2026, 4)) == "年度汇总〔2026〕D04"


def test_a_period_other_than_the_year_is_in_the_number():
    part = rn.register_number(dt.date(2026, 3, 1), dt.date(2026, 6, 30), 1)
    assert str(part) == "整改台账〔2026〕D01-0301-0630"
    across = rn.register_number(dt.date(2026, 7, 1), dt.date(2027, 6, 30))
    assert str(across) == "整改台账〔2026〕总-0701-20270630"


@pytest.mark.parametrize("bad", ["a:b", "a|b", "", " ", "x y", "〔", "a/b"])
def test_internal_key_forms_are_refused(bad):
    with pytest.raises(rn.RecordNumberError):
        rn.record_number("试卷", 2026, bad)


def test_other_kinds_and_natural_order():
    numbers = [rn.record_number("试卷", 2026, "WSL2021", n) for n in (10, 9, 100)]
    assert [str(n) for n in sorted(numbers, key=rn.RecordNumber.sort_key)] == [
        "试卷〔2026〕WSL2021-9",
        "试卷〔2026〕WSL2021-10",
        "试卷〔2026〕WSL2021-100",
    ]
    with pytest.raises(rn.RecordNumberError):
        rn.record_number("试:卷", 2026, "1")
    with pytest.raises(rn.RecordNumberError):
        rn.check_number("audit", 2026, 1, "3001")


def test_ids_give_their_numbers_through_the_repositories():
    assert serial_of("A2026-002") == 2 and serial_of("S2026-017") == 17
    assert serial_of("letter-work-safety") is None and serial_of("A2026-") is None
    assert unit_number(unit_id(3)) == 3 and unit_number("CON") is None
