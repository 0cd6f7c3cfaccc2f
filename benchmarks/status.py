"""`xiaoneng status --json` (completion figures for every unit) at 5,000 staff.

Runs the real command in a fresh process each time. Target: under 1 s.

    uv run python benchmarks/status.py [--reps 7]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from common import LARGE, SMALL, agency, table  # noqa: E402


def once(root: Path) -> tuple[float, int]:
    started = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-m", "xiaoneng", "--data", str(root), "status", "--json"],
        check=True,
        capture_output=True,
        text=True,
    )
    return time.perf_counter() - started, len(json.loads(out.stdout)["units"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=7)
    args = parser.parse_args()
    rows, results = [], {}
    for staff in (SMALL, LARGE):
        root = agency(staff)
        runs = [once(root) for _ in range(args.reps)]
        results[staff] = statistics.median(t for t, _ in runs)
        rows.append((f"{staff} staff", runs[0][1], f"{results[staff] * 1000:.0f} ms"))
    table(rows, ("agency", "units", "status --json (whole command)"))
    print(f"status --json at {LARGE} staff: {results[LARGE]:.2f} s (target < 1 s)")


if __name__ == "__main__":
    main()
