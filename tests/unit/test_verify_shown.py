"""Nothing on screen or paper that verify cannot vouch for (issue 11).

Each test edits the data files as someone with a text editor would (but
without secret.key), then checks two things: what the program shows and
exports does not follow the edit, and `verify` fails naming the file.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest
from helpers.demo_copy import (  # noqa: F401 (fixtures)
    built_demo,
    demo_copy,
    files,
    fresh,
    load,
    save,
    shared_export,
)

from xiaoneng.errors import OperationError
from xiaoneng.services.auth import UNBOUND, LoginFailed
from xiaoneng.services.core import Core
from xiaoneng.services.demo import DEMO_PIN
from xiaoneng.services.exporting import ExportService
from xiaoneng.services.permissions import cli_actor
from xiaoneng.services.pins import hash_pin
from xiaoneng.store.repos.people import person_part


def busiest_unit(core: Core) -> str:
    """A unit below the office with people who have not finished a study."""
    rows = [u for u in core.status.units(2026) if u.unit != core.agency()["unit"]]
    return max(rows, key=lambda u: u.headcount).unit


# -- derived data: summaries ----------------------------------------------------------------


def test_an_edited_summary_is_named_by_verify_and_never_shown(demo):
    core, _ = demo
    unit = busiest_unit(core)
    before = {u.unit: u.to_dict() for u in core.status.units(2026)}
    register = core.findings.rows(core.roster.require("1004"))
    part = core.root / f"records/2026/summary/{unit}.json"
    data = load(part)
    summary = data["summary"]["summary"]
    members = [p.id for p in core.roster.people(unit=unit)]
    for module in summary["completions"]:  # everyone "completed" every module
        summary["completions"][module] = dict.fromkeys(members, "999")
    for row in summary["findings"]:  # and every finding closed: nothing overdue
        row["state"] = "closed"
    save(part, data)

    report = fresh(core).verifier.run()
    assert not report.ok
    assert f"records/2026/summary/{unit}.json" in files(report)
    assert "校验码不符" in report.problems[0].what

    again = fresh(core)
    assert {u.unit: u.to_dict() for u in again.status.units(2026)} == before
    assert again.findings.rows(again.roster.require("1004")) == register
    # The register reads its index, not the summary; the unit's own rows do.
    mine = [r for r in register if r["unit"] == unit]
    assert again.findings.rows(again.roster.require("1004"), unit=unit) == mine
    assert again.verifier.run().ok  # the read rebuilt it from the signed records


def test_an_older_summary_put_back_is_not_used(demo):
    core, logins = demo
    head = core.roster.require(logins["unit_head"])
    part = core.root / f"records/2026/summary/{head.unit}.json"
    old = part.read_bytes()
    core.letters.sign_letter(head, "letter-efficiency", DEMO_PIN)
    now = core.status.units(2026)
    part.write_bytes(old)  # a genuine, sealed summary, but from before the letter

    report = fresh(core).verifier.run()
    assert not report.ok and f"records/2026/summary/{head.unit}.json" in files(report)
    assert "letters" in report.problems[0].what
    assert [u.to_dict() for u in fresh(core).status.units(2026)] == [u.to_dict() for u in now]


def test_a_summary_copied_from_another_unit_is_refused(demo):
    core, _ = demo
    folder = core.root / "records/2026/summary"
    units = sorted(p.stem for p in folder.glob("*.json"))
    before = {u.unit: u.to_dict() for u in core.status.units(2026)}
    shutil.copyfile(folder / f"{units[0]}.json", folder / f"{units[1]}.json")
    report = fresh(core).verifier.run()
    assert f"records/2026/summary/{units[1]}.json" in files(report)
    assert {u.unit: u.to_dict() for u in fresh(core).status.units(2026)} == before


def test_a_forged_record_in_a_unit_file_counts_nowhere(demo):
    """A completion added by hand (copying a real one's entry number) is not
    counted by status, even before verify has run, and verify names the file."""
    core, _ = demo
    unit = busiest_unit(core)
    part = core.root / f"records/2026/units/{unit}.json"
    data = load(part)
    template = next(iter(data["completions"].values()))
    module = template["module"]["id"]
    # Who completed that module (the unit's people may have completed others too).
    done = {c["person"] for c in data["completions"].values() if c["module"]["id"] == module}
    missing = [p.id for p in core.roster.people(unit=unit) if p.id not in done]
    assert missing
    for pid in missing:
        forged = {**template, "person": pid}
        data["completions"][f"{pid}:{template['module']['id']}:{template['module']['version']}"] = (
            forged
        )
    save(part, data)
    shown = {u.unit: u.studies[module].done for u in fresh(core).status.units(2026)}
    assert shown[unit] == len(done)
    report = fresh(core).verifier.run()
    assert not report.ok and f"records/2026/units/{unit}.json" in files(report)


# -- state from signed events: findings -------------------------------------------------------


def _finding_file(core: Core) -> tuple[Path, dict, str]:
    for part in sorted((core.root / "records/2026/units").glob("*.json")):
        data = load(part)
        open_ones = [
            fid
            for fid in data.get("findings", {})
            if core.findings.get(fid).state in ("open", "in_progress")
        ]
        if open_ones:
            return part, data, open_ones[0]
    raise AssertionError("the demo has no open finding")


def test_a_finding_closed_in_the_file_stays_open_on_screen_and_paper(demo, tmp_path):
    core, _ = demo
    part, data, fid = _finding_file(core)
    state = core.findings.get(fid).state
    data["findings"][fid]["state"] = "closed"
    data["findings"][fid]["closed_at"] = "2026-03-01T10:00:00+08:00"
    save(part, data)

    again = fresh(core)
    assert again.findings.get(fid).state == state  # folded from its signed events
    # Lists and counts are rebuilt from records the ledger signs: the altered
    # finding is no longer one, so it is left out rather than shown closed.
    rows = {r["id"]: r for r in again.findings.rows(again.roster.require("1004"))}
    assert fid not in rows or rows[fid]["state"] == state
    paths = ExportService(again).run(cli_actor(), "rectifications", folder=tmp_path / "out").files
    register_rows = [
        [c.text for c in row.cells]
        for t in docx.Document(paths[0]).tables
        for row in t.rows
        if any(data["findings"][fid]["problem"] in c.text for c in row.cells)
    ]
    assert register_rows and not any("已销号" in cell for r in register_rows for cell in r)

    report = again.verifier.run()
    assert not report.ok and str(part.relative_to(core.root)) in files(report)


def test_a_forged_close_event_is_not_folded_in(demo):
    core, _ = demo
    part, data, fid = _finding_file(core)
    state = core.findings.get(fid).state
    data.setdefault("finding_events", {})["99999"] = {
        "finding": fid,
        "kind": "close",
        "from": "review",
        "to": "closed",
        "by": "1004",
        "note": "",
        "time": "2026-03-10T10:00:00+08:00",
    }
    save(part, data)
    again = fresh(core)
    assert again.findings.get(fid).state == state
    report = again.verifier.run()
    assert not report.ok and any("没有对应的台账签署" in p.what for p in report.problems)


def test_progress_and_reviews_are_signed_events(demo):
    core, _ = demo
    part, data, fid = _finding_file(core)
    f = core.findings.get(fid)
    responsible = core.roster.require(f.responsible)
    head, _ = core.verifier.recorded_head()
    core.findings.add_progress(responsible, fid, "已整改完毕", done=True)
    entry = core.ledger.entry(head + 1)
    assert entry["action"] == "finding.done" and entry["actor"] == responsible.id
    assert core.findings.get(fid).state == "review"
    assert fresh(core).verifier.run().ok


# -- sessions and activities -----------------------------------------------------------------


def test_deleting_sessions_json_is_named_by_verify(demo):
    core, _ = demo
    (core.root / "records/2026/sessions.json").unlink()
    report = fresh(core).verifier.run()
    assert not report.ok and "records/2026/sessions.json" in files(report)


def test_an_attendee_added_to_a_session_by_hand_is_caught_and_not_shown(demo):
    core, _ = demo
    part = core.root / "records/2026/sessions.json"
    data = load(part)
    sid = sorted(data["sessions"])[0]
    data["sessions"][sid]["attendees"] = data["sessions"][sid]["attendees"][:3]
    forged = {**data["sessions"][sid], "id": "S2026-099"}
    del forged["seq"]
    data["sessions"]["S2026-099"] = forged
    save(part, data)
    report = fresh(core).verifier.run()
    assert not report.ok and "records/2026/sessions.json" in files(report)
    assert "S2026-099" not in {s.id for s in fresh(core).sessions.sessions(2026)}


def test_an_edited_activity_is_named_by_verify(demo):
    core, _ = demo
    part = core.root / "records/2026/activities.json"
    data = load(part)
    aid = sorted(data["activities"])[0]
    data["activities"][aid]["units"] = data["activities"][aid]["units"][:1]
    save(part, data)
    report = fresh(core).verifier.run()
    assert not report.ok and "records/2026/activities.json" in files(report)


def test_peer_pairs_are_signed_and_a_forged_pair_is_ignored(demo):
    core, _ = demo
    office = cli_actor()
    activity = next(a for a in core.activities.of_year(2026) if "peer" in a.modes)
    pairs = core.pairing.pairs(office, activity.id)
    first = pairs[0]
    other = next(
        p for p in pairs if p["unit"] == first["unit"] and p["checker"] != first["checker"]
    )
    core.pairing.set_peer(office, activity.id, first["checker"], other["checker"])
    assert core.ledger.entry(core.verifier.recorded_head()[0])["action"] == "activity.pairs"
    part = core.root / f"records/2026/units/{first['unit']}.json"
    data = load(part)
    data["pair_events"]["88888"] = {
        "activity": activity.id,
        "unit": first["unit"],
        "pairs": {first["checker"]: first["checker"]},
        "time": "2026-03-16T09:00:00+08:00",
    }
    save(part, data)
    again = fresh(core)
    checker = again.roster.require(first["checker"])
    assert again.pairing.target_of(activity, checker) == other["checker"]
    report = again.verifier.run()
    assert not report.ok and str(part.relative_to(core.root)) in files(report)


# -- quiz attempts (signed records since issue 12) ------------------------------------------------


def test_an_edited_or_forged_quiz_attempt_is_caught_and_not_counted(demo):
    core, logins = demo
    staff = core.roster.require(logins["staff"])
    module = next(m for m in core.study.modules() if not core.study.status(staff, m).done)
    wrong = [{(min(q.answer) + 1) % len(q.choices)} for q in module.questions]
    core.study.submit_quiz(staff, module.id, wrong)  # a failed try, signed
    before = core.study.status(staff, module)
    assert before.attempts_used == 1
    part = core.root / f"records/2026/units/{staff.unit}.json"
    data = load(part)
    mine = [
        k
        for k, a in data["attempts"].items()
        if a["person"] == staff.id and a["module"]["id"] == module.id
    ]
    data["attempts"][mine[0]]["correct"] = data["attempts"][mine[0]]["total"]  # a better score
    forged = {**data["attempts"][mine[0]], "id": f"{mine[0]}x", "number": 99, "passed": True}
    del forged["seq"]
    data["attempts"][f"{mine[0]}x"] = forged  # and a passed attempt nobody signed
    save(part, data)

    again = fresh(core)
    after = again.study.status(again.roster.require(staff.id), module)
    assert after.attempts_used == before.attempts_used and after.passed_attempt is None
    report = again.verifier.run()
    assert not report.ok and str(part.relative_to(core.root)) in files(report)
    whats = " ".join(p.what for p in report.problems)
    assert "已被修改" in whats


# -- PINs bound to the ledger ---------------------------------------------------------------


def test_a_swapped_pin_hash_signs_nothing_and_verify_names_it(demo):
    core, logins = demo
    staff = core.roster.require(logins["staff"])
    part = core.root / person_part(staff.id)
    data = load(part)
    data["people"][staff.id]["pin_hash"] = hash_pin("900417")  # a PIN the forger knows
    save(part, data)

    again = fresh(core)
    with pytest.raises(LoginFailed) as refused:
        again.auth.login(staff.id, "900417")
    assert str(refused.value) == UNBOUND
    with pytest.raises(OperationError):
        again.letters.sign_letter(again.roster.require(staff.id), "letter-efficiency", "900417")
    assert not any(
        d.state == "signed" for d in again.letters.for_person(again.roster.require(staff.id))
    )
    report = again.verifier.run()
    assert not report.ok and person_part(staff.id) in files(report)
    assert "PIN" in " ".join(p.what for p in report.problems)


def test_a_pin_change_is_a_ledger_entry_and_still_logs_in(demo):
    core, logins = demo
    staff = core.roster.require(logins["staff"])
    core.auth.change_pin(staff, DEMO_PIN, "582914")
    seq, _ = core.verifier.recorded_head()
    entry = core.ledger.entry(seq)
    assert entry["action"] == "pin.change" and entry["actor"] == staff.id
    again = fresh(core)
    assert again.auth.login(staff.id, "582914").id == staff.id
    assert again.verifier.run().ok


def test_an_older_pin_hash_put_back_is_refused(demo):
    """The person's own earlier PIN (e.g. the initial one on the printed sheet),
    put back with its hash after they changed it, does not log in."""
    core, logins = demo
    staff = core.roster.require(logins["staff"])
    part = core.root / person_part(staff.id)
    old_hash = load(part)["people"][staff.id]["pin_hash"]
    core.auth.change_pin(staff, DEMO_PIN, "582914")
    data = load(part)
    data["people"][staff.id]["pin_hash"] = old_hash
    save(part, data)
    with pytest.raises(LoginFailed, match="台账"):
        fresh(core).auth.login(staff.id, DEMO_PIN)
    assert person_part(staff.id) in files(fresh(core).verifier.run())


@pytest.mark.parametrize("failed", [-1000, "很多", 2.5, None])
def test_a_tampered_wrong_try_count_gives_no_extra_tries(demo, failed):
    core, logins = demo
    staff = core.roster.require(logins["staff"])
    part = core.root / person_part(staff.id)
    data = load(part)
    data["people"][staff.id]["failed"] = failed
    save(part, data)
    again = fresh(core)
    tries = 0
    while True:
        tries += 1
        with pytest.raises(LoginFailed) as wrong:
            again.auth.login(staff.id, "000111")
        if wrong.value.tries_left == 0:
            break
        assert tries < 5
    with pytest.raises(LoginFailed, match="锁定"):
        again.auth.login(staff.id, DEMO_PIN)
    assert again.verifier.run().ok  # the counts are not signed: nothing to report


@pytest.mark.parametrize("until", ["明天", "2026-03-16T23:00:00", 12345])
def test_a_broken_lock_time_does_not_crash_the_login(demo, until):
    core, logins = demo
    staff = core.roster.require(logins["staff"])
    part = core.root / person_part(staff.id)
    data = load(part)
    data["people"][staff.id]["locked_until"] = until
    save(part, data)
    assert fresh(core).auth.login(staff.id, DEMO_PIN).id == staff.id


# -- an outside anchor on paper -----------------------------------------------------------------


def test_every_exported_document_prints_the_ledger_head(tmp_path_factory):
    _folder, (seq, digest), paths = shared_export(tmp_path_factory)
    kinds = {p.name.split("〔", 1)[0] for p in paths}
    assert {"签到表", "学习记录", "自查表", "整改台账", "承诺书"} <= kinds, kinds
    for path in paths:
        if "空白待签" in path.name:
            continue  # a form to sign by hand, not a record
        document = docx.Document(path)
        text = "\n".join(p.text for p in document.paragraphs)
        assert f"xiaoneng verify --anchor {seq}:{digest}" in text, path.name


# -- the agency's units ---------------------------------------------------------------------


def test_a_unit_renamed_or_added_in_org_json_is_named_by_verify(demo):
    core, _ = demo
    unit = busiest_unit(core)
    assert any(core.ledger.entry(s)["action"] == "org.unit" for s in range(1, 10))
    path = core.root / "org.json"
    data = load(path)
    data["units"][unit]["name"] = "改了名的单位"  # on every screen and document
    data["units"]["u0099"] = {**data["units"][unit], "id": "u0099"}
    save(path, data)

    report = fresh(core).verifier.run()
    assert files(report) == {"org.json"}
    whats = " ".join(report.problems)
    assert f"单位 {unit}" in whats and "被直接修改" in whats
    assert "单位 u0099" in whats and "被直接添加" in whats


def test_a_hand_made_person_missing_fields_is_named_not_a_crash(demo):
    core, _ = demo
    part = person_part("9999")
    path = core.root / part
    data = load(path) if path.exists() else {"people": {}}
    data.setdefault("people", {})["9999"] = {"id": "9999", "name": "手工添加"}  # no unit, no roles
    save(path, data)

    report = fresh(core).verifier.run()
    assert part in files(report)
    assert "人员 9999" in " ".join(report.problems)
