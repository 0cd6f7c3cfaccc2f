"""The demo is built in batches whose memory does not grow with the agency:
committed transactions are freed at once, the store forgets what it was told
to, a transaction over many files spills them to disk, the roster is held as
people rather than as its files, and the batched build signs the same records
as one big transaction."""

from __future__ import annotations

import datetime as dt
import gc
import json
import weakref

from conftest import TZ, FixedClock

from xiaoneng.model.people import Person
from xiaoneng.services import demo
from xiaoneng.services.demo import build_demo
from xiaoneng.services.roster import NewPerson
from xiaoneng.store import Store
from xiaoneng.store.repos.people import PeopleRepo
from xiaoneng.store.repos.units import UnitRecords
from xiaoneng.store.txn import TXN_DIR


def test_a_committed_transaction_is_freed_without_the_cyclic_collector(tmp_path):
    """Nothing a transaction staged outlives it waiting for a full collection
    (its TinyDB tables must not form a cycle back to it)."""
    store = Store(tmp_path)
    gc.disable()
    try:
        with store.transaction() as txn:
            txn.put("a.json", "t", "1", {"v": 1})
            txn.update("a.json", "t", "1", {"v": 2})  # through TinyDB
            txn.delete("a.json", "t", ["nothing"])
            gone = weakref.ref(txn)
        del txn
        assert gone() is None
    finally:
        gc.enable()
    assert store.get("a.json", "t", "1") == {"v": 2}


def test_the_store_forgets_the_partitions_it_is_told_to(tmp_path):
    store = Store(tmp_path)
    with store.transaction() as txn:
        for part in ("records/2026/units/u1.json", "ledger/000000.json", "people/0a.json"):
            txn.put(part, "t", "1", {"v": 1})
    assert sorted(store.cached(("records/", "ledger/"))) == [
        "ledger/000000.json",
        "records/2026/units/u1.json",
    ]
    kept = store.read_part("people/0a.json")
    store.forget(("records/", "ledger/"))
    assert store.cached() == ["people/0a.json"]
    assert store.read_part("people/0a.json") is kept  # still the cached copy
    assert store.get("records/2026/units/u1.json", "t", "1") == {"v": 1}  # read again


def _signed(root):
    """Every ledger entry's action and where its record is, in order, and the
    unit record files (the same whatever the key and the PINs' salts)."""
    entries = {}
    for path in sorted((root / "ledger").glob("0*.json")):
        entries.update(json.loads(path.read_text())["entries"])
    chain = [(e["action"], e["ref"]) for _k, e in sorted(entries.items(), key=lambda t: int(t[0]))]
    units = {p.name: json.loads(p.read_text()) for p in sorted(root.glob("records/*/units/*.json"))}
    return chain, units


def test_a_build_in_small_batches_signs_the_same_records(tmp_path, monkeypatch):
    clock = FixedClock(dt.datetime(2026, 11, 30, 9, 30, tzinfo=TZ))
    build_demo(tmp_path / "one", staff=100, clock=clock)
    commits = []
    real = Store._commit
    monkeypatch.setattr(Store, "_commit", lambda s, staged: (commits.append(1), real(s, staged)))
    monkeypatch.setattr(demo, "BATCH", 1)  # the records: a unit a transaction
    monkeypatch.setattr(demo, "BATCH_FILES", 2)
    core, _, _ = build_demo(tmp_path / "many", staff=100, clock=clock)
    units = len(core.org.units())
    assert units >= 4
    assert len(commits) > 20 + 2 * units  # the roster, letters, sign-ins and checks cut up
    one, many = _signed(tmp_path / "one"), _signed(tmp_path / "many")
    assert len(one[0]) > 300
    assert many == one
    assert core.verifier.run().ok


def test_a_spilled_part_is_written_as_staged_and_parsed_again_when_used(tmp_path):
    """A transaction over every unit file keeps those it is done with as bytes."""
    store = Store(tmp_path)
    with store.transaction() as txn:
        txn.put("u.json", "t", "1", {"v": 1})
        txn.put("w.json", "t", "1", {"v": 1})
        txn.spill("u.json")
        txn.spill("w.json")
        assert txn.holds() == 0
        assert txn.peek("w.json") == {"t": {"1": {"v": 1}}}  # the staged copy, not the disk's
        txn.spill("w.json")
        txn.update("u.json", "t", "1", {"v": 2})  # used again: parsed and changed
        txn.spill("u.json")
    assert store.cached() == []  # spilled parts are read again, not cached
    assert store.get("u.json", "t", "1") == {"v": 2}
    assert store.get("w.json", "t", "1") == {"v": 1}


