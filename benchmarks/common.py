"""Shared set-up for the benchmarks: synthetic agencies of two sizes, built
once into a cache folder, and a timing helper that interleaves the sizes so
machine noise hits both alike."""

from __future__ import annotations

import os
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from xiaoneng.services.core import Core, open_core
from xiaoneng.services.demo import build_demo

CACHE = Path(os.environ.get("XIAONENG_BENCH_CACHE", Path(tempfile.gettempdir()) / "xiaoneng-bench"))
SMALL, LARGE = 30, 5000


def agency(staff: int, *, fresh: bool = False) -> Path:
    """A synthetic agency with a year of records (built once, then reused)."""
    root = CACHE / f"staff-{staff}"
    if fresh and root.exists():
        shutil.rmtree(root)
    if not (root / "xiaoneng.json").exists():
        started = time.perf_counter()
        build_demo(root, staff=staff)
        print(f"built {staff} staff in {time.perf_counter() - started:.1f} s -> {root}")
    return root


def working_copy(staff: int, name: str) -> Path:
    """A scratch copy of an agency that a benchmark may write to."""
    src = agency(staff)
    dst = CACHE / f"{name}-{staff}"
    if dst.exists():
        shutil.rmtree(dst)
    shutil.copytree(src, dst)
    return dst


def open_agency(root: Path) -> Core:
    return open_core(root)


def interleaved(
    ops: dict[str, Callable[[int], None]], reps: int, warmup: int = 2
) -> dict[str, list[float]]:
    """Run each op `reps` times, alternating between them; seconds per run."""
    times: dict[str, list[float]] = {k: [] for k in ops}
    for i in range(warmup + reps):
        for name, op in ops.items():
            started = time.perf_counter()
            op(i)
            took = time.perf_counter() - started
            if i >= warmup:
                times[name].append(took)
    return times


def median_ms(values: list[float]) -> float:
    return statistics.median(values) * 1000


def table(rows: list[tuple], header: tuple) -> None:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    for r in [header, *rows]:
        print("  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)))
