"""People and units."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

# `publicity` is the federation's 宣传部, which runs the 巾帼文明岗 programme
# (applicant posts, the training class) beside the office.
ROLES = ("staff", "unit_head", "leader", "admin", "publicity")
ROLE_LABELS = {
    "staff": "职工",
    "unit_head": "单位负责人",
    "leader": "领导",
    "admin": "管理员",
    "publicity": "宣传部",
}
ROLE_BY_LABEL = {v: k for k, v in ROLE_LABELS.items()} | {
    "干部职工": "staff",
    "职工": "staff",
    "主要负责人": "unit_head",
    "负责人": "unit_head",
    "办公室": "admin",
    "宣传": "publicity",
    "组织宣传部": "publicity",
    "宣传部门": "publicity",
    "巾帼文明岗": "publicity",
}

# The fields a roster change signs; PIN state is deliberately not among them.
SIGNED_FIELDS = ("id", "name", "unit", "position", "roles", "active")


@dataclass(frozen=True)
class Unit:
    id: str
    name: str
    parent: str | None = None
    active: bool = True

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "parent": self.parent, "active": self.active}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Unit:
        return cls(d["id"], d["name"], d.get("parent"), d.get("active", True))


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    unit: str  # unit id
    position: str = ""
    roles: tuple[str, ...] = ("staff",)
    active: bool = True
    pin_hash: str | None = field(default=None, repr=False)
    pin_initial: bool = True
    failed: int = 0
    locked_until: str | None = None
    joined: str = ""  # ISO date added to the roster ('' if added before this was kept)

    def has(self, role: str) -> bool:
        return role in self.roles

    @property
    def is_admin(self) -> bool:
        return "admin" in self.roles

    @property
    def sees_all(self) -> bool:
        return "admin" in self.roles or "leader" in self.roles

    def roles_label(self) -> str:
        return "、".join(ROLE_LABELS.get(r, r) for r in self.roles)

    def signed(self) -> dict[str, Any]:
        d = self.to_dict()
        return {k: d[k] for k in SIGNED_FIELDS}

    def public(self) -> dict[str, Any]:
        """What may leave the program (exports, --json): never PIN state."""
        return {
            "id": self.id,
            "name": self.name,
            "unit": self.unit,
            "position": self.position,
            "roles": list(self.roles),
            "active": self.active,
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.public(),
            "pin_hash": self.pin_hash,
            "pin_initial": self.pin_initial,
            "failed": self.failed,
            "locked_until": self.locked_until,
            "joined": self.joined,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Person:
        return cls(
            id=d["id"],
            name=d["name"],
            unit=d["unit"],
            position=d.get("position", ""),
            roles=tuple(d.get("roles", ("staff",))),
            active=d.get("active", True),
            pin_hash=d.get("pin_hash"),
            pin_initial=d.get("pin_initial", True),
            failed=d.get("failed", 0),
            locked_until=d.get("locked_until"),
            joined=d.get("joined", ""),
        )


class RosterEntry(NamedTuple):
    """What the roster screen shows of a person and searches: no PIN hash, no
    failed-login count (store/repos/roster_list.py keeps these by unit). A
    tuple: tens of thousands are made in one read."""

    id: str
    name: str
    unit: str
    position: str
    roles: tuple[str, ...]
    active: bool
    has_pin: bool
    locked_until: str | None
    joined: str

    @classmethod
    def of(cls, p: Person) -> RosterEntry:
        return cls(
            p.id,
            p.name,
            p.unit,
            p.position,
            p.roles,
            p.active,
            p.pin_hash is not None,
            p.locked_until,
            p.joined,
        )

    @property
    def is_admin(self) -> bool:
        return "admin" in self.roles

    def roles_label(self) -> str:
        return "、".join(ROLE_LABELS.get(r, r) for r in self.roles)
