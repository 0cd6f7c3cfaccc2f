"""Check activities (`records/<year>/activities.json`, ids A<year>-nnn) and, in
the checked unit's file, who peer-checks whom, form drafts and submitted checks
(both keyed `<activity>|<mode>|<checker>|<target>`).

An activity is signed when it is started. Who peer-checks whom is the fold of
the signed `pair_events` of the unit file (keyed by ledger number, in ledger
order): the pairs the activity started with, then each change the office made."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from xiaoneng.model.records import Activity, CheckRecord
from xiaoneng.store import layout
from xiaoneng.store.repos.common import Ref, next_key, year_of
from xiaoneng.store.repos.summary import has_seq
from xiaoneng.store.repos.units import CHECKS, DRAFTS, PAIR_EVENTS, UnitRecords
from xiaoneng.store.store import Store
from xiaoneng.store.txn import Txn

ACTIVITIES = "activities"


def activities_part(year: int) -> str:
    return f"{layout.RECORDS_DIR}/{int(year)}/activities.json"


def check_key(activity_id: str, mode: str, checker: str, target: str) -> str:
    return f"{activity_id}|{mode}|{checker}|{target}"


def fold_pairs(events: Mapping[str, dict[str, Any]], activity_id: str) -> dict[str, str]:
    """checker -> target of one activity in one unit, from its signed pair events."""
    mine = [
        e
        for k, e in events.items()
        if e.get("activity") == activity_id and has_seq(PAIR_EVENTS, k, e)
    ]
    pairs: dict[str, str] = {}
    for e in sorted(mine, key=lambda e: int(e["seq"])):
        pairs.update(e.get("pairs") or {})
    return pairs


class ChecksRepo:
    def __init__(self, store: Store, units: UnitRecords):
        self.store, self.units = store, units

    # -- activities --------------------------------------------------------------

    def activities(self, year: int) -> list[Activity]:
        docs = self.store.table(activities_part(year), ACTIVITIES)
        signed = (Activity.from_dict(d) for k, d in docs.items() if has_seq(ACTIVITIES, k, d))
        return sorted(signed, key=lambda a: a.id)

    def activity(self, activity_id: str) -> Activity | None:
        d = self.store.get(activities_part(year_of(activity_id) or 0), ACTIVITIES, activity_id)
        return Activity.from_dict(d) if d and has_seq(ACTIVITIES, activity_id, d) else None

    def activities_txn(self, txn: Txn, year: int) -> list[Activity]:
        """The year's signed activities as this transaction sees them."""
        docs = txn.all(activities_part(year), ACTIVITIES)
        return [Activity.from_dict(d) for k, d in sorted(docs.items()) if has_seq(ACTIVITIES, k, d)]

    def new_activity_id_txn(self, txn: Txn, year: int) -> str:
        return next_key(txn.all(activities_part(year), ACTIVITIES), f"A{year}-")

    def activity_ref(self, activity: Activity) -> Ref:
        """Where an activity is signed when it is started."""
        return Ref(activities_part(activity.year), ACTIVITIES, activity.id)

    # -- peer pairs ----------------------------------------------------------------

    def pairs(self, activity: Activity, unit: str) -> list[dict[str, str]]:
        """{activity, checker, target} of the activity in one unit, by checker."""
        pairs = fold_pairs(self.units.table(activity.year, unit, PAIR_EVENTS), activity.id)
        return [
            {"activity": activity.id, "checker": c, "target": t} for c, t in sorted(pairs.items())
        ]

    def peer_target(self, activity: Activity, checker: str, unit: str) -> str | None:
        events = self.units.table(activity.year, unit, PAIR_EVENTS)
        return fold_pairs(events, activity.id).get(checker)

    def pairs_ref_txn(self, txn: Txn, activity: Activity, unit: str) -> Ref:
        """Where a signed change of the activity's pairs in one unit goes (keyed by
        its ledger number)."""
        return self.units.open_txn(txn, activity.year, unit).ref(PAIR_EVENTS, "")

    # -- drafts and submitted checks ---------------------------------------------------

    def submitted_key(
        self, activity: Activity, mode: str, checker: str, target: str, unit: str
    ) -> str | None:
        """The key of the submitted check, if there is one. A unit's self check is
        done once, by whichever of its heads did it."""
        checks = self.units.table(activity.year, unit, CHECKS)
        key = check_key(activity.id, mode, checker, target)
        if key in checks:
            return key
        if mode == "self" and target == unit:
            prefix, suffix = f"{activity.id}|self|", f"|{unit}"
            return next((k for k in checks if k.startswith(prefix) and k.endswith(suffix)), None)
        return None

    def record(self, check_id: str, unit: str, year: int) -> CheckRecord | None:
        d = self.units.table(year, unit, CHECKS).get(check_id)
        return CheckRecord.from_dict(d) if d else None

    def check_docs(self, year: int, unit: str) -> dict[str, dict[str, Any]]:
        """The unit's submitted checks as signed (for exports)."""
        return self.units.table(year, unit, CHECKS)

    def draft(self, year: int, unit: str, key: str) -> dict[str, Any] | None:
        return self.units.table(year, unit, DRAFTS).get(key)

    def put_draft_txn(self, txn: Txn, year: int, unit: str, key: str, doc: dict[str, Any]) -> None:
        self.units.open_txn(txn, year, unit).put(DRAFTS, key, doc)

    def submitted_txn(self, txn: Txn, year: int, unit: str, key: str) -> bool:
        return self.units.open_txn(txn, year, unit).exists(CHECKS, key)

    def check_ref_txn(self, txn: Txn, year: int, unit: str, key: str) -> Ref:
        """Where a signed check goes; its draft is dropped in the same transaction."""
        f = self.units.open_txn(txn, year, unit)
        f.delete(DRAFTS, [key])
        return f.ref(CHECKS, key)
