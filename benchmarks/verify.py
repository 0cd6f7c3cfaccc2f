"""`verify` in full and from its checkpoint, at 30 staff and at N (5,000 by default).

Runs the check in this process on a copy of each agency (so a migration on
first open does not touch the cached one). For each size: the whole ledger
(`verify --full`), a run from the checkpoint the previous clean run left
when nothing changed, and one after a roster change (a new entry, one
people file and one member list changed: what the admin's background check
sees after a day's work). Prints the median of each, then the ratios last:
each mode at N against the same at 30 staff, and the incremental run
against the full one at N.

    uv run python benchmarks/verify.py [--staff 5000] [--reps 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from common import LARGE, SMALL, open_agency, table, working_copy  # noqa: E402

from xiaoneng.services.permissions import SystemActor  # noqa: E402
from xiaoneng.services.roster import new_person  # noqa: E402
from xiaoneng.services.verify import Report  # noqa: E402

ACTOR = SystemActor(id="bench")


def timed(run: Callable[[], Report]) -> float:
    started = time.perf_counter()
    report = run()
    took = time.perf_counter() - started
    if not report.ok:
        raise SystemExit(f"verify found problems: {report.problems[:3]}")
    return took


def measure(staff: int, reps: int) -> tuple[int, dict[str, float]]:
    root = working_copy(staff, "verify")
    core = open_agency(root)
    unit = core.org.units()[-1].name
    runs: dict[str, list[float]] = {"full": [], "unchanged": [], "after a write": []}
    for i in range(reps):
        runs["full"].append(timed(lambda: open_agency(root).verifier.run(full=True)))
        runs["unchanged"].append(timed(lambda: open_agency(root).verifier.run()))
        core.roster.add(ACTOR, new_person(f"V{i:04d}", "校验基准", unit))
        core.store.settle()
        runs["after a write"].append(timed(lambda: open_agency(root).verifier.run()))
    entries = open_agency(root).verifier.run().entries
    return entries, {k: statistics.median(v) for k, v in runs.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--staff", type=int, default=LARGE)
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args()
    figures = {staff: measure(staff, args.reps) for staff in (SMALL, args.staff)}
    rows = [
        (
            f"{staff} staff",
            entries,
            *(f"{f[k] * 1000:.0f} ms" for k in ("full", "unchanged", "after a write")),
            f"{f['full'] / max(entries, 1) * 1e6:.0f} µs",
        )
        for staff, (entries, f) in figures.items()
    ]
    header = ("agency", "entries", "full", "checkpoint, unchanged", "checkpoint, after a write")
    table(rows, (*header, "full per entry"))
    small, large = figures[SMALL][1], figures[args.staff][1]
    ratios = ", ".join(f"{k} {large[k] / small[k]:.2f}" for k in large)
    print(f"incremental/full at {args.staff} staff = {large['after a write'] / large['full']:.2f}")
    print(f"ratios {args.staff}/{SMALL} staff: {ratios}")


if __name__ == "__main__":
    main()
