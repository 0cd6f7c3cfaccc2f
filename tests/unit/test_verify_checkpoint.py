"""verify from the last clean run's checkpoint: what it skips, and the attacks
of someone who can write to the folder but has not got secret.key."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from conftest import ACTOR

from xiaoneng.services import verify_checkpoint as checkpoint
from xiaoneng.services.core import open_core
from xiaoneng.services.roster import new_person
from xiaoneng.services.verify_chain import Reader
from xiaoneng.store.repos.ledger import CHECKPOINT, segment_part
from xiaoneng.store.repos.people import members_part, person_part


def add(core, *ids: str, unit: str = "测试机关") -> None:
    core.roster.add_many(ACTOR, [new_person(i, f"职工{i}", unit) for i in ids])


@pytest.fixture
def signed(core):
    add(core, *(f"S{i:03d}" for i in range(12)))
    core.roster.edit(ACTOR, "S003", position="科长")
    return core


def verify(core, **kw):
    return open_core(core.root, clock=core.clock).verifier.run(**kw)


def load(path: Path) -> dict:
    return json.loads(path.read_text("utf-8"))


def save(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def rename_in_event(core, pid: str, name: str) -> Path:
    """Edit the signed roster event of `pid` directly in its file."""
    path = core.root / person_part(pid)
    data = load(path)
    key = next(k for k, ev in data["roster_events"].items() if ev["person"] == pid)
    data["roster_events"][key]["snapshot"]["name"] = name
    save(path, data)
    return path


def test_a_clean_run_leaves_a_checkpoint_and_the_next_run_checks_only_changes(signed):
    first = verify(signed)
    assert first.ok and first.since == 0 and first.rechecked > 0
    assert (signed.root / CHECKPOINT).exists()
    again = verify(signed)
    assert again.ok, again.problems
    assert again.since == first.head_seq and again.rechecked == 0
    # the same figures as the full run: nothing is counted twice or lost
    assert (again.entries, again.records, again.head_hash) == (
        first.entries,
        first.records,
        first.head_hash,
    )
    assert again.to_json()["checked"] == {"full": False, "since": first.head_seq, "files": 0}


def test_new_entries_are_checked_and_the_checkpoint_moves_on(signed):
    before = verify(signed)
    add(signed, "S100")
    after = verify(signed)
    assert after.ok and after.since == before.head_seq
    # the new person's bucket and their unit's member list, nothing else
    assert after.rechecked == 1
    assert after.head_seq == before.head_seq + 1 and after.records == before.records + 1
    assert verify(signed).since == after.head_seq


def test_full_checks_everything_and_ignores_the_checkpoint(signed):
    first = verify(signed)
    full = verify(signed, full=True)
    assert full.ok and full.since == 0 and full.rechecked == first.rechecked


def test_an_old_file_edited_after_the_checkpoint_is_caught(signed):
    verify(signed)
    rename_in_event(signed, "S005", "改过的名字")
    report = verify(signed)
    assert report.since and not report.ok
    assert "已被修改" in report.problems[0].what
    assert report.problems[0].file == person_part("S005")


def test_an_in_place_edit_with_its_time_put_back_is_caught(signed):
    """Same size, same inode, modification time set back: only the digest shows it."""
    verify(signed)
    path = signed.root / person_part("S007")
    st = path.stat()
    raw = path.read_bytes()
    edited = raw.replace("职工S007".encode(), "职工S008".encode(), 1)
    assert edited != raw and len(edited) == len(raw)
    with open(path, "r+b") as f:
        f.write(edited)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert path.stat().st_ino == st.st_ino and path.stat().st_mtime_ns == st.st_mtime_ns
    report = verify(signed)
    assert not report.ok and report.problems[0].file == person_part("S007")


def test_an_old_entry_edited_after_the_checkpoint_is_caught(signed):
    verify(signed)
    path = signed.root / segment_part(0)
    data = load(path)
    data["entries"]["5"]["actor"] = "someone-else"
    save(path, data)
    report = verify(signed)
    assert "第 5 条" in report.problems[0].what and "条目被修改" in report.problems[0].what


def test_a_member_list_edited_after_the_checkpoint_is_caught(signed):
    verify(signed)
    unit = signed.repos.people.get("S004").unit
    path = signed.root / members_part(unit)
    data = load(path)
    data["members"]["S004"]["roles"] = ["staff", "admin"]
    save(path, data)
    report = verify(signed)
    assert [p.file for p in report.problems] == [members_part(unit)]


def test_a_deleted_file_and_an_added_file_are_caught(signed):
    verify(signed)
    (signed.root / person_part("S002")).unlink()
    assert "不存在" in verify(signed).problems[0].what
    add(signed, "S002")  # a new bucket file again, but not the signed one
    person = dict(load(signed.root / person_part("S002"))["people"]["S002"], id="X1")
    save(signed.root / "people" / "zz.json", {"people": {"X1": person}})
    assert any("zz.json" in p.file for p in verify(signed).problems)


def test_an_edited_checkpoint_means_a_full_run(signed):
    """Tampering a file and writing its new digest into the checkpoint breaks the seal."""
    verify(signed)
    path = rename_in_event(signed, "S005", "改过的名字")
    cp = signed.root / CHECKPOINT
    doc = load(cp)
    doc["files"][person_part("S005")][0] = Reader(signed.repos.ledger).digest(person_part("S005"))
    save(cp, doc)
    report = verify(signed)
    assert report.since == 0 and "校验码不符" in report.note
    assert not report.ok and report.problems[0].file == person_part("S005")
    assert path.exists()


def test_a_checkpoint_sealed_with_another_key_or_garbled_is_not_used(signed):
    verify(signed)
    cp = signed.root / CHECKPOINT
    forged, _ = checkpoint.load(signed.secret, cp.read_bytes())
    assert forged is not None
    cp.write_bytes(checkpoint.dump(b"not the folder's key", forged))
    report = verify(signed)
    assert report.ok and report.since == 0 and "校验码不符" in report.note
    for garbage in (b"", b"{", b"[]", b'{"seq": 1}'):
        cp.write_bytes(garbage)
        report = verify(signed)
        assert report.ok and report.since == 0 and report.note


def test_an_older_checkpoint_put_back_with_an_older_file_is_caught(signed, tmp_path):
    verify(signed)
    cp = signed.root / CHECKPOINT
    old_cp = cp.read_bytes()
    part = person_part("S001")
    old_file = (signed.root / part).read_bytes()
    # a later, legitimate change to that bucket, verified clean
    signed.roster.edit(ACTOR, "S001", position="副科长")
    assert verify(signed).ok
    # both put back: the file is as the old checkpoint saw it, but a newer
    # entry signs what it should now hold
    (signed.root / part).write_bytes(old_file)
    cp.write_bytes(old_cp)
    report = verify(signed)
    assert report.since and not report.ok
    assert report.problems[0].file == part and "不存在" in report.problems[0].what


def test_a_checkpoint_ahead_of_the_ledger_is_not_used(signed, tmp_path):
    older = tmp_path / "older"
    shutil.copytree(signed.root, older)
    add(signed, "S100", "S101")
    verify(signed)
    cp = (signed.root / CHECKPOINT).read_bytes()
    shutil.rmtree(signed.root)
    shutil.copytree(older, signed.root)
    (signed.root / CHECKPOINT).write_bytes(cp)  # the newer checkpoint left in place
    report = verify(signed)
    assert report.ok and report.since == 0 and "已不在台账中" in report.note


def test_a_file_that_changes_while_read_is_not_kept_as_checked(signed):
    reader = Reader(signed.repos.ledger)
    part = person_part("S001")
    reader.read(part)
    signed.roster.edit(ACTOR, "S001", position="副科长")
    reader.read(part)
    assert reader.moved


def test_a_broken_chain_checks_every_file(signed):
    first = verify(signed)
    path = signed.root / segment_part(0)
    data = load(path)
    del data["entries"]["6"]
    save(path, data)
    report = verify(signed)
    assert "缺少第 6 条" in report.problems[0].what
    assert report.since == 0 and report.rechecked == first.rechecked and not report.note
