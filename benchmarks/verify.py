"""`verify` (the whole ledger, every signed and derived record) at 30 and 5,000 staff.

Runs the check in this process on a copy of each agency (so a migration on
first open does not touch the cached one), and reports the median wall time
and the share of it spent per ledger entry. verify reads every file once, so
its cost grows with the data; the figure to watch is the time at 5,000
staff before and after a change.

    uv run python benchmarks/verify.py [--reps 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from common import LARGE, SMALL, open_agency, table, working_copy  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args()
    rows = []
    for staff in (SMALL, LARGE):
        core = open_agency(working_copy(staff, "verify"))
        runs = []
        for _ in range(args.reps):
            started = time.perf_counter()
            report = core.verifier.run()
            runs.append(time.perf_counter() - started)
            assert report.ok, report.problems
        took = statistics.median(runs)
        per = took / max(report.entries, 1) * 1e6
        rows.append((f"{staff} staff", report.entries, f"{took * 1000:.0f} ms", f"{per:.0f} µs"))
    table(rows, ("agency", "entries", "verify", "per entry"))


if __name__ == "__main__":
    main()
