"""A roster import in batches (services/roster_batches.py): each batch its own
commit with the import journal; a batch that fails leaves the journal naming
what was done, readers say so, another file is refused, and the same file
goes on from there without adding anyone twice. Batches of 3 here; the real
process killed with SIGKILL is tests/e2e/test_roster_import_kill.py."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from conftest import ACTOR

from xiaoneng.errors import OperationError, UserError
from xiaoneng.services import roster_batches, roster_journal
from xiaoneng.services.roster import new_person
from xiaoneng.services.roster_import import read_roster
from xiaoneng.store.repos.imports import RosterImportRepo


@pytest.fixture(autouse=True)
def _small_batches(monkeypatch):
    monkeypatch.setattr(roster_batches, "BATCH", 3)


def _csv(path: Path, rows: list[str]) -> Path:
    path.write_text("工号,姓名,单位,职务,角色\n" + "".join(r + "\n" for r in rows), "utf-8")
    return path


def _roster(tmp_path: Path, n: int = 8, name: str = "r.csv") -> Path:
    return _csv(tmp_path / name, [f"P{i},职工{i},科室{i // 3},科员,职工" for i in range(n)])


def _folder(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*.json"))
        if "backups" not in p.parts
    }


def _import(core, path: Path, **options):
    job = roster_batches.prepare(core, read_roster(path), **options)
    return roster_batches.run(core, ACTOR, job)


def _fail_on_batch(monkeypatch, number: int) -> None:
    """The `number`th batch's transaction raises once its people are signed,
    just before it writes the journal: nothing of that batch is committed."""
    seen = {"n": 0}

    def journal(real):
        def failing(self, txn, *args):
            seen["n"] += 1
            if seen["n"] >= number:
                raise RuntimeError("cut off")
            return real(self, txn, *args)

        return failing

    for name in ("put_txn", "clear_txn"):
        monkeypatch.setattr(RosterImportRepo, name, journal(getattr(RosterImportRepo, name)))


def _signed(core, op: str) -> list[str]:
    """The people of each signed roster change `op`, one item an event, and
    check the ledger has as many entries of that action."""
    out = []
    for part in core.repos.people.parts():
        _people, events = core.repos.people.bucket_docs(part)
        out += [str(e["person"]) for e in events.values() if e.get("op") == op]
    entries = [
        e for _p, _i, seg in core.repos.ledger.segments() for e in seg.values() if e["action"] == op
    ]
    assert len(entries) == len(out)
    return out


def test_a_large_import_commits_a_batch_at_a_time_and_leaves_no_journal(core, tmp_path):
    commits = []
    real = core.store._commit
    core.store._commit = lambda staged: (commits.append(sorted(staged)), real(staged))[1]
    done = _import(core, _roster(tmp_path), create_units=True)
    assert (done.added, done.changed) == (8, 0)
    assert len(commits) == 3  # 3 + 3 + 2 people
    assert roster_journal.unfinished(core) is None
    assert "roster_import" not in core.store.read_part("xiaoneng.json")
    assert sorted(p.id for p in core.roster.people() if p.id != "A001") == [
        f"P{i}" for i in range(8)
    ]
    assert core.verifier.run().ok


def test_a_cut_off_import_is_named_refuses_another_file_and_resumes(core, tmp_path, monkeypatch):
    f = _roster(tmp_path)
    with monkeypatch.context() as m:
        _fail_on_batch(m, 2)
        with pytest.raises(RuntimeError):
            _import(core, f, create_units=True)
    cut = roster_journal.unfinished(core)
    assert cut is not None and (cut.done, cut.left, cut.added) == (3, 5, 3)
    assert cut.sha256 == hashlib.sha256(f.read_bytes()).hexdigest()
    assert cut.next_row == 5  # rows 2-4 of the file are done
    assert "名册导入尚未完成" in cut.notice() and "还有 5 人未导入" in cut.notice()
    assert f"xiaoneng roster import {f.resolve()}" in cut.notice()
    assert {p.id for p in core.roster.people()} == {"A001", "P0", "P1", "P2"}
    assert core.verifier.run().ok  # what was committed is whole and signed

    other = _csv(tmp_path / "other.csv", ["Q1,某人,科室0,,"])
    before = _folder(core.root)
    with pytest.raises(UserError) as refused:
        _import(core, other, create_units=True)
    assert "名册导入尚未完成" in str(refused.value) and "r.csv" in str(refused.value)
    assert "不能导入另一个文件（other.csv）" in str(refused.value)
    assert _folder(core.root) == before

    # The same bytes under another name and without --create-units: the
    # journal's file and options.
    moved = tmp_path / "moved.csv"
    moved.write_bytes(f.read_bytes())
    done = _import(core, moved)
    assert (done.added, done.changed) == (8, 0)
    assert roster_journal.unfinished(core) is None
    added = _signed(core, "roster.add")
    assert sorted(added) == sorted(["A001", *(f"P{i}" for i in range(8))])  # each signed once
    assert core.verifier.run().ok


def test_changes_in_a_resumed_import_are_applied_once(core, tmp_path, monkeypatch):
    _import(core, _roster(tmp_path, 4), create_units=True)
    rows = [f"P{i},职工{i}改,科室{i // 3},主任,职工" for i in range(4)]
    rows += [f"P{i},职工{i},科室{i // 3},科员,职工" for i in range(4, 9)]
    f = _csv(tmp_path / "second.csv", rows)
    with monkeypatch.context() as m:
        _fail_on_batch(m, 3)
        with pytest.raises(RuntimeError):
            _import(core, f, create_units=True)
    cut = roster_journal.unfinished(core)
    assert cut is not None and (cut.done, cut.added, cut.changed) == (6, 2, 4)
    done = _import(core, f)
    assert (done.added, done.changed) == (5, 4)
    assert core.roster.require("P0").name == "职工0改"
    assert sorted(_signed(core, "roster.edit")) == ["P0", "P1", "P2", "P3"]
    assert core.verifier.run().ok


def test_refusals_are_found_before_the_first_batch(core, tmp_path):
    before = _folder(core.root)
    unknown = _roster(tmp_path)
    with pytest.raises(UserError, match="--create-units"):
        _import(core, unknown)
    bad = _csv(
        tmp_path / "bad.csv", [f"P{i},职工{i},测试机关,," for i in range(7)] + [",无号,测试机关,,"]
    )
    with pytest.raises(UserError, match="有 1 行有问题"):
        _import(core, bad)
    demote = _csv(
        tmp_path / "demote.csv",
        [f"P{i},职工{i},测试机关,," for i in range(7)] + ["A001,管理员甲,测试机关,,职工"],
    )
    with pytest.raises(UserError, match="管理员"):
        _import(core, demote)
    assert _folder(core.root) == before
    assert roster_journal.unfinished(core) is None


def test_pins_written_ahead_are_reused_when_resumed(core, tmp_path, monkeypatch):
    core.roster.add_many(ACTOR, [new_person("X1", "旧人", "测试机关")])
    f = _roster(tmp_path, 7)
    pins = tmp_path / "out" / "pins.csv"
    with monkeypatch.context() as m:
        _fail_on_batch(m, 2)  # the second batch's PINs are on file, its people are not
        with pytest.raises(RuntimeError):
            _import(core, f, create_units=True, pins_out=pins)
    on_file = [line.split(",") for line in pins.read_text("utf-8-sig").splitlines()[1:]]
    assert [row[0] for row in on_file] == [f"P{i}" for i in range(6)]
    with pytest.raises(UserError, match="上次的文件"):
        _import(core, f, pins_out=tmp_path / "elsewhere.csv")
    done = _import(core, f)
    assert done.pins_out == pins.resolve()
    rows = [line.split(",") for line in pins.read_text("utf-8-sig").splitlines()[1:]]
    assert [row[0] for row in rows] == [f"P{i}" for i in range(7)]  # nobody twice
    assert rows[:6] == on_file
    assert rows[0][2] == "科室0"
    for pid, _name, _unit, pin in rows:
        assert core.auth.login(pid, pin).id == pid
    assert (pins.stat().st_mode & 0o777) == 0o600


def test_a_journal_changed_by_another_process_stops_the_import(core, tmp_path, monkeypatch):
    f = _roster(tmp_path)
    with monkeypatch.context() as m:
        _fail_on_batch(m, 2)
        with pytest.raises(RuntimeError):
            _import(core, f, create_units=True)
    job = roster_batches.prepare(core, read_roster(f))
    with core.store.transaction() as txn:  # another process went on meanwhile
        journal = core.repos.imports.current_txn(txn)
        core.repos.imports.put_txn(txn, {**journal, "done": 6, "next_row": 8})
    before = _folder(core.root)
    with pytest.raises(OperationError, match="另一个进程"):
        roster_batches.run(core, ACTOR, job)
    assert _folder(core.root) == before


def test_an_import_whose_file_is_gone_can_be_abandoned(core, tmp_path, monkeypatch):
    f = _roster(tmp_path)
    with monkeypatch.context() as m:
        _fail_on_batch(m, 2)
        with pytest.raises(RuntimeError):
            _import(core, f, create_units=True)
    cut = roster_journal.unfinished(core)
    assert cut is not None and "xiaoneng roster import --abandon" in cut.notice()
    f.unlink()
    gone = roster_batches.abandon(core, ACTOR)
    assert (gone.done, gone.left) == (3, 5)
    assert roster_journal.unfinished(core) is None
    assert {p.id for p in core.roster.people()} == {"A001", "P0", "P1", "P2"}  # kept
    with pytest.raises(UserError, match="没有未完成的名册导入"):
        roster_batches.abandon(core, ACTOR)
    done = _import(core, _csv(tmp_path / "other.csv", ["Q1,某人,科室0,,"]))
    assert done.added == 1
    assert core.verifier.run().ok
