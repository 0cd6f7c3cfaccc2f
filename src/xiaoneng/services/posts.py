"""巾帼文明岗 applicant posts: the register, the hard conditions, state changes.

Who may do what: the office (admin) and the programme's department (the
`publicity` role, 宣传部) manage the programme; leaders may look. Every
application as entered and every step of its state is signed in the ledger.
A post that fails a hard condition is flagged with the reasons, never dropped.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from xiaoneng.errors import UserError
from xiaoneng.model import post_states
from xiaoneng.model.post_conditions import (
    ConditionResult,
    ConditionSet,
    check_conditions,
    pick_conditions,
)
from xiaoneng.model.posts import LEVELS, Post, TitleParseError, parse_titles, post_problems
from xiaoneng.services.permissions import Actor, require_role
from xiaoneng.services.text import clean_field, clean_note
from xiaoneng.store import Txn
from xiaoneng.store.repos.common import year_of
from xiaoneng.store.repos.posts import data_event, state_event

if TYPE_CHECKING:
    from xiaoneng.services.core import Core

# Ledger actions of state steps: naming (the result) and 复核 stand out in the ledger.
STATE_ACTIONS = {"name": "post.name", "reject": "post.reject", "review": "post.review"}
MANAGE = ("admin", "publicity")  # run the programme
VIEW = ("admin", "publicity", "leader")  # see it


def require_manage(actor: Actor, doing: str) -> None:
    require_role(actor, *MANAGE, doing=doing)


def require_view(actor: Actor) -> None:
    require_role(actor, *VIEW, doing="查看巾帼文明岗申报")


@dataclass(frozen=True)
class PostView:
    """A post with the result of every hard condition for its level."""

    post: Post
    results: tuple[ConditionResult, ...]

    @property
    def failed(self) -> list[str]:
        """Why it does not (or cannot be shown to) meet the conditions; [] when it does."""
        return [r.message for r in self.results if not r.ok]

    @property
    def flagged(self) -> bool:
        return any(not r.ok for r in self.results)

    def to_json(self) -> dict[str, Any]:
        """One item of `posts list --json` (names outside scripts rely on)."""
        p = self.post
        return {
            "id": p.id,
            "name": p.name,
            "organisation": p.organisation,
            "level": p.level,
            "year": p.year,
            "state": p.state,
            "state_label": post_states.state_label(p.state),
            "members": p.members,
            "women": p.women,
            "conditions_failed": self.failed,
        }


@dataclass(frozen=True)
class PostFilter:
    """What the register is narrowed to; empty fields do not narrow."""

    text: str = ""  # part of the name, organisation, leader or phone
    level: str = ""
    state: str = ""
    sector: str = ""
    district: str = ""
    flagged: bool | None = None  # True: only flagged; False: only those meeting every condition

    def matches(self, view: PostView) -> bool:
        p = view.post
        if self.level and p.level != self.level:
            return False
        if self.state and p.state != self.state:
            return False
        if self.sector and p.sector != self.sector:
            return False
        if self.district and p.district != self.district:
            return False
        if self.flagged is not None and view.flagged != self.flagged:
            return False
        q = self.text.strip()
        return not q or any(q in f for f in (p.name, p.organisation, p.leader, p.phone, p.id))


class PostService:
    def __init__(self, core: Core):
        self.core = core
        self.repo = core.repos.posts

    # -- reading ---------------------------------------------------------------

    def conditions(self, year: int) -> ConditionSet | None:
        """The conditions file that applies to a programme year (newest not after it)."""
        return pick_conditions(self.core.catalogue.conditions(), year)

    def check(self, post: Post, conditions: ConditionSet | None) -> PostView:
        if conditions is None:
            message = (
                f"没有适用于{post.year}年度的申报条件文件（清单目录中 kind = conditions），无法核对"
            )
            return PostView(post, (ConditionResult("level", False, message, unknown=True),))
        return PostView(post, tuple(check_conditions(post, conditions)))

    def posts(self, actor: Actor, year: int | None = None, level: str = "") -> list[PostView]:
        """The year's posts with their conditions checked (a level narrows them)."""
        require_view(actor)
        year = year or self.core.today().year
        if level and level not in LEVELS:
            raise UserError(f"申报级别应为 {'、'.join(LEVELS)} 之一，实际为“{level}”。")
        conditions = self.conditions(year)
        return [
            self.check(p, conditions)
            for p in self.repo.in_year(year)
            if not level or p.level == level
        ]

    def get(self, actor: Actor, post_id: str) -> PostView:
        require_view(actor)
        post = self.repo.get(post_id.strip())
        if post is None:
            raise UserError(f"申报岗位 {post_id.strip()[:20]} 不存在。")
        return self.check(post, self.conditions(post.year))

    def years(self) -> list[int]:
        return self.repo.years()

    # -- writing ---------------------------------------------------------------

    def add_txn(self, txn: Txn, actor: Actor, posts: Iterable[Post]) -> list[Post]:
        """Sign posts as entered: those without an id are new (numbered here),
        the others are edits of the post with that id."""
        posts = list(posts)
        counts: dict[int, int] = {}
        for p in posts:
            if not p.id:
                counts[p.year] = counts.get(p.year, 0) + 1
        ids = {y: iter(self.repo.new_ids_txn(txn, y, n)) for y, n in counts.items()}
        out = []
        for post in posts:
            action = "post.edit" if post.id else "post.add"
            if not post.id:
                post = replace(post, id=next(ids[post.year]))
            self.core.ledger.sign_txn(
                txn,
                actor=actor.id,
                action=action,
                time=self.core.now_iso(),
                ref=self.repo.event_ref(post.year),
                record=data_event(_checked(post)),
            )
            out.append(post)
        return out

    def edit(self, actor: Actor, post_id: str, **fields: Any) -> Post:
        """Change a post's application fields (not its state)."""
        require_manage(actor, "修改巾帼文明岗申报")
        with self.core.store.transaction() as txn:
            current = self._current_txn(txn, post_id)
            changed = replace(current, **clean_post_fields(fields))
            if changed == current:
                return current
            self.core.ledger.sign_txn(
                txn,
                actor=actor.id,
                action="post.edit",
                time=self.core.now_iso(),
                ref=self.repo.event_ref(current.year),
                record=data_event(_checked(changed)),
            )
        return changed

    def change_state(
        self,
        actor: Actor,
        post_id: str,
        action: str,
        *,
        reason: str = "",
        outcome: str = "",
        year: int | None = None,
    ) -> tuple[Post, dict[str, Any]]:
        """One step of 申报 → 初审 → 考核 → 命名 (or 未通过), or a yearly 复核; signed."""
        require_manage(actor, "办理巾帼文明岗申报")
        reason = clean_note(reason, "原因", max_len=300)
        with self.core.store.transaction() as txn:
            current = self._current_txn(txn, post_id)
            return self.change_state_txn(
                txn, actor, current, action, reason=reason, outcome=outcome, year=year
            )

    def change_state_txn(
        self,
        txn: Txn,
        actor: Actor,
        current: Post,
        action: str,
        *,
        reason: str = "",
        outcome: str = "",
        year: int | None = None,
    ) -> tuple[Post, dict[str, Any]]:
        after = post_states.apply(
            current,
            action,
            at=self.core.now_iso(),
            by=actor.id,
            reason=reason,
            outcome=outcome,
            year=year,
        )
        change = after.history[-1]
        entry = self.core.ledger.sign_txn(
            txn,
            actor=actor.id,
            action=STATE_ACTIONS.get(action, "post.state"),
            time=change.at,
            ref=self.repo.event_ref(current.year),
            record=state_event(current.id, change),
        )
        return after, entry

    def _current_txn(self, txn: Txn, post_id: str) -> Post:
        year = year_of(post_id)
        post = self.repo.posts_txn(txn, year).get(post_id) if year else None
        if post is None:
            raise UserError(f"申报岗位 {post_id[:20]} 不存在。")
        return post


