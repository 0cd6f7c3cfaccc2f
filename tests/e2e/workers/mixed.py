"""A worker that mixes sign-offs on a shared data folder, for the fault tests.

Usage: mixed.py DATA WORKER_INDEX WORKERS ROUNDS
Each acknowledged action is printed as one line "kind key" only after the
service call returned, so the parent knows exactly what must have survived.
"""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path

from xiaoneng.errors import XiaonengError
from xiaoneng.model.records import ItemResult
from xiaoneng.services.core import open_core
from xiaoneng.services.permissions import SystemActor
from xiaoneng.services.roster import NewPerson

PIN = "246813"  # the demo PIN


def ack(*fields: str) -> None:
    # One write(2) per line: a kill can never leave half an acknowledgement.
    os.write(1, (" ".join(fields) + "\n").encode("utf-8"))


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
    activity = next(a for a in core.activities.of_year() if a.title == "故障测试")
    session = next(s for s in core.sessions.sessions() if s.title == "故障测试学习")
    template = core.activities.template(activity.template)
    year = core.today().year + 1
    for n in range(rounds):
        op = rng.choice(("roster", "check", "letter", "signin"))
        try:
            if op == "roster":
                pid = f"W{index}R{n:04d}"
                core.roster.add_many(admin, [NewPerson(pid, f"压测{index}-{n}", "市妇联机关")])
                ack("roster", pid)
            elif op == "check" and people:
                p = people.pop(rng.randrange(len(people)))
                results = {i.id: ItemResult(i.id, "ok") for _g, i in template.items_for("self")}
                record, _ = core.checks.submit(p, activity.id, "self", p.id, PIN, results, {})
                ack("check", record.unit, record.id)
            elif op == "letter" and people:
                p = rng.choice(people)
                letter, _ = core.letters.sign_letter(p, "letter-efficiency", PIN, year=year)
                ack("letter", letter.unit, letter.id)
            elif op == "signin" and people:
                p = rng.choice(people)
                signin, _ = core.sessions.record(admin, session.id, p.id, "leave", "压力测试请假")
                ack("signin", p.unit, f"{signin.session}:{signin.person}")
        except XiaonengError:
            continue  # e.g. already signed by an earlier round: refused, nothing to check


if __name__ == "__main__":
    main()
