"""Peer pairs (互查安排): who checks whom in each unit for an activity. A pair
stays inside one unit and never pairs someone with themselves. The pairs an
activity starts with and every change are signed in the ledger."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from xiaoneng.errors import UserError
from xiaoneng.model.people import Person
from xiaoneng.model.records import Activity
from xiaoneng.services.permissions import Actor, require_admin
from xiaoneng.store import Txn

if TYPE_CHECKING:
    from xiaoneng.services.core import Core


class PairingService:
    def __init__(self, core: Core):
        self.core = core

    def pairs(self, actor: Actor, activity_id: str) -> list[dict[str, Any]]:
        """The activity's peer pairs, unit by unit: {unit, checker, target}."""
        require_admin(actor, "查看互查安排")
        activity = self.core.activities.get(activity_id)
        out = []
        for uid in activity.units:
            for a in self.core.repos.checks.pairs(activity, uid):
                out.append({"unit": uid, "checker": a["checker"], "target": a["target"]})
        return out

    def set_peer(self, actor: Actor, activity_id: str, checker_id: str, target_id: str) -> None:
        """The office edits a peer pair (same unit, never oneself)."""
        require_admin(actor, "调整互查安排")
        activity = self.core.activities.get(activity_id)
        checker = self.core.roster.require(checker_id)
        target = self.core.roster.require(target_id)
        if checker.id == target.id:
            raise UserError("不能安排本人互查自己。")
        if checker.unit != target.unit:
            raise UserError("互查只在同一单位内进行。")
        with self.core.store.transaction() as txn:
            self.sign_pairs_txn(txn, actor, activity, checker.unit, {checker.id: target.id})

    def sign_pairs_txn(
        self, txn: Txn, actor: Actor, activity: Activity, unit: str, pairs: Mapping[str, str]
    ) -> None:
        """Sign checker -> target pairs of the activity in one unit (nothing when empty)."""
        if not pairs:
            return
        now = self.core.now_iso()
        self.core.ledger.sign_txn(
            txn,
            actor=actor.id,
            action="activity.pairs",
            time=now,
            ref=self.core.repos.checks.pairs_ref_txn(txn, activity, unit),
            record={"activity": activity.id, "unit": unit, "pairs": dict(pairs), "time": now},
        )

    def target_of(self, activity: Activity, checker: Person) -> str | None:
        return self.core.repos.checks.peer_target(activity, checker.id, checker.unit)
