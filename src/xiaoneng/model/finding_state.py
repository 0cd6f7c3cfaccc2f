"""A finding's state, derived from its signed events, never stored as a field.

A finding is opened (signed with its check) with the six fixes; everything
after that is an event the ledger signs, kept in the unit's `finding_events`
table: the responsible person's progress and 整改完成, the reviewer's close
(销号) or send-back, and, once, the events a schema upgrade signed for the
progress an older version kept unsigned. Folding the events in ledger order
gives the state, the progress history and the review dates.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

# Fields of a finding that are derived from its events, not signed with it.
DERIVED = ("state", "progress", "reviewed_at", "closed_at")
STATES = ("open", "in_progress", "review", "closed")
# event kind -> the state it leads to (a migrated event carries its own)
KINDS = {"progress": "in_progress", "done": "review", "close": "closed", "reopen": "in_progress"}

Doc = dict[str, Any]


def base_of(finding: Doc) -> Doc:
    """The part of a finding that is signed when it is opened."""
    return {k: v for k, v in finding.items() if k not in DERIVED and k != "seq"}


def kind_of(event: Doc) -> str:
    """progress / done / close / reopen / migrated. Reviews signed before events
    had a kind say only where they led."""
    kind = event.get("kind")
    if isinstance(kind, str):
        return kind
    return "close" if event.get("to") == "closed" else "reopen"


def progress_event(finding: str, by: str, text: str, time: str, *, done: bool) -> Doc:
    kind = "done" if done else "progress"
    return {
        "finding": finding,
        "kind": kind,
        "to": KINDS[kind],
        "by": by,
        "text": text,
        "time": time,
    }


def review_event(finding: str, by: str, note: str, time: str, *, passed: bool) -> Doc:
    kind = "close" if passed else "reopen"
    return {
        "finding": finding,
        "kind": kind,
        "from": "review",
        "to": KINDS[kind],
        "by": by,
        "note": note,
        "time": time,
    }


def _seq(event: Doc) -> int:
    seq = event.get("seq")
    return seq if isinstance(seq, int) else 0


def fold(base: Doc, events: Iterable[Doc]) -> Doc:
    """The finding as it stands after `events` (its own, signed), oldest first."""
    state, steps, reviewed, closed = "open", [], "", ""
    for ev in sorted(events, key=_seq):
        kind, time = kind_of(ev), str(ev.get("time", ""))
        if kind in ("progress", "done"):
            steps.append(
                {
                    "time": time,
                    "by": ev.get("by", ""),
                    "text": ev.get("text", ""),
                    "done": kind == "done",
                }
            )
            state = KINDS[kind]
        elif kind in ("close", "reopen"):
            passed = kind == "close"
            text = ev.get("note") or ("复查通过" if passed else "")
            steps.append({"time": time, "by": ev.get("by", ""), "text": text, "review": passed})
            state, reviewed, closed = KINDS[kind], time, time if passed else ""
        elif kind == "migrated":
            steps.extend(s for s in ev.get("steps", ()) if isinstance(s, dict))
            to = ev.get("to")
            state = to if to in STATES else state
    steps.sort(key=lambda s: str(s.get("time", "")))  # migrated steps keep their own times
    return {**base, "state": state, "progress": steps, "reviewed_at": reviewed, "closed_at": closed}


def by_finding(events: Iterable[Doc]) -> dict[str, list[Doc]]:
    out: dict[str, list[Doc]] = {}
    for ev in events:
        out.setdefault(str(ev.get("finding", "")), []).append(ev)
    return out
