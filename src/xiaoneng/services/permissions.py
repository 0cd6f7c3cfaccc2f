"""Who may do what. Every use-case checks here, so the CLI, the TUI and any
future front end get the same answer."""

from __future__ import annotations

import getpass
from dataclasses import dataclass

from xiaoneng.errors import PermissionDenied
from xiaoneng.model.people import ROLE_LABELS, Person


@dataclass(frozen=True)
class SystemActor:
    """Someone at the shell of the machine that holds the data (the office's
    administrator running `xiaoneng roster ...`): acts as admin, recorded by
    OS account in the ledger."""

    id: str
    name: str = "命令行"
    roles: tuple[str, ...] = ("admin",)
    unit: str = ""
    active: bool = True

    def has(self, role: str) -> bool:
        return role in self.roles

    @property
    def is_admin(self) -> bool:
        return True

    @property
    def sees_all(self) -> bool:
        return True


Actor = Person | SystemActor


def cli_actor() -> SystemActor:
    try:
        user = getpass.getuser()
    except Exception:  # no user name in this environment (containers)
        user = "unknown"
    return SystemActor(id=f"cli:{user}")


def require_role(actor: Actor, *roles: str, doing: str) -> None:
    if not any(actor.has(r) for r in roles):
        need = "或".join(ROLE_LABELS.get(r, r) for r in roles)
        raise PermissionDenied(f"{actor.name}无权{doing}：需要{need}角色。")


def require_admin(actor: Actor, doing: str) -> None:
    require_role(actor, "admin", doing=doing)
