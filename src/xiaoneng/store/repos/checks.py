"""Check activities (`records/<year>/activities.json`, ids A<year>-nnn) and, in
the checked unit's file, who peer-checks whom (`<activity>:<checker>`), form
drafts and submitted checks (both keyed `<activity>|<mode>|<checker>|<target>`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from xiaoneng.model.records import Activity, CheckRecord
from xiaoneng.store import layout
from xiaoneng.store.repos.common import Ref, next_key, year_of
from xiaoneng.store.repos.units import ASSIGNMENTS, CHECKS, DRAFTS, UnitRecords
from xiaoneng.store.store import Store
from xiaoneng.store.txn import Txn

ACTIVITIES = "activities"


def activities_part(year: int) -> str:
    return f"{layout.RECORDS_DIR}/{int(year)}/activities.json"


def check_key(activity_id: str, mode: str, checker: str, target: str) -> str:
    return f"{activity_id}|{mode}|{checker}|{target}"


def pair_key(activity_id: str, checker: str) -> str:
    return f"{activity_id}:{checker}"


class ChecksRepo:
    def __init__(self, store: Store, units: UnitRecords):
        self.store, self.units = store, units

    # -- activities --------------------------------------------------------------

    def activities(self, year: int) -> list[Activity]:
        docs = self.store.table(activities_part(year), ACTIVITIES)
        return sorted((Activity.from_dict(d) for d in docs.values()), key=lambda a: a.id)

    def activity(self, activity_id: str) -> Activity | None:
        d = self.store.get(activities_part(year_of(activity_id) or 0), ACTIVITIES, activity_id)
        return Activity.from_dict(d) if d else None

    def new_activity_id_txn(self, txn: Txn, year: int) -> str:
        return next_key(txn.all(activities_part(year), ACTIVITIES), f"A{year}-")

    def put_activity_txn(self, txn: Txn, activity: Activity) -> None:
        txn.put(activities_part(activity.year), ACTIVITIES, activity.id, activity.to_dict())

    # -- peer pairs ----------------------------------------------------------------

    def pairs(self, activity: Activity, unit: str) -> list[dict[str, str]]:
        """{checker, target} of the activity in one unit, by checker."""
        docs = self.units.table(activity.year, unit, ASSIGNMENTS).values()
        mine = [a for a in docs if a.get("activity") == activity.id]
        return sorted(mine, key=lambda a: a["checker"])

    def peer_target(self, activity: Activity, checker: str, unit: str) -> str | None:
        a = self.units.table(activity.year, unit, ASSIGNMENTS).get(pair_key(activity.id, checker))
        return a["target"] if a else None

    def put_pairs_txn(
        self, txn: Txn, activity: Activity, unit: str, pairs: Mapping[str, str]
    ) -> None:
        """Set checker -> target pairs of the activity in one unit."""
        docs = {
            pair_key(activity.id, checker): {
                "activity": activity.id,
                "checker": checker,
                "target": target,
            }
            for checker, target in pairs.items()
        }
        self.units.open_txn(txn, activity.year, unit).put_many(ASSIGNMENTS, docs)

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
