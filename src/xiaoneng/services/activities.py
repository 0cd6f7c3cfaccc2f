"""Check activities (检查活动): a round of self, peer and lead checks on one
checklist, the units taking part, the deadlines and the leaders' rounds.

Starting one pairs colleagues for the peer check within each unit, in
rotation; services.pairing lets the office change a pair afterwards.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from xiaoneng.errors import UserError
from xiaoneng.model.checklist import MODE_LABELS, CheckTemplate
from xiaoneng.model.people import Person
from xiaoneng.model.records import Activity
from xiaoneng.services.permissions import Actor, require_admin
from xiaoneng.services.text import clean_field

if TYPE_CHECKING:
    from xiaoneng.services.core import Core


# Suggested deadlines: self check first, then peers, then the leaders' round.
DEFAULT_DAYS = {"self": 14, "peer": 21, "lead": 30}


@dataclass(frozen=True)
class ActivityStart:
    """What 发起检查活动 suggests for a checklist (the office may change any of it)."""

    title: str  # not the title of an activity this year already
    deadlines: dict[str, dt.date]  # the checks the list starts with (the rest left blank)
    self_scope: str  # person / unit


def short_title(template: CheckTemplate) -> str:
    """“三查”活动 for “三查”活动检查表（查履职、查精神、查成效）."""
    name = re.sub(r"（[^）]*）|\([^)]*\)", "", template.title).strip()
    for tail in ("检查表", "排查表", "评分表", "表"):
        if name.endswith(tail) and len(name) > len(tail):
            return name[: -len(tail)] + ("排查" if tail == "排查表" else "")
    return name


class ActivityService:
    def __init__(self, core: Core):
        self.core = core

    def start_defaults(self, template_id: str) -> ActivityStart:
        """The defaults for an activity on this checklist: its checks and who
        self-checks ([activity] in the file), and a title not used this year."""
        tpl = self.template(template_id)
        today = self.core.today()
        modes = tpl.start_modes or tpl.modes
        deadlines = {m: today + dt.timedelta(days=DEFAULT_DAYS[m]) for m in modes}
        base = f"{today.year}年度{short_title(tpl)}"
        taken = {a.title for a in self.of_year(today.year)}
        title, n = base, 1
        while title in taken:
            n += 1
            title = f"{base}（第{n}次）"
        return ActivityStart(title, deadlines, tpl.start_scope)

    def templates(self) -> list[CheckTemplate]:
        """Templates a 三查 round may use: scored sheets (the 巾帼文明岗 assessment)
        are scored per post by the programme, not checked by staff."""
        return [t for t in self.core.catalogue.checks() if not t.scored]

    def template(self, template_id: str) -> CheckTemplate:
        t = self.core.catalogue.get(template_id)
        if not isinstance(t, CheckTemplate):
            raise UserError(f"检查表 {template_id} 不存在。")
        return t

    def of_year(self, year: int | None = None) -> list[Activity]:
        return self.core.repos.checks.activities(year or self.core.today().year)

    def get(self, activity_id: str) -> Activity:
        activity = self.core.repos.checks.activity(activity_id)
        if activity is None:
            raise UserError(f"检查活动 {activity_id} 不存在。")
        return activity

    def create(
        self,
        actor: Actor,
        *,
        title: str,
        template: str,
        deadlines: dict[str, dt.date],
        units: list[str] | None = None,
        leads: dict[str, list[str]] | None = None,
        year: int | None = None,
        self_scope: str = "person",
    ) -> Activity:
        """Start a check round; peers are paired within each unit, in rotation."""
        require_admin(actor, "发起检查活动")
        tpl = self.template(template)
        if tpl.scored:
            raise UserError(
                f"《{tpl.title}》是计分考核表，用于巾帼文明岗考核评分，不能用于“三查”活动。"
            )
        modes = tuple(m for m in tpl.modes if m in deadlines)
        if self_scope not in ("person", "unit"):
            raise UserError(
                f"自查方式无效：{self_scope}（person 每人自查，unit 由单位负责人代表单位自查）。"
            )
        if not modes:
            raise UserError(
                f"请至少为一种检查方式（{'、'.join(MODE_LABELS[m] for m in tpl.modes)}）设定截止日期。"
            )
        year = year or self.core.today().year
        all_units = {u.id: u for u in self.core.org.units()}
        unit_ids = list(units) if units else list(all_units)
        unknown = [u for u in unit_ids if u not in all_units]
        if unknown:
            raise UserError(f"单位不存在：{'、'.join(unknown)}。")
        if "lead" in modes and leads is None:
            leads = self.default_leads(unit_ids)
        leads = {k: list(v) for k, v in (leads or {}).items() if v}
        for leader_id, lead_units in leads.items():
            p = self.core.roster.get(leader_id)
            if p is None or not p.has("leader"):
                raise UserError(f"{leader_id} 不是领导，不能安排巡查。")
            outside = [u for u in lead_units if u not in unit_ids]
            if outside:
                names = "、".join(self.core.org.name_of(u) for u in outside)
                raise UserError(f"{p.name}的巡查单位不在参加单位中：{names}。")
        now = self.core.now_iso()
        repo = self.core.repos.checks
        with self.core.store.transaction() as txn:
            activity = Activity(
                id=repo.new_activity_id_txn(txn, year),
                title=clean_field(title, "活动名称", max_len=80),
                template=tpl.id,
                year=year,
                units=tuple(unit_ids),
                modes=modes,
                deadlines={m: deadlines[m].isoformat() for m in modes},
                leads=leads,
                created_by=actor.id,
                created=now,
                self_scope=self_scope,
            )
            self.core.ledger.sign_txn(
                txn,
                actor=actor.id,
                action="activity.create",
                time=now,
                ref=repo.activity_ref(activity),
                record=activity.to_dict(),
            )
            if "peer" in modes:
                for uid in unit_ids:
                    # In rotation: each checks the next colleague (by 工号) in the unit.
                    members = sorted(p.id for p in self.core.roster.people(unit=uid))
                    pairs = {
                        checker: members[(i + 1) % len(members)]
                        for i, checker in enumerate(members)
                        if len(members) > 1
                    }
                    self.core.pairing.sign_pairs_txn(txn, actor, activity, uid, pairs)
                    self.core.repos.units.release_txn(txn, year, uid)
        return activity

    def leaders(self) -> list[Person]:
        return [p for p in self.core.roster.people() if p.has("leader")]

    def default_leads(self, unit_ids: list[str]) -> dict[str, list[str]]:
        """Each unit given to a leader in turn (leader id -> unit ids); the office can change it."""
        leaders = self.leaders()
        leads: dict[str, list[str]] = {p.id: [] for p in leaders}
        for i, uid in enumerate(unit_ids):
            if leaders:
                leads[leaders[i % len(leaders)].id].append(uid)
        return leads
