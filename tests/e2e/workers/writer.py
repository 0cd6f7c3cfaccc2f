"""A writer process for the multi-process and crash tests.

Adds people one transaction at a time and prints each 工号 only after its
commit returned: a printed id is an acknowledged write.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from xiaoneng.services.core import open_core
from xiaoneng.services.permissions import SystemActor
from xiaoneng.services.roster import NewPerson


def main() -> None:
    root, prefix, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    with_pin = len(sys.argv) > 4 and sys.argv[4] == "pin"
    core = open_core(root)
    actor = SystemActor(id=f"writer-{prefix}")
    for i in range(count):
        pid = f"{prefix}{i:05d}"
        person = NewPerson(pid, f"测试{prefix}{i}", "测试机关")
        if with_pin:
            core.roster.add(actor, person)
        else:
            core.roster.add_many(actor, [person])
        os.write(1, f"{pid}\n".encode())  # one write: a kill never splits it


if __name__ == "__main__":
    main()
