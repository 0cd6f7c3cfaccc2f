"""The export benchmarks run and report their ratio last (numbers are for the report)."""

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
