"""The roster: people, their units and roles. Every change by an admin, and
every PIN change, is signed in the ledger with a snapshot of the fields it set
and the seal of the PIN hash (services/pins.py: never the PIN or its hash)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from xiaoneng.errors import OperationError, UserError
from xiaoneng.model.people import ROLE_BY_LABEL, ROLE_LABELS, ROLES, Person, RosterEntry
from xiaoneng.services.permissions import Actor, require_admin
from xiaoneng.services.pins import hash_pin, pin_seal, random_pin
from xiaoneng.services.text import clean_field, clean_id
from xiaoneng.store import Txn

if TYPE_CHECKING:
    from xiaoneng.services.core import Core


_ROOT = "roster.root"  # txn.values key: the agency's top unit


@dataclass(frozen=True)
class NewPerson:
    """One person to add, as typed or read from a file (already cleaned)."""

    id: str
    name: str
    unit: str  # unit name or id
    position: str = ""
    roles: tuple[str, ...] = ("staff",)


def parse_roles(values: Iterable[str]) -> tuple[str, ...]:
    """Roles from codes or Chinese labels; separators 、,，/ and spaces allowed."""
    out: list[str] = []
    for value in values:
        for raw in str(value).replace("，", ",").replace("、", ",").replace("/", ",").split(","):
            token = raw.strip()
            if not token:
                continue
            role = token if token in ROLES else ROLE_BY_LABEL.get(token)
            if role is None:
                known = "、".join(ROLES)
                labels = "、".join(ROLE_LABELS[r] for r in ROLES)
                raise UserError(f"角色“{token}”无效：可用 {known}（或 {labels}）。")
            if role not in out:
                out.append(role)
    return tuple(out) or ("staff",)


def new_person(
    id: object, name: object, unit: object, position: object = "", roles: Sequence[str] = ()
) -> NewPerson:
    return NewPerson(
        id=clean_id(id),
        name=clean_field(name, "姓名", max_len=40),
        unit=clean_field(unit, "单位", max_len=60),
        position=clean_field(position, "职务", max_len=40, required=False),
        roles=parse_roles(roles),
    )


class RosterService:
    def __init__(self, core: Core):
        self.core = core
        self.repo = core.repos.people

    # -- reading ---------------------------------------------------------------

    def get(self, person_id: str) -> Person | None:
        return self.repo.get(person_id)

    def require(self, person_id: str) -> Person:
        p = self.get(person_id)
        if p is None:
            raise UserError(f"工号 {person_id} 不存在。")
        return p

    def people(self, *, unit: str | None = None, include_inactive: bool = False) -> list[Person]:
        source = self.repo.everyone() if unit is None else self.repo.by_unit(unit)
        return [p for p in source if include_inactive or p.active]

    def counts(self) -> tuple[int, int]:
        """(active, inactive) people, from the per-unit member files."""
        return self.repo.counts()

    def listing(self) -> list[RosterEntry]:
        """Everyone, active or not, as the roster screen shows them (no PIN
        state), by unit then 工号: from the roster list, not the people files."""
        return self.repo.listing()

    def first_page(self, limit: int) -> list[RosterEntry] | None:
        """The first `limit` of `listing()`, read without reading everyone
        (None when the folder cannot tell them apart)."""
        listed = self.repo.first_listed(limit)
        if listed is not None:
            return listed
        first = self.repo.first(limit)
        return None if first is None else [RosterEntry.of(p) for p in first]

    def heads_of(self, unit_id: str) -> list[Person]:
        return [p for p in self.people(unit=unit_id) if p.has("unit_head")]

    # -- writing ---------------------------------------------------------------

    def add(
        self,
        actor: Actor,
        person: NewPerson,
        *,
        new_unit: bool = False,
        pin: str | None = None,
        initial: bool = True,
    ) -> tuple[Person, str]:
        """Add one person with a random initial PIN (returned once, never stored)."""
        require_admin(actor, "新增人员")
        pin = pin or random_pin()
        pin_hash = hash_pin(pin)  # slow: outside the lock
        with self.core.store.transaction() as txn:
            added = self._add_txn(txn, actor, person, new_unit, pin_hash, initial)
        return added, pin

    def add_many(
        self,
        actor: Actor,
        people: Sequence[NewPerson],
        *,
        pins: dict[str, str] | None = None,
        create_units: bool = True,
        progress: Callable[[int, int], None] | None = None,
    ) -> list[Person]:
        """Add many people in one transaction; all or nothing.

        `pins` maps 工号 to an initial PIN; people without one get no PIN
        until an admin resets it (hashing thousands of PINs is slow).
        """
        added, _ = self.import_people(
            actor, people, [], pins=pins, create_units=create_units, progress=progress
        )
        return added

    def import_people(
        self,
        actor: Actor,
        people: Sequence[NewPerson],
        edits: Sequence[tuple[str, dict[str, Any]]],
        *,
        pins: dict[str, str] | None = None,
        create_units: bool = True,
        progress: Callable[[int, int], None] | None = None,
    ) -> tuple[list[Person], list[Person]]:
        """Add `people` and apply `edits` ((工号, keyword arguments of `edit`))
        in one transaction: a roster import, all or nothing."""
        require_admin(actor, "导入人员")
        seen: set[str] = set()
        for pid in [p.id for p in people] + [pid for pid, _ in edits]:
            if pid in seen:
                raise UserError(f"工号 {pid} 重复出现。")
            seen.add(pid)
        hashes: dict[str, str] = {}
        pins = pins or {}
        for i, (pid, pin) in enumerate(pins.items()):
            hashes[pid] = hash_pin(pin)  # slow: outside the lock
            if progress:
                progress(i + 1, len(pins))
        with self.core.store.transaction() as txn:
            return self.import_txn(txn, actor, people, edits, hashes, create_units=create_units)

    def import_txn(
        self,
        txn: Txn,
        actor: Actor,
        people: Sequence[NewPerson],
        edits: Sequence[tuple[str, dict[str, Any]]],
        hashes: dict[str, str],
        *,
        create_units: bool,
    ) -> tuple[list[Person], list[Person]]:
        """`import_people` inside the caller's transaction, with the PINs already
        hashed (a large import commits a batch at a time: roster_batches.py)."""
        added = [self._add_txn(txn, actor, p, create_units, hashes.get(p.id), True) for p in people]
        changed = [
            self.edit_txn(txn, actor, pid, new_unit=create_units, **fields) for pid, fields in edits
        ]
        return added, changed

    def _add_txn(
        self,
        txn: Txn,
        actor: Actor,
        p: NewPerson,
        new_unit: bool,
        pin_hash: str | None,
        initial: bool,
    ) -> Person:
        unit = self.core.org.resolve_txn(
            txn, p.unit, create=new_unit, actor=actor.id, parent=self._root_txn(txn)
        )
        existing = self.repo.get_txn(txn, p.id)
        if existing is not None:
            raise UserError(f"工号 {p.id} 已存在（{existing.name}）。")
        person = Person(
            id=p.id,
            name=p.name,
            unit=unit.id,
            position=p.position,
            roles=p.roles,
            pin_hash=pin_hash,
            pin_initial=initial,
            joined=self.core.today().isoformat(),  # a late joiner's tasks: check_tasks.py
        )
        self.repo.put_txn(txn, person)
        self.sign_change_txn(txn, actor, "roster.add", person)
        return person

    def edit(
        self,
        actor: Actor,
        person_id: str,
        *,
        name: str | None = None,
        unit: str | None = None,
        position: str | None = None,
        roles: Sequence[str] | None = None,
        new_unit: bool = False,
    ) -> Person:
        require_admin(actor, "修改人员")
        with self.core.store.transaction() as txn:
            return self.edit_txn(
                txn,
                actor,
                person_id,
                name=name,
                unit=unit,
                position=position,
                roles=roles,
                new_unit=new_unit,
            )

    def edit_txn(
        self,
        txn: Txn,
        actor: Actor,
        person_id: str,
        *,
        name: str | None = None,
        unit: str | None = None,
        position: str | None = None,
        roles: Sequence[str] | None = None,
        new_unit: bool = False,
    ) -> Person:
        """`edit` inside the caller's transaction (an import changes many at once)."""
        before = self._get_txn(txn, person_id)
        changes: dict[str, Any] = {}
        if name is not None:
            changes["name"] = clean_field(name, "姓名", max_len=40)
        if position is not None:
            changes["position"] = clean_field(position, "职务", max_len=40, required=False)
        if roles is not None:
            changes["roles"] = parse_roles(roles)
        if unit is not None:
            changes["unit"] = self.core.org.resolve_txn(
                txn, unit, create=new_unit, actor=actor.id, parent=self._root_txn(txn)
            ).id
        after = replace(before, **changes)
        if after == before:
            return before
        if before.is_admin and not after.is_admin:
            self._keep_an_admin(before.id)
        self.repo.put_txn(txn, after)
        self.sign_change_txn(txn, actor, "roster.edit", after)
        return after

    def set_active(self, actor: Actor, person_id: str, active: bool) -> Person:
        require_admin(actor, "停用或启用人员")
        with self.core.store.transaction() as txn:
            before = self._get_txn(txn, person_id)
            if before.active == active:
                return before
            if not active and before.is_admin:
                self._keep_an_admin(before.id)
            after = replace(before, active=active)
            self.repo.put_txn(txn, after)
            self.sign_change_txn(
                txn, actor, "roster.activate" if active else "roster.deactivate", after
            )
        return after

    def reset_pin(self, actor: Actor, person_id: str) -> str:
        """A new random initial PIN (shown once); also lifts a lockout."""
        require_admin(actor, "重置 PIN")
        pin = random_pin()
        pin_hash = hash_pin(pin)
        with self.core.store.transaction() as txn:
            before = self._get_txn(txn, person_id)
            after = replace(
                before, pin_hash=pin_hash, pin_initial=True, failed=0, locked_until=None
            )
            self.repo.put_txn(txn, after)
            self.sign_change_txn(txn, actor, "roster.reset_pin", after)
        return pin

    # -- helpers -------------------------------------------------------------------

    def _root_txn(self, txn: Txn) -> str | None:
        """The agency's top unit (the parent of a unit an import creates), read
        once a transaction rather than once a person."""
        if _ROOT not in txn.values:
            txn.values[_ROOT] = self.core.agency().get("unit")
        root: str | None = txn.values[_ROOT]
        return root

    def _get_txn(self, txn: Txn, person_id: str) -> Person:
        person = self.repo.get_txn(txn, person_id)
        if person is None:
            raise UserError(f"工号 {person_id} 不存在。")
        return person

    def _keep_an_admin(self, leaving: str) -> None:
        others = [p for p in self.people() if p.is_admin and p.active and p.id != leaving]
        if not others:
            raise OperationError("不能移除最后一位管理员：请先为其他人员授予管理员角色。")

    def snapshot(self, person: Person) -> dict[str, Any]:
        """What a signed roster change records of the person: the signed fields and
        the seal of their PIN hash."""
        return {**person.signed(), "pin": pin_seal(self.core.secret, person.id, person.pin_hash)}

    def sign_change_txn(
        self, txn: Txn, actor: Actor, action: str, person: Person
    ) -> dict[str, Any]:
        """Sign a change of `person` (as they are now stored) by `actor`."""
        now = self.core.now_iso()
        return self.core.ledger.sign_txn(
            txn,
            actor=actor.id,
            action=action,
            time=now,
            ref=self.repo.event_ref(person.id),
            record={
                "person": person.id,
                "op": action,
                "snapshot": self.snapshot(person),
                "time": now,
            },
        )
