"""The benchmarks run and report their ratios last (numbers are for the report).

In e2e: each starts a benchmark program, and the scale one runs many
processes of its own.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
BENCH = BENCHMARKS / "export_base.py"
LETTERS_BENCH = BENCHMARKS / "export_letters.py"


def test_benchmark_runs_and_prints_the_ratio_last():
    done = subprocess.run(
        [sys.executable, str(BENCH), "--n", "5"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    lines = done.stdout.strip().splitlines()
    assert "same document both ways: yes" in lines
    assert re.fullmatch(r"ratio fresh/prepared = \d+\.\d\d", lines[-1])


def test_letter_benchmark_runs_and_prints_the_ratio_last():
    done = subprocess.run(
        [sys.executable, str(LETTERS_BENCH), "--n", "5"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    lines = done.stdout.strip().splitlines()
    assert "same document both ways: yes" in lines
    assert re.fullmatch(r"ratio fresh/prepared = \d+\.\d\d", lines[-1])


def test_scale_benchmark_runs_and_prints_its_ratios_last():
    """CI runs it at 2,000 staff (.ci/run); here small, so that it cannot rot."""
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / "scale.py"), "--staff", "120", "--reps", "1"],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    lines = done.stdout.strip().splitlines()
    assert re.fullmatch(r"demo growth 120/60 staff = \d+\.\d\d \(linear = 2\.00\)", lines[-3])
    assert re.fullmatch(r"daily zip / full zip at 120 staff = 0\.\d{3}", lines[-2])
    assert re.fullmatch(
        r"ratios 120/30 staff: status \d+\.\d\d, first write \d+\.\d\d, verify \d+\.\d\d",
        lines[-1],
    )


def test_roster_import_benchmark_runs_and_prints_its_growth_last():
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / "roster_import.py"), "--rows", "600"],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    lines = done.stdout.strip().splitlines()
    assert re.fullmatch(r"peak memory at 600 rows = \d+ MB", lines[-2])
    assert re.fullmatch(r"import growth 600/300 rows = \d+\.\d\d \(linear = 2\.00\)", lines[-1])
