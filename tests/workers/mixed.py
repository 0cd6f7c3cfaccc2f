"""A worker that mixes sign-offs on a shared data folder, for the fault tests.

Usage: mixed.py DATA WORKER_INDEX WORKERS ROUNDS
Each acknowledged action is printed as one line "kind key" only after the
service call returned, so the parent knows exactly what must have survived.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from xiaoneng.errors import XiaonengError
from xiaoneng.model.records import ItemResult
from xiaoneng.services.core import open_core
from xiaoneng.services.permissions import SystemActor
from xiaoneng.services.roster import NewPerson

PIN = "246813"  # the demo PIN


def main() -> None:
    root, index, workers, rounds = (
        Path(sys.argv[1]),
        int(sys.argv[2]),
        int(sys.argv[3]),
        int(sys.argv[4]),
    )
    core = open_core(root)
    rng = random.Random(index)
    admin = SystemActor(id=f"worker-{index}")
    people = [p for n, p in enumerate(core.roster.people()) if n % workers == index and p.pin_hash]
    activity = next(a for a in core.checks.activities() if a.title == "故障测试")
    session = next(s for s in core.sessions.sessions() if s.title == "故障测试学习")
    template = core.checks.template(activity.template)
    year = core.today().year + 1
    for n in range(rounds):
        op = rng.choice(("roster", "check", "letter", "signin"))
        try:
            if op == "roster":
                pid = f"W{index}R{n:04d}"
                core.roster.add_many(admin, [NewPerson(pid, f"压测{index}-{n}", "市妇联机关")])
                print("roster", pid, flush=True)
            elif op == "check" and people:
                p = people.pop(rng.randrange(len(people)))
                results = {i.id: ItemResult(i.id, "ok") for _g, i in template.items_for("self")}
                record, _ = core.checks.submit(p, activity.id, "self", p.id, PIN, results, {})
                print("check", record.unit, record.id, flush=True)
            elif op == "letter" and people:
                p = rng.choice(people)
                letter, _ = core.letters.sign(p, "letter-efficiency", PIN, year=year)
                print("letter", letter.unit, letter.id, flush=True)
            elif op == "signin" and people:
                p = rng.choice(people)
                signin, _ = core.sessions.record(admin, session.id, p.id, "leave", "压力测试请假")
                print("signin", p.unit, f"{signin.session}:{signin.person}", flush=True)
        except XiaonengError:
            continue  # e.g. already signed by an earlier round: refused, nothing to check


if __name__ == "__main__":
    main()
