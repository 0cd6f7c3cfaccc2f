"""One write at 5,000 staff vs 30 staff: roster add, submit a check, sign a letter.

Measures the write itself (validation, the locked transaction, the ledger
entry, the summary) without the PIN hash, which costs the same ~30 ms at any
size and would only hide the storage cost. Target: each ratio <= 1.3.

    uv run python benchmarks/writes.py [--reps 25]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from common import LARGE, SMALL, interleaved, median_ms, open_agency, table, working_copy  # noqa: E402

from xiaoneng.model.records import ItemResult  # noqa: E402
from xiaoneng.services.check_tasks import CheckTask  # noqa: E402
from xiaoneng.services.demo import DEMO_ACTOR  # noqa: E402
from xiaoneng.services.roster import new_person  # noqa: E402

BENCH_LETTER = """\
id = "bench-letter"
kind = "commitment"
title = "基准测试承诺书"
version = "1"
signer_role = "staff"
scope = "person"

[source]
name = "福建省机关效能建设工作条例"
issuer = "福建省人民代表大会常务委员会"
revised = 2024-03-27
effective = 2024-05-01

[letter]
title = "{year}年度基准测试承诺书"
preamble = "{unit}{signer}承诺："
clauses = ["遵守制度。", "按时办结。"]
term = "{year}年度有效。"
"""


class Setup:
    """One agency ready for repeated writes by different people."""

    def __init__(self, staff: int):
        root = working_copy(staff, "writes")
        (root / "checklists").mkdir(exist_ok=True)
        (root / "checklists" / "bench-letter.toml").write_text(BENCH_LETTER, encoding="utf-8")
        self.core = core = open_agency(root)
        far = core.today() + dt.timedelta(days=90)
        self.activity = core.activities.create(
            DEMO_ACTOR, title="基准测试", template="sancha-check", deadlines={"self": far}
        )
        self.template = core.activities.template("sancha-check")
        self.letter = core.letters.template("bench-letter")
        people = core.roster.people()
        step = max(1, len(people) // 40)
        self.people = people[::step]  # spread over the units
        self.results = {i.id: ItemResult(i.id, "ok") for _g, i in self.template.items_for("self")}
        self.staff = staff

    def roster_add(self, i: int) -> None:
        person = new_person(f"B{self.staff}-{i:04d}", f"基准{i}", self.core.agency()["name"])
        self.core.roster.add_many(DEMO_ACTOR, [person])

    def submit_check(self, i: int) -> None:
        p = self.people[i % len(self.people)]
        task = CheckTask(self.activity, "self", p.id, p.id, p.unit, p.name, False)
        prepared = self.core.checks.prepare(task, self.results, {})
        with self.core.store.transaction() as txn:
            self.core.checks.submit_txn(txn, task, prepared)

    def sign_letter(self, i: int) -> None:
        p = self.people[i % len(self.people)]
        with self.core.store.transaction() as txn:
            self.core.letters.sign_letter_txn(txn, p, self.letter, self.core.today().year)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=25)
    args = parser.parse_args()
    small, large = Setup(SMALL), Setup(LARGE)
    reps = min(args.reps, len(small.people) - 2)
    ops = {}
    for name in ("roster_add", "submit_check", "sign_letter"):
        ops[f"{name}@{SMALL}"] = getattr(small, name)
        ops[f"{name}@{LARGE}"] = getattr(large, name)
    times = interleaved(ops, reps)
    rows, ratios = [], []
    for name in ("roster_add", "submit_check", "sign_letter"):
        a, b = median_ms(times[f"{name}@{SMALL}"]), median_ms(times[f"{name}@{LARGE}"])
        rows.append((name, f"{a:.1f}", f"{b:.1f}", f"{b / a:.2f}"))
        ratios.append(f"{name} {b / a:.2f}")
    table(rows, ("write", f"ms @{SMALL}", f"ms @{LARGE}", "ratio"))
    print("ratios (5000/30, target <= 1.3): " + ", ".join(ratios))


if __name__ == "__main__":
    main()
