"""A unit file's summary: the few hundred bytes status screens, the leaders'
home and the annual report read instead of the heavy unit file.

It is derived from signed records only (a record is counted when `trusted`
says so: normally, when it carries the number of its ledger entry; after a
mismatch, when that entry really signs it), and it is sealed: it names the
digest of the unit file it was derived from and carries an HMAC keyed by
`secret.key` over its content and its own file name. Someone with a text
editor but not the key can neither change it nor pass an old one off as
current (the digest no longer matches the unit file), so a read can tell a
summary it may use from one it must rebuild.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from xiaoneng.model.digest import canonical, same, seal
from xiaoneng.model.finding_state import by_finding, fold

SIGNINS = "signins"
ATTEMPTS = "attempts"
ATTEMPT_RESETS = "attempt_resets"
COMPLETIONS = "completions"
PAIR_EVENTS = "pair_events"
DRAFTS = "drafts"
CHECKS = "checks"
FINDINGS = "findings"
FINDING_EVENTS = "finding_events"
LETTERS = "letters"
SUMMARY = "summary"

# Tables of a unit file whose every record the ledger signs (verify: one
# without its entry is forged). Drafts are not signed.
SIGNED_TABLES = (
    SIGNINS,
    ATTEMPTS,
    ATTEMPT_RESETS,
    COMPLETIONS,
    PAIR_EVENTS,
    CHECKS,
    FINDINGS,
    FINDING_EVENTS,
    LETTERS,
)
# What a summary holds besides its content.
SEAL_FIELDS = ("source", "distrusted", "seal")

Doc = dict[str, Any]
Tables = Mapping[str, dict[str, Doc]]
Trusted = Callable[[str, str, Doc], bool]


def has_seq(_table: str, _key: str, doc: Doc) -> bool:
    """The ordinary test: the record names the ledger entry that signed it."""
    return isinstance(doc, dict) and isinstance(doc.get("seq"), int)


def signed_docs(tables: Tables, table: str, trusted: Trusted) -> dict[str, Doc]:
    return {k: d for k, d in tables.get(table, {}).items() if trusted(table, k, d)}


def finding_views(tables: Tables, trusted: Trusted) -> dict[str, Doc]:
    """Finding id -> the finding with its state folded from its trusted events."""
    events = by_finding(signed_docs(tables, FINDING_EVENTS, trusted).values())
    return {
        fid: fold(base, events.get(fid, []))
        for fid, base in signed_docs(tables, FINDINGS, trusted).items()
    }


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


def summarize(year: int, unit: str, tables: Tables, trusted: Trusted = has_seq) -> Doc:
    """The content of one unit file's summary: who completed, signed in, checked,
    signed what, and its findings, counting trusted records only."""
    completions: dict[str, dict[str, str]] = {}
    for c in signed_docs(tables, COMPLETIONS, trusted).values():
        completions.setdefault(c["module"]["id"], {})[c["person"]] = c["module"]["version"]
    signins: dict[str, dict[str, str]] = {}
    for s in signed_docs(tables, SIGNINS, trusted).values():
        signins.setdefault(s["session"], {})[s["person"]] = s["kind"]
    checks: dict[str, dict[str, list[list[str]]]] = {}
    for c in signed_docs(tables, CHECKS, trusted).values():
        by_mode = checks.setdefault(c["activity"], {"self": [], "peer": [], "lead": []})
        by_mode[c["mode"]].append([c["checker"], c["target"]])
    letters: dict[str, dict[str, str]] = {}
    letter_times: dict[str, dict[str, str]] = {}
    signed = signed_docs(tables, LETTERS, trusted).values()
    for lt in sorted(signed, key=lambda d: (d["signed_at"], d.get("seq", 0))):
        letters.setdefault(lt["template"]["id"], {})[lt["signer"]] = lt["template"]["version"]
        letter_times.setdefault(lt["template"]["id"], {})[lt["signer"]] = lt["signed_at"]
    findings = [finding_row(f) for f in finding_views(tables, trusted).values()]
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


def distrusted(tables: Tables, trusted: Trusted) -> list[list[str]]:
    """[table, key] of the records in signed tables that `trusted` turned down."""
    return sorted(
        [table, key]
        for table in SIGNED_TABLES
        for key, doc in tables.get(table, {}).items()
        if not trusted(table, key, doc)
    )


def sealed(secret: bytes, part: str, content: Doc, source: str, refused: list[list[str]]) -> Doc:
    """The summary as stored: content, the digest of its unit file, the records
    left out, and the HMAC over all of it and its own file name."""
    doc = {**content, "source": source, "distrusted": refused}
    return {**doc, "seal": seal(secret, part, canonical(doc).decode("utf-8"))}


def content_of(doc: Doc) -> Doc:
    return {k: v for k, v in doc.items() if k not in SEAL_FIELDS}


def seal_ok(secret: bytes, part: str, doc: Doc | None) -> bool:
    """The summary at `part` is one this program wrote (not edited, not moved)."""
    if not doc:
        return False
    body = {k: v for k, v in doc.items() if k != "seal"}
    return same(str(doc.get("seal", "")), seal(secret, part, canonical(body).decode("utf-8")))


def current(secret: bytes, part: str, doc: Doc | None, source: str) -> bool:
    """The summary may be used: sealed by us and derived from the unit file as it is."""
    if not doc:
        return False
    return doc.get("source") == source and seal_ok(secret, part, doc)
