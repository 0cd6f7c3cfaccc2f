"""A large `xiaoneng roster import`: CPU and peak memory of the real command at
N/2 and N rows, in one run, each into a fresh copy of a 30-staff demo.

The roster is generated (tests/helpers/rosters.py: 50 people a new unit, so
the import creates units with --create-units; no PINs, whose scrypt would
dominate). The import commits in batches (services/roster_batches.py); the
figures to watch are the growth N against N/2 (linear = 2.00) and the peak
resident memory at N, which should stay well under 400 MB at 50,000:

    uv run python benchmarks/roster_import.py [--rows 20000]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from helpers.rosters import big_roster  # noqa: E402


def _xiaoneng(*args: str) -> tuple[float, float]:
    """(CPU seconds user+sys, peak MB) of one `xiaoneng` process; fails loudly."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.pop("XIAONENG_DATA", None)
    cmd = [sys.executable, "-m", "xiaoneng", *args]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    assert proc.stderr is not None
    err = proc.stderr.read().decode("utf-8", "replace")
    _pid, status, usage = os.wait4(proc.pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise SystemExit(f"{' '.join(args[:4])} exited {code}: {err[-2000:]}")
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=20_000)
    rows = parser.parse_args().rows
    with tempfile.TemporaryDirectory(prefix="xiaoneng-import-") as tmp:
        base = Path(tmp) / "demo30"
        _xiaoneng("--data", str(base), "demo", "--no-tui", "--staff", "30")
        results = {}
        for n in (rows // 2, rows):
            roster = big_roster(Path(tmp) / f"r{n}.xlsx", n)
            data = Path(tmp) / f"data{n}"
            shutil.copytree(base, data)
            cpu, mb = _xiaoneng(
                "--data", str(data), "roster", "import", str(roster), "--create-units"
            )
            results[n] = (cpu, mb)
            print(f"import {n} rows: {cpu:.2f} s CPU, peak {mb:.0f} MB")
            shutil.rmtree(data)
        small, large = results[rows // 2][0], results[rows][0]
        print(f"peak memory at {rows} rows = {results[rows][1]:.0f} MB")
        print(f"import growth {rows}/{rows // 2} rows = {large / small:.2f} (linear = 2.00)")


if __name__ == "__main__":
    main()
