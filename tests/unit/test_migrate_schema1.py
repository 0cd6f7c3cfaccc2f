"""A data folder written by the previous version (schema 1) keeps working.

`tests/fixtures/schema1-demo.zip` is the demo agency built by xiaoneng as of
main e35844a (the last schema-1 version) with the clock at 2026-03-16 09:30,
plus a PIN change (1006 -> 582914), a PIN reset (1001) and one edited peer
pair: see tests/fixtures/README.md. Opening it backs it up, signs what
version 1 kept unsigned as entries by the system, and verify passes.
"""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path

import pytest
from conftest import TZ, FixedClock

from xiaoneng.services.core import open_core
from xiaoneng.services.demo import DEMO_PIN
from xiaoneng.services.migrate import ACTION, ACTOR
from xiaoneng.services.permissions import cli_actor
from xiaoneng.services.verify import Anchor
from xiaoneng.store import schema

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "schema1-demo.zip"


@pytest.fixture
def v1(tmp_path) -> Path:
    root = tmp_path / "old"
    with zipfile.ZipFile(FIXTURE) as z:
        z.extractall(root)
    return root


def load(path: Path) -> dict:
    return json.loads(path.read_text("utf-8"))


def units(root: Path) -> dict[str, dict]:
    return {p.stem: load(p) for p in sorted((root / "records/2026/units").glob("*.json"))}


def opened(root: Path):
    return open_core(root, clock=FixedClock(dt.datetime(2026, 3, 16, 10, 0, tzinfo=TZ)))


def test_a_schema1_folder_is_backed_up_signed_and_verifies(v1):
    before = units(v1)
    head = load(v1 / "ledger/head.json")["head"]["head"]
    sessions = load(v1 / "records/2026/sessions.json")["sessions"]
    summaries = {
        p.stem: load(p)["summary"]["summary"] for p in (v1 / "records/2026/summary").glob("*.json")
    }

    core = opened(v1)

    assert schema.read_version(core.store) == schema.SCHEMA_VERSION == 2
    assert list((v1 / "backups").glob("*migration*.zip"))
    assert any("升级" in n for n in core.store.notices)
    report = core.verifier.run(anchors=[Anchor(head["seq"], head["hash"][:12])])
    assert report.ok, report.problems
    # The units are signed as they stood.
    units_signed = load(v1 / "org.json")["unit_events"]
    assert sorted(e["unit"] for e in units_signed.values()) == sorted(
        load(v1 / "org.json")["units"]
    )
    # Everything the upgrade signed is an entry by the system; the old ones stand.
    for seq in range(head["seq"] + 1, report.head_seq + 1):
        entry = core.ledger.entry(seq)
        assert (entry["actor"], entry["action"]) == (ACTOR, ACTION)

    # What was shown before is shown after.
    for data in before.values():
        for fid, doc in data.get("findings", {}).items():
            assert core.findings.get(fid).state == doc["state"], fid
            assert core.findings.get(fid).progress == tuple(doc["progress"]), fid
    activity = next(a for a in core.activities.of_year(2026) if "peer" in a.modes)
    old_pairs = sorted(
        (d["checker"], d["target"])
        for data in before.values()
        for d in data.get("assignments", {}).values()
        if d["activity"] == activity.id
    )
    new_pairs = sorted(
        (p["checker"], p["target"]) for p in core.pairing.pairs(cli_actor(), activity.id)
    )
    assert new_pairs == old_pairs
    assert {s.id: list(s.attendees) for s in core.sessions.sessions(2026)} == {
        k: v["attendees"] for k, v in sessions.items()
    }
    for unit, old in summaries.items():
        assert core.repos.units.summary(2026, unit) == old, unit

    # PINs set before the upgrade still log in; they are now bound to the ledger.
    assert core.auth.login("1006", "582914").id == "1006"
    assert core.auth.login("1004", DEMO_PIN).id == "1004"


def test_a_finding_closed_by_hand_before_the_upgrade_is_not_closed_after(v1):
    part = next(
        p
        for p in sorted((v1 / "records/2026/units").glob("*.json"))
        if any(f["state"] == "review" for f in load(p).get("findings", {}).values())
    )
    data = load(part)
    fid = next(k for k, f in data["findings"].items() if f["state"] == "review")
    data["findings"][fid]["state"] = "closed"
    part.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    core = opened(v1)
    assert core.findings.get(fid).state == "review"
    assert any(fid in n and "已按签署记录处理" in n for n in core.store.notices)
    assert core.verifier.run().ok


def test_a_second_process_opening_it_does_not_migrate_twice(v1):
    first = opened(v1)
    seq = first.verifier.recorded_head()[0]
    second = opened(v1)
    assert second.verifier.recorded_head()[0] == seq
    assert len(list((v1 / "backups").glob("*migration*.zip"))) == 1


def test_quiz_attempts_count_as_they_did(v1):
    """Version 1 kept attempts unsigned and reset them by marking them voided;
    after the upgrade the same attempts count (signed, and a signed reset
    names the voided ones)."""
    part = next(
        p for p in sorted((v1 / "records/2026/units").glob("*.json")) if load(p).get("attempts")
    )
    data = load(part)
    first = next(iter(data["attempts"].values()))
    person, ref = first["person"], first["module"]
    mine = [a for a in data["attempts"].values() if a["person"] == person and a["module"] == ref]
    mine[0]["voided"] = True  # the office had reset this one
    part.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    counted = sum(not a.get("voided") for a in mine)

    core = opened(v1)
    module = core.study.module(ref["id"])
    assert module.version == ref["version"]
    status = core.study.status(core.roster.require(person), module)
    assert status.attempts_used == counted > 0
    assert core.verifier.run().ok
