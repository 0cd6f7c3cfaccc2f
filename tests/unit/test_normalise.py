"""Names and 工号 are compared as people mean them (issue 11, "One bad file never
stops the app"): NFKC, invisible characters removed, blanks trimmed. `１００６`
signs in as 1006, and a unit typed with other brackets, a zero-width space or
a trailing blank is the unit that exists, never a silent look-alike.
"""

from __future__ import annotations

import pytest
from conftest import ACTOR, ADMIN_PIN

from xiaoneng.services.roster import new_person
from xiaoneng.services.text import clean_field, clean_id, name_key


@pytest.mark.parametrize("typed", ["１００６", "1006\u200b", " 1006 ", "\ufeff1006", "1\u200d006"])
def test_ids_are_normalised(typed):
    assert clean_id(typed) == "1006"


def test_full_width_id_signs_in(core):
    core.roster.add(ACTOR, new_person("1006", "张三", "测试机关"), pin="482915", initial=False)
    assert core.auth.login("１００６", "482915").id == "1006"
    assert core.auth.login("1006\u200b", "482915").id == "1006"
    assert core.auth.login("A001", ADMIN_PIN).id == "A001"


def test_names_lose_invisible_characters():
    assert clean_field("张\u200b三\u202e", "姓名") == "张三"
    assert (
        name_key("市妇联（机关）") == name_key(" 市妇联(机关)\u200b") == name_key("市妇联 (机关)")
    )


@pytest.mark.parametrize(
    "typed", ["测试机关\u200b", "测试机关 ", "测试机关\u3000", "测试机关\ufeff"]
)
def test_look_alike_units_are_the_same_unit(core, typed):
    before = {u.id for u in core.org.units()}
    added, _ = core.roster.add(ACTOR, new_person("B1", "乙", typed), new_unit=True)
    assert {u.id for u in core.org.units()} == before
    assert core.org.name_of(added.unit) == "测试机关"
    assert core.org.find(typed).name == "测试机关"


def test_brackets_of_either_width_are_one_unit(core):
    core.roster.add(ACTOR, new_person("B1", "乙", "档案室（一）"), new_unit=True)
    count = len(core.org.units())
    core.roster.add(ACTOR, new_person("B2", "丙", "档案室(一)"), new_unit=True)
    assert len(core.org.units()) == count
    assert core.roster.get("B2").unit == core.roster.get("B1").unit
