"""`xiaoneng status --json` and the admin's home at a large agency against 30 staff.

Each measurement runs in a fresh process (the first read of the data is
counted, as when someone runs the command or signs in), alternating between
the two agencies so that machine noise hits both alike, and prints the ratios
large/30 (issue 17: at most 1.5, and each under 1 s) with peak memory (under
400 MB). The home is the office administrator's, timed through the Pilot
until its figures are shown (benchmarks/screens.py).

    uv run python benchmarks/status.py [--reps 5] [--large DIR]

--large names an existing data folder (a copy of a 50,000-staff demo, say:
the first read may write to it, building the status figures) instead of the
cached 5,000-staff agency.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from common import LARGE, SMALL, agency, table  # noqa: E402
from screens import measure  # noqa: E402


def status_once(root: Path) -> dict:
    """One `status --json` in a new process: seconds, peak memory, staff counted."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-m", "xiaoneng", "--data", str(root), "status", "--json"],
            stdout=out,
            stderr=err,
        )
        _pid, status, usage = os.wait4(proc.pid, 0)  # this child's own peak memory
        took = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode:
            err.seek(0)
            raise SystemExit(f"status failed on {root}: {err.read().decode()[-500:]}")
        out.seek(0)
        units = json.load(out)["units"]
    staff = sum(u["headcount"] for u in units)
    cpu = usage.ru_utime + usage.ru_stime
    return {
        "seconds": took,
        "cpu": cpu,
        "rss_kb": usage.ru_maxrss,
        "staff": staff,
        "units": len(units),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--large", type=Path, help="an existing data folder to compare with 30")
    args = parser.parse_args()
    roots = {"small": agency(SMALL), "large": args.large or agency(LARGE)}
    for root in roots.values():  # untimed: builds the figures where missing
        status_once(root)
    runs: dict[tuple[str, str], list[dict]] = {}
    for _ in range(args.reps):
        for size, root in roots.items():
            runs.setdefault(("status", size), []).append(status_once(root))
            home = measure(root, "home")  # drawn: until the to-do list is shown
            home = {**home, "seconds": home["drawn"], "cpu": home["drawn_cpu"]}
            runs.setdefault(("home", size), []).append(home)

    def median(what: str, size: str, field: str = "seconds") -> float:
        return statistics.median(r[field] for r in runs[(what, size)])

    def peak(what: str, size: str) -> float:
        return max(r["rss_kb"] for r in runs[(what, size)]) / 1024

    staff = {s: runs[("status", s)][0]["staff"] for s in roots}
    units = {s: runs[("status", s)][0]["units"] for s in roots}
    rows = []
    for what, label in (("status", "status --json"), ("home", "admin home drawn")):
        small, large = median(what, "small"), median(what, "large")
        rows.append(
            (label, f"{small * 1000:.0f} ms", f"{large * 1000:.0f} ms", f"{large / small:.2f}")
        )
        small, large = median(what, "small", "cpu"), median(what, "large", "cpu")
        rows.append(
            ("  CPU", f"{small * 1000:.0f} ms", f"{large * 1000:.0f} ms", f"{large / small:.2f}")
        )
        rows.append(
            (
                "  peak memory",
                f"{peak(what, 'small'):.0f} MB",
                f"{peak(what, 'large'):.0f} MB",
                f"{peak(what, 'large') / peak(what, 'small'):.2f}",
            )
        )
    header = f"{staff['large']} staff, {units['large']} units"
    table(rows, ("measure", f"{staff['small']} staff", header, "ratio"))
    big, n = staff["large"], staff["small"]
    print(
        f"at {big} staff: status {median('status', 'large'):.2f} s, "
        f"{peak('status', 'large'):.0f} MB; admin home {median('home', 'large'):.2f} s "
        "(targets < 1 s, < 400 MB)"
    )
    print(
        f"ratios {big}/{n} staff: status {median('status', 'large') / median('status', 'small'):.2f}, "
        f"admin home {median('home', 'large') / median('home', 'small'):.2f} (target <= 1.5)"
    )


if __name__ == "__main__":
    main()
