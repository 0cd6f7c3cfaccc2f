"""Opening screens at 5,000 staff vs 30 staff, and the app's memory.

Each measurement runs in a fresh process (so the first read of the data is
counted, as when a person signs in), signs in as the office administrator,
opens the screen through the Pilot and times it until its data is shown.
Peak memory includes background work the screen starts (the admin's ledger
check at login).
Targets: time ratio <= 1.5 for the home screen and the rectification ledger;
peak memory ratio <= 2.

    uv run python benchmarks/screens.py [--reps 7]
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

DRIVER = r"""
import asyncio, json, sys, time
from xiaoneng.services.core import open_core
from xiaoneng.tui.factory import build_app

root, route = sys.argv[1], sys.argv[2]

async def main():
    core = open_core(root)
    admin = next(p for p in core.roster.people() if p.is_admin)
    app = build_app(core)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        app.user = admin
        started = time.perf_counter()
        app.go(route)
        # The screen has its data when its "正在读取…" placeholder changes.
        placeholder = {"home": "#todo-empty", "ledger": "#ledger-empty"}[route]
        while True:
            await asyncio.sleep(0.002)
            found = app.screen.query(placeholder)
            if found and str(found.first().render()) != "正在读取…":
                break
        await pilot.pause()
        took = time.perf_counter() - started
        await app.workers.wait_for_complete()  # background work (e.g. the ledger check) too
        await pilot.pause()
    # Peak resident memory of this process (VmHWM: ru_maxrss would include
    # the parent's peak, inherited across fork).
    with open("/proc/self/status") as fh:
        rss = next(int(line.split()[1]) for line in fh if line.startswith("VmHWM"))
    print(json.dumps({"seconds": took, "rss_kb": rss}))

asyncio.run(main())
"""


def measure(root: Path, route: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", DRIVER, str(root), route], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=7)
    args = parser.parse_args()
    roots = {SMALL: agency(SMALL), LARGE: agency(LARGE)}
    results: dict[tuple[str, int], list[dict]] = {}
    for _ in range(args.reps):
        for route in ("home", "register"):
            for staff, root in roots.items():
                results.setdefault((route, staff), []).append(measure(root, route))
    rows, ratios = [], []
    for route in ("home", "register"):
        small = statistics.median(r["seconds"] for r in results[(route, SMALL)]) * 1000
        large = statistics.median(r["seconds"] for r in results[(route, LARGE)]) * 1000
        rows.append((f"open {route}", f"{small:.0f} ms", f"{large:.0f} ms", f"{large / small:.2f}"))
        ratios.append(f"{route} {large / small:.2f}")
    mem_small = max(r["rss_kb"] for k, v in results.items() if k[1] == SMALL for r in v) / 1024
    mem_large = max(r["rss_kb"] for k, v in results.items() if k[1] == LARGE for r in v) / 1024
    rows.append(
        (
            "peak memory",
            f"{mem_small:.0f} MB",
            f"{mem_large:.0f} MB",
            f"{mem_large / mem_small:.2f}",
        )
    )
    table(rows, ("measure", f"@{SMALL}", f"@{LARGE}", "ratio"))
    print(
        f"ratios (5000/30): {', '.join(ratios)} (target <= 1.5); "
        f"memory {mem_large / mem_small:.2f} (target <= 2)"
    )


if __name__ == "__main__":
    main()
