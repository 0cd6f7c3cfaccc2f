"""巾帼文明岗 applicant posts: the post, its earlier titles, and field checks.

A post (岗位/集体) is a team in another organisation that applies for the
city, provincial or national title in one year. A post that applies again in
a later year, or for a higher level, is a new Post; its earlier titles list
what it already holds. The state and its history are kept here too, changed
only through `xiaoneng.model.post_states`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

LEVELS = ("市级", "省级", "全国级")  # the titles a post can apply for
TIERS = ("区级", "市级", "省级", "全国级")  # who granted an earlier title, lowest first
SECTOR = "系统"  # suffix of a title granted by a sector (行业/系统) rather than the federation
TITLE_KINDS = tuple(t for tier in TIERS for t in (tier, tier + SECTOR))

FIRST_YEAR = 1990  # the programme began in the 1990s; earlier years are typing mistakes

_TIER_WORDS = {
    "全国": "全国级",
    "国家": "全国级",
    "省": "省级",
    "市": "市级",
    "区县": "区级",
    "县区": "区级",
    "区": "区级",
    "县": "区级",
}
_TITLE_RE = re.compile(r"(全国|国家|省|市|区县|县区|区|县)(?:级|直)?(系统|行业)?|(系统|行业)")
_YEAR_RE = re.compile(r"(\d{4})\s*年?")
_SPLIT_RE = re.compile(r"[;；,，、/\n]+")
_PHONE_RE = re.compile(r"[0-9+()（）\- ]{5,30}")


class TitleParseError(ValueError):
    """An 已获称号 text that cannot be read; the message is Chinese and names the part."""


@dataclass(frozen=True)
class Title:
    """An earlier 巾帼文明岗 title: who granted it and the year it was granted."""

    tier: str  # one of TIERS
    year: int
    sector: bool = False  # granted by a sector (行业/系统) of that tier

    @property
    def kind(self) -> str:
        """The label conditions files name, e.g. 区级 or 市级系统 (one of TITLE_KINDS)."""
        return self.tier + (SECTOR if self.sector else "")

    def label(self) -> str:
        return f"{self.kind}（{self.year}年）"

    def to_dict(self) -> dict[str, Any]:
        return {"tier": self.tier, "year": self.year, "sector": self.sector}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Title:
        return cls(str(d["tier"]), int(d["year"]), bool(d.get("sector", False)))


def parse_titles(text: str) -> tuple[Title, ...]:
    """Earlier titles from a sheet cell such as "区级2012；市级系统 2015年".

    Each part names a tier (全国/国家、省、市、区/县, with or without 级) and a
    year; 系统 or 行业 after the tier marks a sector title. A bare 系统/行业
    is a sector title of the city (市直系统), as the city's notices use it.
    Empty text, 无 or — mean no titles.
    """
    parts = [p.strip() for p in _SPLIT_RE.split(text or "") if p.strip()]
    if len(parts) == 1 and parts[0] in ("无", "—", "-", "/", "暂无", "没有"):
        return ()
    titles: list[Title] = []
    for part in parts:
        years = _YEAR_RE.findall(part)
        found = _TITLE_RE.search(part)
        if found is None:
            raise TitleParseError(
                f"“{part}”中没有称号级别（应写区级、市级、省级或全国级，可加“系统”）"
            )
        if len(years) != 1:
            what = "没有年份" if not years else "有多个年份"
            raise TitleParseError(f"“{part}”{what}（每个称号写一个获得年份，如 区级2012）")
        if found.group(3):
            tier, sector = "市级", True
        else:
            tier, sector = _TIER_WORDS[found.group(1)], bool(found.group(2))
        titles.append(Title(tier, int(years[0]), sector))
    return tuple(titles)


def format_titles(titles: tuple[Title, ...]) -> str:
    return "、".join(t.label() for t in titles) if titles else "无"


@dataclass(frozen=True)
class StateChange:
    """One step in a post's history; `action` is a key of post_states.ACTIONS."""

    action: str
    before: str
    after: str
    at: str  # ISO datetime
    by: str  # person id of who recorded it
    reason: str = ""
    year: int | None = None  # the 复核 year, for reviews

    def to_dict(self) -> dict[str, Any]:
        return {
            "action": self.action,
            "before": self.before,
            "after": self.after,
            "at": self.at,
            "by": self.by,
            "reason": self.reason,
            "year": self.year,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> StateChange:
        year = d.get("year")
        return cls(
            action=str(d["action"]),
            before=str(d["before"]),
            after=str(d["after"]),
            at=str(d["at"]),
            by=str(d["by"]),
            reason=str(d.get("reason", "")),
            year=int(year) if year is not None else None,
        )


@dataclass(frozen=True)
class Post:
    """An applicant post for one year and level."""

    id: str
    name: str  # 岗位名称
    organisation: str  # 所在单位
    sector: str  # 行业
    district: str  # 区
    level: str  # one of LEVELS
    year: int  # the year it applies in
    leader: str  # 负责人
    phone: str = ""  # 联系电话
    contact: str = ""  # 联系人, when not the leader
    members: int = 0  # 岗位人数
    women: int = 0  # 女性人数
    # 主要负责人中有女性: None when the application does not say (flagged, not assumed).
    woman_leader: bool | None = None
    titles: tuple[Title, ...] = ()
    state: str = "applied"  # a key of post_states.STATES
    history: tuple[StateChange, ...] = field(default=())

    def women_share(self) -> float | None:
        return self.women / self.members if self.members > 0 else None

    def with_state(self, change: StateChange) -> Post:
        return replace(self, state=change.after, history=(*self.history, change))

    def public(self) -> dict[str, Any]:
        """The fields other programs read (export, --json), without the history."""
        return {
            "id": self.id,
            "name": self.name,
            "organisation": self.organisation,
            "sector": self.sector,
            "district": self.district,
            "level": self.level,
            "year": self.year,
            "leader": self.leader,
            "phone": self.phone,
            "contact": self.contact,
            "members": self.members,
            "women": self.women,
            "woman_leader": self.woman_leader,
            "titles": [t.to_dict() for t in self.titles],
            "state": self.state,
        }

    def to_dict(self) -> dict[str, Any]:
        return {**self.public(), "history": [h.to_dict() for h in self.history]}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Post:
        woman_leader = d.get("woman_leader")
        return cls(
            id=str(d["id"]),
            name=str(d["name"]),
            organisation=str(d.get("organisation", "")),
            sector=str(d.get("sector", "")),
            district=str(d.get("district", "")),
            level=str(d["level"]),
            year=int(d["year"]),
            leader=str(d.get("leader", "")),
            phone=str(d.get("phone", "")),
            contact=str(d.get("contact", "")),
            members=int(d.get("members", 0)),
            women=int(d.get("women", 0)),
            woman_leader=None if woman_leader is None else bool(woman_leader),
            titles=tuple(Title.from_dict(t) for t in d.get("titles", ())),
            state=str(d.get("state", "applied")),
            history=tuple(StateChange.from_dict(h) for h in d.get("history", ())),
        )


def post_problems(post: Post) -> list[str]:
    """What is wrong with a post's fields, in Chinese, one message a field ([] when fine).

    These are data mistakes (a typo in the sheet), unlike the hard conditions,
    which a correct post may fail; an importer rejects a row with problems.
    """
    out: list[str] = []
    for label, value in (("岗位名称", post.name), ("所在单位", post.organisation)):
        if not value.strip():
            out.append(f"{label}不能为空")
    if post.level not in LEVELS:
        out.append(f"申报级别应为 {'、'.join(LEVELS)} 之一，实际为“{post.level}”")
    if not FIRST_YEAR <= post.year <= 2100:
        out.append(f"申报年度应为 {FIRST_YEAR} 至 2100 之间的年份，实际为 {post.year}")
    if post.members < 1:
        out.append(f"岗位人数应为正整数，实际为 {post.members}")
    if post.women < 0:
        out.append(f"女性人数不能为负数，实际为 {post.women}")
    elif post.women > post.members >= 1:
        out.append(f"女性人数 {post.women} 多于岗位人数 {post.members}")
    if post.phone and not _PHONE_RE.fullmatch(post.phone.strip()):
        out.append(f"联系电话应为数字（可含 - 和括号），实际为“{post.phone}”")
    for title in post.titles:
        if title.tier not in TIERS:
            out.append(f"已获称号的级别应为 {'、'.join(TIERS)} 之一，实际为“{title.tier}”")
        elif not FIRST_YEAR <= title.year <= post.year:
            out.append(
                f"已获称号“{title.label()}”的年份应在 {FIRST_YEAR} 至申报年度 {post.year} 之间"
            )
    return out
