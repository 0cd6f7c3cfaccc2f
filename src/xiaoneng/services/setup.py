"""Setting up a data folder: a new agency (`init`) or the demo's empty shell."""

from __future__ import annotations

from pathlib import Path

from xiaoneng.errors import OperationError
from xiaoneng.services.core import Clock, Core, system_clock
from xiaoneng.services.permissions import Actor, cli_actor
from xiaoneng.services.pins import random_pin, require_strong
from xiaoneng.services.roster import new_person
from xiaoneng.services.text import clean_field
from xiaoneng.store import Store, backup, schema
from xiaoneng.store.folder import create_folder, holds_data, is_empty_dir, write_secret


def init_agency(
    root: Path,
    *,
    unit_name: str,
    admin_id: str,
    admin_name: str,
    admin_position: str = "办公室",
    pin: str | None = None,
    clock: Clock = system_clock,
    demo: bool = False,
    actor: Actor | None = None,
) -> tuple[Core, str]:
    """Create the data folder: the agency's top unit and its first admin.

    Returns the core and the admin's PIN (the given one, or a random initial
    PIN that must be changed at first login).
    """
    root = Path(root)
    unit_name = clean_field(unit_name, "机关名称", max_len=60)
    admin = new_person(admin_id, admin_name, unit_name, admin_position, ("staff", "admin"))
    if pin is not None:
        require_strong(pin)
    if holds_data(root):
        raise OperationError(f"数据目录 {root} 已经初始化，未做任何修改。")
    if root.exists() and not is_empty_dir(root):
        raise OperationError(f"数据目录 {root} 不是空目录，且不是 xiaoneng 的数据：未做任何修改。")
    create_folder(root)
    write_secret(root)
    store = Store(root)
    store.newest_backup = lambda: backup.newest_backup(root)
    core = Core(store, clock=clock)
    now = clock()
    with store.transaction() as txn:
        schema.stamp_txn(txn, now)
        core.repos.people.start_list_txn(txn)
        unit = core.org.create_txn(txn, unit_name, parent=None, actor=admin.id)
        core.repos.org.put_agency_txn(
            txn,
            {
                "id": schema.new_agency_id(),
                "name": unit_name,
                "unit": unit.id,
                "created": now.isoformat(timespec="seconds"),
                "demo": demo,
            },
        )
    chosen = pin or random_pin()
    core.roster.add(actor or cli_actor(), admin, pin=chosen, initial=pin is None)
    return core, chosen
