"""A unit's records for a year, and the small summary derived from them.

Everything a unit does in a year lives in one partition file
(`records/<year>/units/<unit>.json`), so a write costs the same at 30 staff as
at 5,000. Screens that need every unit at once (status, the leaders' home,
the register) read the summaries instead: a few hundred bytes a unit.

Keeping the summaries true is a step of this repository: `open_txn` hands out
a unit's file for writing and schedules `refresh_summaries_txn`, which
recomputes the summary of every unit file opened in the transaction just
before it commits, so a summary never disagrees with its file.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from xiaoneng.store import layout
from xiaoneng.store.repos.common import Ref
from xiaoneng.store.store import Store
from xiaoneng.store.txn import Txn

SIGNINS = "signins"
ATTEMPTS = "attempts"
ATTEMPT_RESETS = "attempt_resets"
COMPLETIONS = "completions"
ASSIGNMENTS = "assignments"
DRAFTS = "drafts"
CHECKS = "checks"
FINDINGS = "findings"
FINDING_EVENTS = "finding_events"
LETTERS = "letters"
SUMMARY = "summary"
_OPEN = "units.open"  # txn.values key: the (year, unit) files opened for writing

Doc = dict[str, Any]
Tables = Mapping[str, dict[str, Doc]]


def unit_part(year: int, unit: str) -> str:
    return f"{layout.RECORDS_DIR}/{int(year)}/units/{unit}.json"


def summary_part(year: int, unit: str) -> str:
    return f"{layout.RECORDS_DIR}/{int(year)}/summary/{unit}.json"


class UnitFile:
    """One unit's year file, open for writing in a transaction."""

    def __init__(self, txn: Txn, year: int, unit: str):
        self.txn, self.year, self.unit = txn, int(year), unit
        self.part = unit_part(year, unit)

    def ref(self, table: str, key: str) -> Ref:
        return Ref(self.part, table, key)

    def table(self, table: str) -> dict[str, Doc]:
        return self.txn.all(self.part, table)

    def get(self, table: str, key: str) -> Doc | None:
        return self.txn.get(self.part, table, key)

    def exists(self, table: str, key: str) -> bool:
        return self.txn.exists(self.part, table, key)

    def put(self, table: str, key: str, doc: Mapping[str, Any]) -> None:
        self.txn.put(self.part, table, key, doc)

    def put_many(self, table: str, docs: Mapping[str, Mapping[str, Any]]) -> None:
        self.txn.put_many(self.part, table, docs)

    def update(self, table: str, key: str, fields: Mapping[str, Any]) -> None:
        self.txn.update(self.part, table, key, fields)

    def delete(self, table: str, keys: Iterable[str]) -> None:
        self.txn.delete(self.part, table, keys)

    def tables(self) -> Tables:
        """Every table of the file as staged in this transaction (read-only)."""
        data: Tables = self.txn.data(self.part)
        return data


class UnitRecords:
    """Reading the unit files and their summaries; opening a unit file to write."""

    def __init__(self, store: Store):
        self.store = store

    def tables(self, year: int, unit: str, *, cache: bool = True) -> Tables:
        """The unit's tables that year (shared with the store's cache: read-only)."""
        data: Tables = self.store.read_part(unit_part(year, unit), cache=cache)
        return data

    def table(self, year: int, unit: str, table: str) -> dict[str, Doc]:
        return self.tables(year, unit).get(table, {})

    def summary(self, year: int, unit: str) -> Doc:
        return self.store.get(summary_part(year, unit), SUMMARY, SUMMARY) or {}

    def years(self) -> list[int]:
        """The years that have records, oldest first."""
        return sorted(int(y) for y in self.store.list_dirs(layout.RECORDS_DIR) if y.isdigit())

    def summaries(self, year: int) -> dict[str, Doc]:
        """unit id -> summary, for every unit with records that year."""
        out = {}
        for part in self.store.list_parts(f"{layout.RECORDS_DIR}/{int(year)}/summary"):
            doc = self.store.get(part, SUMMARY, SUMMARY)
            if doc:
                out[doc["unit"]] = doc
        return out

    # -- writing ---------------------------------------------------------------

    def open_txn(self, txn: Txn, year: int, unit: str) -> UnitFile:
        """The unit's file to write in `txn`; its summary is refreshed at commit."""
        opened: set[tuple[int, str]] = txn.values.setdefault(_OPEN, set())
        if not opened:
            txn.before_commit(refresh_summaries_txn)
        opened.add((int(year), unit))
        return UnitFile(txn, year, unit)


def refresh_summaries_txn(txn: Txn) -> None:
    """Recompute the summary of every unit file opened for writing in `txn`."""
    for year, unit in sorted(txn.values.get(_OPEN, ())):
        tables = txn.data(unit_part(year, unit))
        txn.put(summary_part(year, unit), SUMMARY, SUMMARY, summarize(year, unit, tables))


def finding_row(f: Doc) -> Doc:
    """The few fields of a finding that lists and counts need."""
    return {
        "id": f["id"],
        "unit": f["unit"],
        "year": f["year"],
        "state": f["state"],
        "deadline": f["deadline"],
        "responsible": f["responsible"],
        "reviewer": f["reviewer"],
        "responsible_name": f.get("responsible_name", ""),
        "reviewer_name": f.get("reviewer_name", ""),
        "found_by": f["found_by"],
        "source": f["source"],
        "category": f["category"],
        "problem": f["problem"][:80],
        "found_at": f["found_at"],
    }


def summarize(year: int, unit: str, tables: Tables) -> Doc:
    """The summary of one unit file: who completed, signed in, checked, signed what."""
    completions: dict[str, dict[str, str]] = {}
    for c in tables.get(COMPLETIONS, {}).values():
        completions.setdefault(c["module"]["id"], {})[c["person"]] = c["module"]["version"]
    signins: dict[str, dict[str, str]] = {}
    for s in tables.get(SIGNINS, {}).values():
        signins.setdefault(s["session"], {})[s["person"]] = s["kind"]
    checks: dict[str, dict[str, list[list[str]]]] = {}
    for c in tables.get(CHECKS, {}).values():
        by_mode = checks.setdefault(c["activity"], {"self": [], "peer": [], "lead": []})
        by_mode[c["mode"]].append([c["checker"], c["target"]])
    letters: dict[str, dict[str, str]] = {}
    letter_times: dict[str, dict[str, str]] = {}
    for lt in sorted(
        tables.get(LETTERS, {}).values(), key=lambda d: (d["signed_at"], d.get("seq", 0))
    ):
        letters.setdefault(lt["template"]["id"], {})[lt["signer"]] = lt["template"]["version"]
        letter_times.setdefault(lt["template"]["id"], {})[lt["signer"]] = lt["signed_at"]
    findings = [finding_row(f) for f in tables.get(FINDINGS, {}).values()]
    findings.sort(key=lambda r: r["id"])
    return {
        "unit": unit,
        "year": year,
        "completions": completions,
        "signins": signins,
        "checks": checks,
        "letters": letters,
        "letter_times": letter_times,
        "findings": findings,
    }
