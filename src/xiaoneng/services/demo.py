"""The demo agency: invented people in an invented city women's federation
office and its three subordinate units, or a synthetic agency of N staff.

Every name is generated from common surname and given-name characters with a
fixed seed; none is a real person.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from xiaoneng.errors import OperationError
from xiaoneng.services.core import Clock, Core, open_core, system_clock
from xiaoneng.services.permissions import SystemActor
from xiaoneng.services.roster import NewPerson
from xiaoneng.services.setup import init_agency
from xiaoneng.store import Txn
from xiaoneng.store.folder import holds_data, is_empty_dir, wipe_data

DEMO_PIN = "246813"
DEMO_ACTOR = SystemActor(id="demo", name="演示数据")
AGENCY = "市妇联机关"
SUBORDINATE = (
    ("市妇女儿童活动中心", "主任", 6),
    ("振兴幼儿园", "园长", 8),
    ("华侨托儿所", "所长", 5),
)
OFFICE_ROLES = (
    # (position, roles) for the 27 staff of the agency office
    ("主席", ("staff", "leader")),
    ("副主席", ("staff", "leader")),
    ("副主席", ("staff", "leader")),
    ("办公室主任", ("staff", "admin")),
    ("办公室科员", ("staff", "admin")),
    ("办公室科员", ("staff",)),
    ("组织宣传部部长", ("staff", "publicity")),
    ("组织宣传部副部长", ("staff", "publicity")),
    ("组织宣传部科员", ("staff", "publicity")),
    ("组织宣传部科员", ("staff", "publicity")),
    ("权益部部长", ("staff",)),
    ("权益部副部长", ("staff",)),
    ("权益部科员", ("staff",)),
    ("权益部科员", ("staff",)),
    ("家庭和儿童工作部部长", ("staff",)),
    ("家庭和儿童工作部科员", ("staff",)),
    ("家庭和儿童工作部科员", ("staff",)),
    ("发展部部长", ("staff",)),
    ("发展部科员", ("staff",)),
    ("发展部科员", ("staff",)),
    ("联络部部长", ("staff",)),
    ("联络部科员", ("staff",)),
    ("联络部科员", ("staff",)),
    ("财务科科长", ("staff",)),
    ("财务科会计", ("staff",)),
    ("机关党委专职副书记", ("staff",)),
    ("机关党委干事", ("staff",)),
)
# A synthetic agency is built in transactions of at most BATCH items (the
# year's records go a unit an item: services/demo_records.py) and about
# BATCH_FILES record files; the store forgets the record and ledger files
# after each commit, so the build's memory is that of one batch, not of the
# agency (issue 17).
BATCH = 2000
BATCH_FILES = 40
# The roster in fewer, larger batches: a batch of people touches nearly every
# people file (bucketed by a hash of the 工号), so each batch rewrites all of
# them (273 MB written at 50,000 staff in batches of 2,000): its batches are
# ROSTER_FACTOR times BATCH (the memory of a batch is that of the buckets).
ROSTER_FACTOR = 5
T = TypeVar("T")
_END: Any = object()
SURNAMES = "林陈黄张吴王郑刘李杨许蔡何郭周叶谢邱苏庄曾魏卢方高江洪傅徐朱廖翁游柯严范"
GIVEN = "晓文静雅丽婷敏慧秀芳燕华玲佳欣怡颖琳淑梅兰青云海明志建伟强军宏涛斌磊鹏杰辉阳春秋思若"


@dataclass(frozen=True)
class Login:
    role: str
    id: str
    name: str
    pin: str = DEMO_PIN

    def to_dict(self) -> dict[str, Any]:
        return {"role": self.role, "id": self.id, "name": self.name, "pin": self.pin}


class NameMaker:
    """Unique invented names, the same ones on every run."""

    def __init__(self, seed: int = 2024):
        self._rng = random.Random(seed)
        self._used: set[str] = set()

    def __call__(self) -> str:
        for _ in range(1000):
            size = 1 if self._rng.random() < 0.3 else 2
            name = self._rng.choice(SURNAMES) + "".join(self._rng.choices(GIVEN, k=size))
            if name not in self._used:
                self._used.add(name)
                return name
        # Thousands of staff exhaust short names: add a third character.
        name = self._rng.choice(SURNAMES) + "".join(self._rng.choices(GIVEN, k=3))
        self._used.add(name)
        return name


def demo_people() -> list[NewPerson]:
    names = NameMaker()
    people = [
        NewPerson(f"{1001 + i}", names(), AGENCY, pos, roles)
        for i, (pos, roles) in enumerate(OFFICE_ROLES)
    ]
    for u, (unit, head_title, size) in enumerate(SUBORDINATE):
        base = 2001 + 1000 * u
        people.append(NewPerson(str(base), names(), unit, head_title, ("staff", "unit_head")))
        people += [
            NewPerson(
                str(base + k),
                names(),
                unit,
                "教师" if "园" in unit or "所" in unit else "干部",
                ("staff",),
            )
            for k in range(1, size)
        ]
    return people


def synthetic_people(n: int) -> tuple[str, list[NewPerson]]:
    """N staff in units of 20–40 under a few parent bodies (for scale work)."""
    rng = random.Random(n)
    names = NameMaker(seed=n)
    root = "示范市直属机关"
    people: list[NewPerson] = []
    bodies = max(1, n // 600)
    body, unit_no, pid = 0, 0, 100001
    while len(people) < n:
        size = min(rng.randint(20, 40), n - len(people))
        if not people:
            size = min(size, max(10, n // 3))  # leave room for subordinate units
        body_name = f"示范市第{body + 1}局"
        roles: tuple[str, ...]
        unit = root if not people else f"{body_name}第{unit_no + 1}单位"
        for k in range(size):
            if not people:
                roles, pos = ("staff", "admin"), "办公室主任"
            elif k == 0:
                roles, pos = ("staff", "unit_head"), "主要负责人"
            elif k == 1 and unit_no == 0:
                roles, pos = ("staff", "leader"), "局领导"
            else:
                roles, pos = ("staff",), "干部"
            people.append(NewPerson(str(pid), names(), unit, pos, roles))
            pid += 1
        unit_no += 1
        if unit_no * 30 >= n / bodies:
            body, unit_no = body + 1, 0
    return root, people


def logins_of(people: list[NewPerson]) -> list[Login]:
    picked: list[Login] = []
    for role in ("staff", "unit_head", "leader", "admin", "publicity"):
        # A plain staff member for "staff"; the first holder of each other role
        # (a synthetic agency has no 宣传部, so no publicity login).
        match = next(
            (p for p in people if (p.roles == ("staff",) if role == "staff" else role in p.roles)),
            None,
        )
        if match is not None:
            picked.append(Login(role, match.id, match.name))
    return picked


def in_batches(core: Core, items: Iterable[T]) -> Iterator[tuple[Txn, T]]:
    """Each item with the transaction it goes in: a new transaction after BATCH
    items or BATCH_FILES record files, the committed record and ledger files
    dropped from the store's cache after each. Items keep their order, so the
    records and the ledger are the same as in one transaction."""
    pending = iter(items)
    more = True
    while more:
        with core.store.transaction() as txn:
            n = 0
            while True:
                item = next(pending, _END)
                if item is _END:
                    more = False
                    break
                yield txn, item
                n += 1
                if n >= BATCH or (n % 20 == 0 and txn.holds("records/") >= BATCH_FILES):
                    break
        core.repos.forget_records()


def build_demo(
    root: Path,
    *,
    staff: int | None = None,
    force: bool = False,
    clock: Clock = system_clock,
    progress: Callable[[str], None] | None = None,
) -> tuple[Core, list[Login], bool]:
    """Open the demo at `root`, building it when needed. Returns (core, logins, built)."""
    root = Path(root)
    if holds_data(root):
        core = open_core(root, clock=clock)
        info = core.agency()
        if not info.get("demo"):
            raise OperationError(f"{root} 中是正式数据，不是演示数据：演示不会改动它。")
        if not force:
            logins = [Login(**d) for d in info.get("logins", [])]
            return core, logins, False
        wipe_data(root)
    elif root.exists() and not is_empty_dir(root):
        raise OperationError(
            f"{root} 不是空目录，且不是演示数据目录：演示拒绝使用它，未做任何修改。"
        )

    if staff:
        agency, people = synthetic_people(staff)
    else:
        agency, people = AGENCY, demo_people()
    logins = logins_of(people)
    admin = next(p for p in people if "admin" in p.roles)
    say = progress or (lambda _msg: None)
    say("建立机关…")
    core, _ = init_agency(
        root,
        unit_name=agency,
        admin_id=admin.id,
        admin_name=admin.name,
        admin_position=admin.position,
        pin=DEMO_PIN,
        clock=clock,
        demo=True,
        actor=DEMO_ACTOR,
    )
    # The small demo: everyone can sign in. A synthetic agency: only the
    # logins (hashing thousands of PINs would take minutes).
    login_ids = {lg.id for lg in logins}
    pins = {p.id: DEMO_PIN for p in people if p.id != admin.id and (not staff or p.id in login_ids)}
    say(f"录入 {len(people)} 名人员…")
    rest = [p for p in people if p.id != admin.id]
    step = BATCH * ROSTER_FACTOR
    for start in range(0, len(rest), step):
        chunk = rest[start : start + step]
        mine = {p.id: pins[p.id] for p in chunk if p.id in pins}
        core.roster.add_many(DEMO_ACTOR, chunk, pins=mine, create_units=True)
        # The next batch reads the buckets afresh: the cache need not keep a
        # second copy of every bucket with its signed events (17 MB at 10,000).
        core.repos.forget_records()
        core.repos.forget_people()
    with core.store.transaction() as txn:
        info = core.repos.org.agency_txn(txn)
        info["logins"] = [
            {"role": lg.role, "id": lg.id, "name": lg.name, "pin": DEMO_PIN} for lg in logins
        ]
        info["staff"] = len(people)
        core.repos.org.put_agency_txn(txn, info)
        # Demo PINs are published; they need not be changed at first login.
        for p in people:
            if p.id in pins or p.id == admin.id:
                core.repos.people.mark_pin_chosen_txn(txn, p.id)
    from xiaoneng.services.demo_records import DemoRecords

    DemoRecords(core, clock(), say=say).build()
    say("整理汇总…")
    # The files derived from the records (each unit's figures, the register's
    # index, the units that need attention) are made on their first read; here,
    # so that the first command on the demo does not (13 s at 50,000 staff).
    core.status.report()
    core.status.attention(1)
    core.todo.for_person(core.roster.require(admin.id))
    return core, logins, True
