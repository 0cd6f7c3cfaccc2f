"""Big batches stay linear: a roster import resolves its units from one
reading of org.json, and a record's dict is built without asdict's deepcopy."""

from __future__ import annotations

import dataclasses

import pytest
from conftest import ACTOR

from xiaoneng.errors import UserError
from xiaoneng.model import people as people_model
from xiaoneng.model.records import CheckRecord, ItemResult
from xiaoneng.services.roster import new_person


def test_add_many_reads_the_units_once_per_batch(core, monkeypatch):
    calls = {"n": 0}
    real = people_model.Unit.from_dict.__func__  # type: ignore[attr-defined]

    def counted(cls, d):
        calls["n"] += 1
        return real(cls, d)

    monkeypatch.setattr(people_model.Unit, "from_dict", classmethod(counted))
    units = [f"第{i}科" for i in range(20)]
    batch = [new_person(f"P{i:04d}", f"人员{i}", units[i % 20], "", ["staff"]) for i in range(400)]
    core.roster.add_many(ACTOR, batch)
    # Once per unit already there (the agency's top unit), not once per person.
    assert calls["n"] < 10
    assert {core.roster.require("P0000").unit, core.roster.require("P0020").unit} == {
        core.org.find("第0科").id
    }


def test_look_alike_names_in_one_batch_are_one_new_unit(core):
    batch = [
        new_person("P1", "人员甲", "市妇联（机关）", "", ["staff"]),
        new_person("P2", "人员乙", "市妇联(机关)", "", ["staff"]),
        new_person("P3", "人员丙", " 市妇联（机关） ", "", ["staff"]),
    ]
    core.roster.add_many(ACTOR, batch)
    assert len({core.roster.require(p).unit for p in ("P1", "P2", "P3")}) == 1
    assert len([u for u in core.org.units(include_inactive=True) if "妇联" in u.name]) == 1


def test_unknown_unit_message_names_a_few_units_not_all(core):
    many = [new_person(f"P{i}", f"人员{i}", f"单位{i:03d}", "", ["staff"]) for i in range(60)]
    core.roster.add_many(ACTOR, many)
    with pytest.raises(UserError) as err:
        core.roster.add_many(ACTOR, [new_person("X1", "人员", "没有的单位", "", ["staff"])],
                             create_units=False)  # fmt: skip
    text = str(err.value)
    assert "没有的单位" in text and "单位000" in text and "单位059" not in text
    assert "等 61 个" in text


def test_record_dict_matches_dataclasses_asdict():
    rec = CheckRecord.from_dict(
        {
            "id": "c1", "activity": "a1", "mode": "self", "checker": "A001", "target": "A001",
            "unit": "u0001", "template": {"id": "sancha", "version": "1"},
            "results": [ItemResult("i1", "ok").to_dict(), {"item": "i2", "nested": [1, {"a": (2,)}]}],
            "findings": ["f1"], "score": 90.0, "submitted": "2026-03-16T09:30:00+08:00",
        }
    )  # fmt: skip
    assert rec.to_dict() == dataclasses.asdict(rec)
    assert repr(rec.to_dict()) == repr(dataclasses.asdict(rec))  # tuples stay tuples
    assert rec.to_dict()["results"] is not rec.results
