"""Upgrading a data folder: the steps that sign, in the ledger, what an older
version kept unsigned (store/schema.py backs the folder up first and runs
them in one transaction).

Schema 1 -> 2. Version 1 let a text editor change what screens and paper
show while `verify` passed. The upgrade signs, as entries by the system
(action `system.migrate`, actor `system`):
- each person's PIN seal with the fields of their last signed roster change,
  so a PIN hash swapped into the file later is caught (by verify and login);
- study sessions (with their attendees) and check activities;
- the peer pairs of each unit, as one pair event a unit and activity (the
  old `assignments` table goes);
- quiz attempts as they were, and, for those the office had reset (marked
  `voided` in place), a signed reset naming them: they count as they did;
- each unit of the agency as it stands;
- each 巾帼文明岗 training class and its participants as they stand;
- each finding as opened (its six fixes), and its progress notes that version
  1 kept unsigned as one event: its state is then folded from signed events.
  A finding stored as 已销号 without a signed close is not closed afterwards:
  the upgrade says so;
- and every unit summary, rebuilt from records whose ledger entries sign them.
What was swapped into the files before the upgrade cannot be told from the
truth; the backup taken first keeps the folder as it was, and
`verify --anchor` against an anchor printed before shows a rollback.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from xiaoneng.model.finding_state import KINDS, base_of, kind_of
from xiaoneng.model.people import SIGNED_FIELDS
from xiaoneng.model.records import FINDING_STATES, Activity, AttemptReset, StudySession
from xiaoneng.services.core import Clock, Core
from xiaoneng.services.pins import pin_seal
from xiaoneng.store import Txn
from xiaoneng.store.repos.common import Ref
from xiaoneng.store.repos.org import unit_event
from xiaoneng.store.repos.posts_training import CLASSES, PARTICIPANTS

ACTOR = "system"
ACTION = "system.migrate"

Doc = dict[str, Any]


def signed_steps(
    clock: Clock, checklist_dirs: list[Path] | None
) -> dict[int, Callable[[Txn], None]]:
    """The upgrade steps that sign, by the version they start from."""
    return {1: partial(sign_schema1, clock=clock, checklist_dirs=checklist_dirs)}


def sign_schema1(txn: Txn, *, clock: Clock, checklist_dirs: list[Path] | None = None) -> None:
    Schema1(Core(txn.store, clock=clock, checklist_dirs=checklist_dirs), txn).run()


class Schema1:
    def __init__(self, core: Core, txn: Txn):
        self.core, self.txn = core, txn
        self.legacy = core.repos.legacy
        self.now = core.now_iso()
        self.counts = dict.fromkeys(
            ("people", "sessions", "activities", "pairs", "attempts", "findings", "classes"), 0
        )
        self.first = self.core.ledger.head_txn(txn).seq + 1
        self.notes: list[str] = []

    def sign(self, ref: Ref, record: Doc) -> None:
        self.core.ledger.sign_txn(
            self.txn, actor=ACTOR, action=ACTION, time=self.now, ref=ref, record=record
        )

    def run(self) -> None:
        self.units()
        self.people()
        years = self.core.repos.units.years()
        for year in years:
            self.sessions(year)
            self.training(year)
            activities = self.activities(year)
            for unit in self.core.repos.units.units_in(year):
                self.pairs(year, unit, activities)
                self.attempts(year, unit)
                self.findings(year, unit)
                self.core.repos.units.open_txn(self.txn, year, unit)  # summary rebuilt at commit
        self.tell()

    def units(self) -> None:
        repo = self.core.repos.org
        for unit in repo.units_txn(self.txn).values():
            self.sign(repo.event_ref(), unit_event(unit))

    def people(self) -> None:
        secret, repo = self.core.secret, self.core.repos.people
        for person, snap in self.legacy.people_txn(self.txn):
            if snap is None:
                continue  # never signed: verify names them; nothing true to sign
            fields = {f: snap.get(f) for f in SIGNED_FIELDS}
            fields["pin"] = pin_seal(secret, person.id, person.pin_hash)
            record = {"person": person.id, "op": ACTION, "snapshot": fields, "time": self.now}
            self.sign(repo.event_ref(person.id), record)
            self.counts["people"] += 1

    def sessions(self, year: int) -> None:
        for doc in self.legacy.sessions_txn(self.txn, year):
            self.sign(self.core.repos.sessions.session_ref(StudySession.from_dict(doc)), doc)
            self.counts["sessions"] += 1

    def training(self, year: int) -> None:
        repo = self.core.repos.training
        tables = repo.tables_txn(self.txn, year)
        for cid, doc in sorted(tables[CLASSES].items()):
            self.sign(repo.event_ref(year), {"class": cid, "snapshot": doc})
            self.counts["classes"] += 1
        if tables[PARTICIPANTS]:
            self.sign(repo.event_ref(year), {"participants": tables[PARTICIPANTS]})

    def activities(self, year: int) -> dict[str, Activity]:
        for doc in self.legacy.activities_txn(self.txn, year):
            self.sign(self.core.repos.checks.activity_ref(Activity.from_dict(doc)), doc)
            self.counts["activities"] += 1
        return {a.id: a for a in self.core.repos.checks.activities_txn(self.txn, year)}

    def pairs(self, year: int, unit: str, activities: dict[str, Activity]) -> None:
        for activity_id, pairs in sorted(self.legacy.pairs_txn(self.txn, year, unit).items()):
            activity = activities.get(activity_id)
            if activity is None:
                self.notes.append(f"{unit} 的互查安排属于不存在的检查活动 {activity_id}，未签署。")
                continue
            ref = self.core.repos.checks.pairs_ref_txn(self.txn, activity, unit)
            record = {"activity": activity_id, "unit": unit, "pairs": pairs, "time": self.now}
            self.sign(ref, record)
            self.counts["pairs"] += 1

    def attempts(self, year: int, unit: str) -> None:
        repo = self.core.repos.study
        voided: dict[tuple[str, str, str], list[Doc]] = {}
        for doc in self.legacy.attempts_txn(self.txn, year, unit):
            self.sign(repo.attempt_ref_txn(self.txn, year, unit, str(doc["id"])), doc)
            self.counts["attempts"] += 1
            if doc.get("voided"):
                ref = doc["module"]
                voided.setdefault((doc["person"], ref["id"], ref["version"]), []).append(doc)
        # Version 1 reset attempts by marking them; now a signed reset names them.
        for (person, _module, _version), docs in sorted(voided.items()):
            reset = AttemptReset(
                person=person,
                module=docs[0]["module"],
                attempts=tuple(str(d["id"]) for d in docs),
                reason="升级前已由办公室重置",
                by=ACTOR,
                time=self.now,
            )
            self.sign(repo.reset_ref_txn(self.txn, year, unit), reset.to_dict())

    def findings(self, year: int, unit: str) -> None:
        repo = self.core.repos.findings
        for doc, reviews in self.legacy.findings_txn(self.txn, year, unit):
            fid = str(doc["id"])
            self.sign(repo.finding_ref_txn(self.txn, year, unit, fid), base_of(doc))
            steps = [
                s for s in doc.get("progress") or () if isinstance(s, dict) and "review" not in s
            ]
            timeline = [
                (str(s.get("time", "")), KINDS["done" if s.get("done") else "progress"])
                for s in steps
            ]
            timeline += [(str(e.get("time", "")), KINDS[kind_of(e)]) for e in reviews]
            timeline.sort(key=lambda t: t[0])  # stable: a note before a review of the same second
            state = timeline[-1][1] if timeline else "open"
            opened = repo.get_txn(self.txn, fid)
            if steps and opened is not None:
                event = {
                    "finding": fid,
                    "kind": "migrated",
                    "to": state,
                    "steps": steps,
                    "by": ACTOR,
                    "time": self.now,
                }
                self.sign(repo.event_ref_txn(self.txn, opened), event)
            stored = doc.get("state")
            if stored != state:
                self.notes.append(
                    f"问题 {fid} 在数据文件中标为“{FINDING_STATES.get(str(stored), stored)}”，"
                    f"但签署记录只支持“{FINDING_STATES[state]}”：已按签署记录处理。"
                )
            self.counts["findings"] += 1

    def tell(self) -> None:
        c, last = self.counts, self.core.ledger.head_txn(self.txn).seq
        signed = (
            f"数据已升级到新版本：由系统补签了 {c['people']} 人的 PIN 登记、{c['sessions']} 个学习活动、"
            f"{c['activities']} 个检查活动、{c['classes']} 个巾帼文明岗培训班及其学员、{c['pairs']} 份互查安排、{c['attempts']} 次测验作答"
            f"和 {c['findings']} 个问题的登记与整改进度"
        )
        entries = f"（台账第 {self.first}–{last} 条）" if last >= self.first else ""
        self.txn.store.notices.append(f"{signed}{entries}；各单位汇总已按签署记录重建。")
        self.txn.store.notices.extend(self.notes)
