"""Units of the agency (机关 and its subordinate units)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from xiaoneng.errors import UserError
from xiaoneng.model.people import Unit
from xiaoneng.services.text import clean_field, name_key
from xiaoneng.store import Txn
from xiaoneng.store.repos.org import unit_event

if TYPE_CHECKING:
    from xiaoneng.services.core import Core


KNOWN_SHOWN = 30  # units named in the "no such unit" message
_BY_NAME = "org.by_name"  # txn.values key: units by normalised name


def match_name(units: Iterable[Unit], name: str) -> Unit | None:
    """The unit whose name is `name` once both are normalised (width of
    characters, invisible characters, blanks): look-alikes are one unit."""
    key = name_key(name)
    return next((u for u in units if name_key(u.name) == key), None)


class OrgService:
    def __init__(self, core: Core):
        self.core = core

    def units(self, *, include_inactive: bool = False) -> list[Unit]:
        return [u for u in self.core.repos.org.units() if include_inactive or u.active]

    def unit(self, unit_id: str) -> Unit | None:
        return self.core.repos.org.unit(unit_id)

    def name_of(self, unit_id: str) -> str:
        u = self.unit(unit_id)
        return u.name if u else unit_id

    def find(self, ref: str) -> Unit | None:
        """A unit by id or by name, however its characters were typed."""
        ref = ref.strip()
        by_id = self.unit(ref)
        if by_id:
            return by_id
        return match_name(self.units(include_inactive=True), ref)

    # -- writes (inside a transaction) ------------------------------------------

    def resolve_txn(
        self, txn: Txn, ref: str, *, create: bool, actor: str, parent: str | None = None
    ) -> Unit:
        """The unit named `ref` (id or name); created when allowed.

        O(1) a call: an import resolves a unit for each of thousands of people."""
        name = clean_field(ref, "单位", max_len=60)
        units = self.core.repos.org.units_txn(txn)
        if name in units:
            return units[name]
        found = self._by_name_txn(txn).get(name_key(name))
        if found is not None:
            return found  # `市妇联（机关）` typed as `市妇联(机关)` is not a new unit
        if not create:
            known = "、".join(u.name for u in list(units.values())[:KNOWN_SHOWN]) or "（无）"
            more = f"等 {len(units)} 个" if len(units) > KNOWN_SHOWN else ""
            raise UserError(
                f"单位“{name}”不存在。已有单位：{known}{more}。如需新建，请加 --new-unit。"
            )
        return self.create_txn(txn, name, parent=parent, actor=actor)

    def create_txn(self, txn: Txn, name: str, *, parent: str | None, actor: str) -> Unit:
        """A new unit, signed by `actor` (whoever's roster change needed it)."""
        repo = self.core.repos.org
        unit = repo.new_unit_txn(txn, name, parent)
        self.core.ledger.sign_txn(
            txn,
            actor=actor,
            action="org.unit",
            time=self.core.now_iso(),
            ref=repo.event_ref(),
            record=unit_event(unit),
        )
        self._by_name_txn(txn).setdefault(name_key(unit.name), unit)
        return unit

    def _by_name_txn(self, txn: Txn) -> dict[str, Unit]:
        """Units by normalised name, built once per transaction (the first of
        look-alike names wins, as `match_name` picks the first)."""
        index: dict[str, Unit] | None = txn.values.get(_BY_NAME)
        if index is None:
            index = {}
            for u in self.core.repos.org.units_txn(txn).values():
                index.setdefault(name_key(u.name), u)
            txn.values[_BY_NAME] = index
        return index
