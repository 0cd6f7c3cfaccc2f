"""The ledger detects every kind of tampering with signed data."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import ACTOR

from xiaoneng.services.core import open_core
from xiaoneng.services.roster import new_person
from xiaoneng.store import layout
from xiaoneng.store.repos.ledger import HEAD_PART, segment_part
from xiaoneng.store.repos.people import person_part


@pytest.fixture
def signed(core):
    """An agency with a few signed roster changes spread over two buckets."""
    people = [new_person(f"S{i:03d}", f"职工{i}", "测试机关") for i in range(12)]
    core.roster.add_many(ACTOR, people)
    core.roster.edit(ACTOR, "S003", position="科长")
    return core


def _load(path: Path) -> dict:
    return json.loads(path.read_text("utf-8"))


def _save(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def _last(segment: dict) -> int:
    """The number of the newest entry in a ledger segment."""
    return max(int(k) for k in segment["entries"])


def _verify(core):
    return open_core(core.root, clock=core.clock).verifier.run()


def _segment(core) -> Path:
    return core.root / segment_part(0)


def test_untouched_ledger_verifies(signed):
    report = _verify(signed)
    assert report.ok, report.problems
    # the top unit, the first admin, 12 people, one edit
    assert report.entries == 15 and report.records == 15


def test_edited_record_is_detected(signed):
    path = signed.root / person_part("S005")
    data = _load(path)
    key = next(k for k, ev in data["roster_events"].items() if ev["person"] == "S005")
    data["roster_events"][key]["snapshot"]["name"] = "改过的名字"
    _save(path, data)
    report = _verify(signed)
    assert not report.ok
    assert "已被修改" in report.problems[0].what and f"第 {key} 条" in report.problems[0].what


def test_edited_entry_is_detected(signed):
    data = _load(_segment(signed))
    data["entries"]["5"]["actor"] = "someone-else"
    _save(_segment(signed), data)
    report = _verify(signed)
    assert "第 5 条" in report.problems[0].what and "条目被修改" in report.problems[0].what


def test_deleted_entry_is_detected(signed):
    data = _load(_segment(signed))
    del data["entries"]["6"]
    _save(_segment(signed), data)
    report = _verify(signed)
    assert "缺少第 6 条" in report.problems[0].what


def test_reordered_entries_are_detected(signed):
    data = _load(_segment(signed))
    e = data["entries"]
    e["4"], e["5"] = {**e["5"], "seq": 4}, {**e["4"], "seq": 5}
    _save(_segment(signed), data)
    report = _verify(signed)
    assert not report.ok and "第 4 条" in report.problems[0].what


def test_appended_entry_is_detected(signed):
    from xiaoneng.services.ledger import entry_hash

    data = _load(_segment(signed))
    n = _last(data)
    last = data["entries"][str(n)]
    forged = {**last, "seq": n + 1, "prev": last["hash"], "action": "roster.edit"}
    forged["hash"] = entry_hash(forged)
    data["entries"][str(n + 1)] = forged
    _save(_segment(signed), data)
    report = _verify(signed)
    assert not report.ok
    assert any(f"第 {n + 1} 条" in p.what for p in report.problems)


def test_entries_cut_off_the_end_are_detected(signed):
    data = _load(_segment(signed))
    n = _last(data)
    for k in (n - 1, n):
        del data["entries"][str(k)]
    _save(_segment(signed), data)
    report = _verify(signed)
    assert not report.ok
    assert any("截断" in p.what for p in report.problems) or any(
        "不存在" in p.what for p in report.problems
    )


def test_cut_with_rewritten_head_needs_the_secret(signed):
    """Cutting entries and rewriting the head to match still fails: the head's MAC."""
    seg = _load(_segment(signed))
    n = _last(seg)
    del seg["entries"][str(n)]
    _save(_segment(signed), seg)
    head_path = signed.root / HEAD_PART
    head = _load(head_path)
    head["head"]["head"].update(seq=n - 1, hash=seg["entries"][str(n - 1)]["hash"])
    _save(head_path, head)
    # Restore the roster change the cut entry signed, so only the head can tell.
    report = _verify(signed)
    assert not report.ok
    assert "校验码不符" in report.problems[0].what


def test_swapped_data_files_are_detected(signed):
    parts = sorted(p for p in (signed.root / layout.PEOPLE_DIR).glob("*.json"))
    a, b = parts[0], parts[1]
    tmp = a.with_suffix(".swap")
    shutil.move(a, tmp)
    shutil.move(b, a)
    shutil.move(tmp, b)
    report = _verify(signed)
    assert not report.ok
    assert "不存在" in report.problems[0].what or "调换" in report.problems[0].what


def test_role_edited_in_the_file_is_detected(signed):
    path = signed.root / person_part("S007")
    data = _load(path)
    data["people"]["S007"]["roles"] = ["staff", "admin"]
    _save(path, data)
    report = _verify(signed)
    assert "S007" in report.problems[0].what and "roles" in report.problems[0].what


def test_recorded_head_counts_entries_and_matches_verify(core):
    entries, head = core.verifier.recorded_head()
    assert entries >= 1 and len(head) == 12  # setting up the agency signs an entry
    core.roster.add(ACTOR, new_person("B1", "新同事", "测试机关"), pin="482915")
    after, new_head = core.verifier.recorded_head()
    assert after == entries + 1 and new_head != head
    report = core.verifier.run()
    assert report.ok and (report.entries, report.head) == (after, new_head)


def test_recorded_head_of_an_empty_ledger(core):
    (core.root / "ledger" / "head.json").unlink()
    assert core.verifier.recorded_head() == (0, "")
