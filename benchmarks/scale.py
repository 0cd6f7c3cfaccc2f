"""How the agency's size changes the cost of the everyday operations (issue 17).

Builds fresh demo agencies of 30, N/2 and N staff in one run on this machine
and prints ratios against the 30-staff one, so machine noise and speed cancel:

- the demo build (the roster import and a year of records): time per person,
  and N against N/2 (linear growth is 2.0);
- `status` (figures for every unit), in a fresh process's core;
- the first write of a day (a roster add): when the writer gets its answer,
  and when the daily backup behind it is done;
- the daily backup's size: incremental against a full zip;
- `verify` of the whole ledger.

CI runs it at 2,000 staff (`.ci/run`); the issue's goals are stated at 50,000:

    uv run python benchmarks/scale.py [--staff 2000] [--reps 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from common import SMALL, table  # noqa: E402

from xiaoneng.services.core import open_core  # noqa: E402
from xiaoneng.services.demo import build_demo  # noqa: E402
from xiaoneng.services.permissions import SystemActor  # noqa: E402
from xiaoneng.services.roster import new_person  # noqa: E402
from xiaoneng.store import backup  # noqa: E402

ACTOR = SystemActor(id="bench")


def timed(op: Callable[[], object]) -> float:
    started = time.perf_counter()
    op()
    return time.perf_counter() - started


def build(root: Path, staff: int) -> float:
    return timed(lambda: build_demo(root, staff=staff))


def status(root: Path, reps: int) -> float:
    return statistics.median(timed(lambda: open_core(root).status.report()) for _ in range(reps))


def first_writes(root: Path, reps: int) -> tuple[float, float, int, int]:
    """(answer, backup done) medians in seconds over `reps` new days, and the
    sizes of the first daily zip (full, no base) and of the last (incremental)."""
    answers, done = [], []
    start = dt.datetime.now().astimezone().replace(hour=9, minute=0) + dt.timedelta(days=1)
    shutil.rmtree(backup.backup_dir(root), ignore_errors=True)
    sizes = []
    for day in range(reps + 1):
        now = start + dt.timedelta(days=day)
        core = open_core(root, clock=lambda now=now: now)
        unit = core.org.units()[-1].name
        began = time.perf_counter()
        core.roster.add(ACTOR, new_person(f"B{day:03d}", "基准人员", unit))
        answered = time.perf_counter() - began
        core.store.settle()
        finished = time.perf_counter() - began
        sizes.append(backup.newest_backup(root).stat().st_size)  # type: ignore[union-attr]
        if day:  # the first day writes the full zip every chain starts from
            answers.append(answered)
            done.append(finished)
    return statistics.median(answers), statistics.median(done), sizes[0], sizes[-1]


def verify(root: Path) -> float:
    core = open_core(root)
    started = time.perf_counter()
    report = core.verifier.run()
    took = time.perf_counter() - started
    if not report.ok:
        raise SystemExit(f"verify found problems in the demo: {report.problems[:3]}")
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--staff", type=int, default=2000)
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args()
    big, half = args.staff, args.staff // 2
    work = Path(tempfile.mkdtemp(prefix="xiaoneng-scale-"))
    try:
        figures: dict[int, dict[str, float]] = {}
        for staff in (SMALL, half, big):
            root = work / f"staff-{staff}"
            f = figures[staff] = {"build": build(root, staff)}
            if staff == half:
                continue
            f["status"] = status(root, args.reps)
            f["verify"] = verify(root)
            f["write"], f["backup"], f["full"], f["daily"] = first_writes(root, args.reps)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    small, large = figures[SMALL], figures[big]
    rows = [
        (
            f"{staff} staff",
            f"{f['build']:.1f} s",
            f"{f['build'] / staff * 1000:.1f} ms",
            *(
                (
                    f"{f['status'] * 1000:.0f} ms",
                    f"{f['write'] * 1000:.0f} ms",
                    f"{f['backup'] * 1000:.0f} ms",
                    f"{f['full'] / 1024:.0f} / {f['daily'] / 1024:.0f} KB",
                    f"{f['verify'] * 1000:.0f} ms",
                )
                if "status" in f
                else ("", "", "", "", "")
            ),
        )
        for staff, f in figures.items()
    ]
    header = ("agency", "demo", "per person", "status", "1st write", "+backup", "full/daily zip")
    table(rows, (*header, "verify"))
    print(f"demo growth {big}/{half} staff = {figures[big]['build'] / figures[half]['build']:.2f}"
          " (linear = 2.00)")  # fmt: skip
    print(f"daily zip / full zip at {big} staff = {large['daily'] / large['full']:.3f}")
    ratios = ", ".join(
        f"{name} {large[key] / small[key]:.2f}"
        for name, key in (("status", "status"), ("first write", "write"), ("verify", "verify"))
    )
    print(f"ratios {big}/{SMALL} staff: {ratios}")


if __name__ == "__main__":
    main()
