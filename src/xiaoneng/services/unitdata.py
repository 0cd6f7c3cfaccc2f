"""A unit's records for a year, and the small summary derived from them.

Everything a unit does in a year lives in one partition file
(`records/<year>/units/<unit>.json`), so a write costs the same at 30 staff as
at 5,000. Screens that need every unit at once (status, the leaders' home,
the findings index) read the summaries instead: a few hundred bytes a unit,
recomputed in the same transaction whenever the unit's file changes, so they
can never disagree with it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from xiaoneng.store import Store, Txn, layout

if TYPE_CHECKING:
    pass

SIGNINS = "signins"
ATTEMPTS = "attempts"
COMPLETIONS = "completions"
ASSIGNMENTS = "assignments"
DRAFTS = "drafts"
CHECKS = "checks"
FINDINGS = "findings"
FINDING_EVENTS = "finding_events"
LETTERS = "letters"
SUMMARY = "summary"


def unit_tables(store: Store, year: int, unit: str) -> dict:
    return store.read_part(layout.unit_part(year, unit))


def summary(store: Store, year: int, unit: str) -> dict:
    return store.get(layout.summary_part(year, unit), SUMMARY, SUMMARY) or {}


def years(store: Store) -> list[int]:
    return sorted(int(y) for y in store.list_dirs(layout.RECORDS_DIR) if y.isdigit())


def summaries(store: Store, year: int) -> dict[str, dict]:
    """unit id -> summary, for every unit with records that year."""
    out = {}
    for part in store.list_parts(f"{layout.year_dir(year)}/summary"):
        doc = store.get(part, SUMMARY, SUMMARY)
        if doc:
            out[doc["unit"]] = doc
    return out


def touch(txn: Txn, year: int, unit: str) -> str:
    """The unit's partition path; its summary is recomputed at commit."""
    key = ("summary", int(year), unit)
    pending = txn.values.setdefault("summaries", set())
    if key not in pending:
        pending.add(key)
        txn.before_commit(_recompute_summaries)
    return layout.unit_part(year, unit)


def _recompute_summaries(txn: Txn) -> None:
    for _, year, unit in sorted(txn.values.get("summaries", ())):
        tables = txn.data(layout.unit_part(year, unit))
        txn.put(layout.summary_part(year, unit), SUMMARY, SUMMARY, summarize(year, unit, tables))


def finding_row(f: dict) -> dict:
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


def summarize(year: int, unit: str, tables: dict) -> dict:
    completions: dict[str, dict[str, str]] = {}
    for c in tables.get(COMPLETIONS, {}).values():
        completions.setdefault(c["module"]["id"], {})[c["person"]] = c["module"]["version"]
    signins: dict[str, dict[str, str]] = {}
    for s in tables.get(SIGNINS, {}).values():
        signins.setdefault(s["session"], {})[s["person"]] = s["kind"]
    checks: dict[str, dict[str, list]] = {}
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


def next_key(existing, prefix: str) -> str:
    """`prefix` + the next free 3-digit number among `existing` keys."""
    n = len(existing) + 1
    while f"{prefix}{n:03d}" in existing:
        n += 1
    return f"{prefix}{n:03d}"
