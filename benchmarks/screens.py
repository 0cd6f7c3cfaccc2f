"""Opening screens at N staff vs 30 staff, and the app's memory.

Each measurement runs in a fresh process (so the first read of the data is
counted, as when a person signs in), signs in as the office administrator,
opens the screen through the Pilot and times it: `drawn` until it shows its
first rows (the roster's first page, the register's rows, the home's to-do
list), with the CPU time the process spent meanwhile (`drawn_cpu`, all its
threads: less sensitive to a loaded machine), `filled` until everything it
reads is in (the whole roster; its search keys are made by the first
search typed). Peak memory includes background work the screen starts.
Targets (issue 17): drawn ratio <= 1.5 for the home screen, the roster and
the register; peak memory under 400 MB.

    uv run python benchmarks/screens.py [--reps 5] [--staff 5000] [--large FOLDER]

`--large` measures an existing folder (e.g. a copy of a 50,000-staff demo)
instead of building one; it is opened as a copy would be (opening may write).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from common import LARGE, SMALL, agency, table  # noqa: E402

ROUTES = ("home", "roster", "register")

DRIVER = r"""
import asyncio, json, sys, time
from xiaoneng.services.core import open_core
from xiaoneng.tui.factory import build_app

root, route = sys.argv[1], sys.argv[2]
# (selector, its text while reading): the screen has all its data when it changes.
READING = {
    "home": ("#todo-empty", "正在读取…"),
    "roster": ("#roster-count", "正在读取"),
    "register": ("#register-empty", "正在读取…"),
}


def shown(app, selector, reading):
    found = app.screen.query(selector)
    return bool(found) and reading not in str(found.first().render())


def first_rows(app):
    tables = app.screen.query("DataTable")
    return bool(tables) and tables.first().row_count > 0


async def main():
    core = open_core(root)
    # The administrator, found as a sign-in finds them: a demo names them; else
    # from the member files (which leaves them all parsed, as no sign-in does).
    named = [d["id"] for d in core.agency().get("logins", []) if d.get("role") == "admin"]
    if not named:
        members = core.repos.people.members_by_unit()
        named = [pid for unit in members.values() for pid, roles in unit.items() if "admin" in roles]
    admin = core.roster.get(named[0])
    app = build_app(core)
    selector, reading = READING[route]
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        app.user = admin
        started, cpu0 = time.perf_counter(), time.process_time()
        app.go(route)
        drawn = drawn_cpu = None
        while True:
            await asyncio.sleep(0.002)
            done = shown(app, selector, reading)
            if drawn is None and (done or (route == "roster" and first_rows(app))):
                await pilot.pause()
                drawn = time.perf_counter() - started
                drawn_cpu = time.process_time() - cpu0  # every thread of the process
            if done:
                break
        await app.workers.wait_for_complete()  # the whole roster too
        await pilot.pause()
        filled = time.perf_counter() - started
        filled_cpu = time.process_time() - cpu0
    # Peak resident memory of this process (VmHWM: ru_maxrss would include
    # the parent's peak, inherited across fork).
    with open("/proc/self/status") as fh:
        rss = next(int(line.split()[1]) for line in fh if line.startswith("VmHWM"))
    print(json.dumps({"drawn": drawn, "drawn_cpu": drawn_cpu, "filled": filled, "filled_cpu": filled_cpu, "rss_kb": rss}))

asyncio.run(main())
"""


def measure(root: Path, route: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", DRIVER, str(root), route], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--staff", type=int, default=LARGE, help="the larger agency's size")
    parser.add_argument("--large", type=Path, help="an existing folder as the larger agency")
    parser.add_argument("--routes", default=",".join(ROUTES), help="comma-separated screens")
    args = parser.parse_args()
    routes = [r for r in args.routes.split(",") if r]
    large = args.large or agency(args.staff)
    label = f"@{large.name}" if args.large else f"@{args.staff}"
    roots = {"small": agency(SMALL), "large": large}
    results: dict[tuple[str, str], list[dict]] = {}
    for _ in range(args.reps):  # interleaved, so machine noise hits both alike
        for route in routes:
            for size, root in roots.items():
                results.setdefault((route, size), []).append(measure(root, route))
    rows, ratios = [], []
    for route in routes:
        for what in ("drawn", "drawn_cpu", "filled", "filled_cpu"):
            small = statistics.median(r[what] for r in results[(route, "small")]) * 1000
            big = statistics.median(r[what] for r in results[(route, "large")]) * 1000
            rows.append(
                (f"{route} {what}", f"{small:.0f} ms", f"{big:.0f} ms", f"{big / small:.2f}")
            )
            if what == "drawn":
                ratios.append(f"{route} {big / small:.2f}")
    mem = {
        size: max(r["rss_kb"] for (_route, s), v in results.items() if s == size for r in v) / 1024
        for size in roots
    }
    rows.append(
        (
            "peak memory",
            f"{mem['small']:.0f} MB",
            f"{mem['large']:.0f} MB",
            f"{mem['large'] / mem['small']:.2f}",
        )
    )
    table(rows, ("measure", f"@{SMALL}", label, "ratio"))
    print(
        f"drawn ratios ({label} / @{SMALL}): {', '.join(ratios)} (target <= 1.5); "
        f"peak memory {mem['large']:.0f} MB (target < 400 MB)"
    )


if __name__ == "__main__":
    main()