def test_a_spilled_part_waits_on_disk_and_an_abandoned_transaction_leaves_none(tmp_path):
    """Spilled parts are held as files in the commit's folder, not in memory."""
    store = Store(tmp_path)

    def spills():
        return sorted((tmp_path / TXN_DIR).glob("spill-*"))

    with store.transaction() as txn:
        txn.put("u.json", "t", "1", {"v": 1})
        txn.spill("u.json")
        assert len(spills()) == 1 and txn.holds() == 0
    assert spills() == []  # renamed into place
    assert store.get("u.json", "t", "1") == {"v": 1}
    try:
        with store.transaction() as txn:
            txn.put("u.json", "t", "1", {"v": 2})
            txn.put("w.json", "t", "1", {"v": 2})
            txn.spill("u.json")
            txn.spill("w.json")
            raise RuntimeError("abandoned")
    except RuntimeError:
        pass
    assert spills() == []
    assert store.get("u.json", "t", "1") == {"v": 1}
    assert not (tmp_path / "w.json").exists()


def test_a_person_is_looked_up_in_the_roster_index_until_their_file_changes(tmp_path):
    """The index of everyone answers look-ups without holding the people files
    (with their signed events) in the store's cache, and never a stale person."""
    writer = Store(tmp_path)
    with writer.transaction() as txn:
        PeopleRepo(writer).put_txn(txn, Person(id="1001", name="林晓", unit="u1"))
    store = Store(tmp_path)  # another process
    repo = PeopleRepo(store)
    assert [p.name for p in repo.everyone()] == ["林晓"]
    assert repo.get("1001") is repo.everyone()[0]
    assert store.cached(("people/",)) == []
    with writer.transaction() as txn:
        PeopleRepo(writer).put_txn(txn, Person(id="1001", name="林晓文", unit="u1"))
    found = repo.get("1001")
    assert found is not None and found.name == "林晓文"
    assert [p.name for p in repo.everyone()] == ["林晓文"]


def test_starting_an_activity_summarises_each_unit_once(core, monkeypatch):
    """A unit file released after its pairs are signed has its summary sealed
    then; the commit does not parse it again (and verify agrees with it)."""
    admin = core.roster.require("A001")
    units = ("一科", "二科", "三科")
    people = [NewPerson(str(200 + i), f"人员{i}", units[i % 3]) for i in range(9)]
    core.roster.add_many(admin, people)
    seen = []
    real = UnitRecords._refresh_txn

    def counted(self, txn, secret, year, unit):
        seen.append(unit)
        real(self, txn, secret, year, unit)

    monkeypatch.setattr(UnitRecords, "_refresh_txn", counted)
    today = core.today()
    core.activities.create(
        admin, title="检查", template="sancha-check", deadlines={"self": today, "peer": today}
    )
    assert len(seen) == 3 and len(set(seen)) == 3  # the units with pairs, once each
    assert core.verifier.run().ok


def test_each_round_writes_a_unit_file_once_whatever_the_batches(tmp_path, monkeypatch):
    """The year's records go unit by unit (a unit's letters, sign-ins, quizzes,
    self, peer, lead and hazard checks and their findings together), so however
    small the batches each unit's file is written once with them (and before,
    with the peers' pairs, when the check round is started), not once for
    each kind of record."""
    monkeypatch.setattr(demo, "BATCH", 9)
    monkeypatch.setattr(demo, "BATCH_FILES", 2)
    phase = ["setup"]
    writes: dict[tuple[str, str], list[int]] = {}
    real = Store._commit

    def commit(store, staged):
        for part in staged:
            if "/units/" in part and part.startswith("records/"):
                writes.setdefault((phase[0], part), []).append(1)
        real(store, staged)

    def say(message: str) -> None:
        phase[0] = message

    monkeypatch.setattr(Store, "_commit", commit)
    clock = FixedClock(dt.datetime(2026, 11, 30, 9, 30, tzinfo=TZ))
    core, _, _ = build_demo(tmp_path, staff=150, clock=clock, progress=say)
    per_phase: dict[str, int] = {}
    for (name, _part), n in writes.items():
        per_phase[name] = max(per_phase.get(name, 0), len(n))
    assert per_phase["安排集中学习，启动“三查”和安全隐患排查…"] == 1  # the pairs
    assert per_phase["各单位签署承诺书，签到、测验和检查…"] == 1
    units = {part for (name, part) in writes if name == "各单位签署承诺书，签到、测验和检查…"}
    assert len(units) > 4
    assert core.verifier.run().ok