def _checked(post: Post) -> Post:
    problems = post_problems(post)
    if problems:
        raise UserError(f"“{post.name}”：{'；'.join(problems)}。")
    return post


WOMAN_LEADER_WORDS = {
    "是": True,
    "有": True,
    "y": True,
    "yes": True,
    "√": True,
    "否": False,
    "无": False,
    "没有": False,
    "n": False,
    "no": False,
    "×": False,
}


def parse_woman_leader(text: str) -> bool | None:
    """是/否 (有/无, √/×); blank is None: the application does not say."""
    t = text.strip().casefold()
    if not t:
        return None
    if t not in WOMAN_LEADER_WORDS:
        raise UserError(f"应填“是”或“否”，实际为“{text.strip()[:20]}”")
    return WOMAN_LEADER_WORDS[t]


def parse_count(text: object, label: str) -> int:
    """A head count as typed or read from a sheet: 12, 12.0, 12人."""
    t = str(text).strip().removesuffix("人").strip()
    try:
        number = float(t)
    except ValueError:
        number = float("nan")
    if not number.is_integer():
        raise UserError(f"{label}应为整数，实际为“{str(text).strip()[:20]}”")
    return int(number)


def clean_post_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """Form or sheet values -> Post fields (text cleaned, numbers and titles parsed)."""
    out: dict[str, Any] = {}
    texts = {
        "name": ("岗位名称", 60, True),
        "organisation": ("所在单位", 60, True),
        "sector": ("行业", 30, False),
        "district": ("区", 30, False),
        "leader": ("负责人", 40, False),
        "phone": ("联系电话", 30, False),
        "contact": ("联系人", 40, False),
    }
    for key, value in fields.items():
        if key in texts:
            label, most, required = texts[key]
            out[key] = clean_field(value, label, max_len=most, required=required)
        elif key == "level":
            out[key] = normalise_level(str(value))
        elif key in ("members", "women"):
            label = "岗位人数" if key == "members" else "女性人数"
            out[key] = value if isinstance(value, int) else parse_count(value, label)
        elif key == "woman_leader":
            keep = value is None or isinstance(value, bool)
            out[key] = value if keep else parse_woman_leader(str(value))
        elif key == "titles":
            if isinstance(value, tuple):
                out[key] = value
            else:
                try:
                    out[key] = parse_titles(str(value))
                except TitleParseError as err:
                    raise UserError(f"已获称号：{err}") from None
        else:
            raise UserError(f"申报岗位没有“{key}”这一项。")
    return out


LEVEL_WORDS = {"市": "市级", "省": "省级", "全国": "全国级", "国家": "全国级", "国家级": "全国级"}


def normalise_level(text: str) -> str:
    """市级/省级/全国级, also written 市, 省, 全国, 国家级."""
    t = text.strip().removesuffix("巾帼文明岗").strip()
    level = LEVEL_WORDS.get(t, t)
    if level not in LEVELS:
        raise UserError(f"申报级别应为 {'、'.join(LEVELS)} 之一，实际为“{text.strip()[:20]}”")
    return level
