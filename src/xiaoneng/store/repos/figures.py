"""A year's agency-wide status figures: one small row a unit, in sixteen
files (`records/<year>/figures/<0-f>.json`, a unit's file by a hash of its id),
so `status` and the admin's home read sixteen files however many units there
are, instead of a summary and a member file for each of thousands of units,
and a write rewrites one sixteenth of the rows of the units it changes.

A unit's row is derived from its summary that year (store/repos/summary.py),
its active members and their roles (`people/units/<unit>.json`) and the year's
signed sessions. It holds counts only (by module version, by role and template
version, by session), so the figures for the current modules, templates and
activities are worked out at read time without touching a person
(services/status.py).

The files are kept by the write that changes what it is derived from: every
transaction runs `refresh_txn` just before it commits, after the unit
summaries are refreshed, and it recomputes the rows of the units whose
summary, member file or sessions the transaction writes, then seals their
files again. Each is sealed like a summary (an HMAC keyed by `secret.key` over
its content and its own file name) and names its format. A read that finds one
missing, unsealed or of another format (a new year, an older backup restored,
a folder from before them, a hand edit) rebuilds them all from the summaries
and writes them back; a write leaves such a file alone for that read.
`verify` compares them with rows rebuilt from the sealed summaries.

A read trusts the sixteen files by the digests of their bytes that
`figures/digests.json` records (sealed like them, written in the same commit):
checking each file's own seal meant writing its rows as canonical JSON again,
about as long as parsing them. A file whose bytes are not the recorded ones
(an old copy put back, say) is rebuilt like one that is missing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from xiaoneng.errors import StoreError
from xiaoneng.model.digest import canonical, file_digest, same, seal
from xiaoneng.store import layout
from xiaoneng.store.repos.people import MEMBERS, UNITS_DIR, PeopleRepo, members_part
from xiaoneng.store.repos.sessions import SESSIONS, sessions_part
from xiaoneng.store.repos.summary import SUMMARY, content_of, has_seq, seal_ok, summarize
from xiaoneng.store.repos.units import UnitRecords, ledger_trust, summary_part, unit_part
from xiaoneng.store.store import Store
from xiaoneng.store.txn import Txn

FIGURES = "figures"
FORMAT = 2  # raised when a row's layout changes: older files are rebuilt
PRESENT = ("self", "late", "proxy")  # sign-in kinds that count as present (SignIn.present)

Doc = dict[str, Any]
Members = Mapping[str, Sequence[str]]  # active member id -> roles
Sessions = list[tuple[str, frozenset[str]]]  # signed session id -> attendees


SHARDS = "0123456789abcdef"


def figures_part(year: int, shard: str) -> str:
    return f"{layout.RECORDS_DIR}/{int(year)}/figures/{shard}.json"


def digests_part(year: int) -> str:
    return f"{layout.RECORDS_DIR}/{int(year)}/figures/digests.json"


def shard_of(unit: str) -> str:
    return hashlib.sha1(unit.encode("utf-8")).hexdigest()[0]


def signed_sessions(tables: Mapping[str, Any]) -> Sessions:
    """The signed sessions of a year's sessions file, with their attendees."""
    docs = tables.get(SESSIONS, {})
    return sorted(
        (key, frozenset(doc.get("attendees", ())))
        for key, doc in docs.items()
        if has_seq(SESSIONS, key, doc)
    )


def active(docs: Mapping[str, Doc]) -> dict[str, tuple[str, ...]]:
    """Active member id -> roles, from a member file's table."""
    return {pid: tuple(d["roles"]) for pid, d in docs.items() if d.get("active", True)}


def unit_row(summary: Doc, members: Members, sessions: Sessions) -> Doc:
    """A unit's figures that year: counts over its active members only."""
    roles: dict[str, list[Any]] = {}  # role -> [members with it, the first by id]
    for pid in sorted(members):
        for role in members[pid]:
            if role in roles:
                roles[role][0] += 1
            else:
                roles[role] = [1, pid]
    studies: dict[str, dict[str, int]] = {}
    for module, done in summary.get("completions", {}).items():
        for pid, version in done.items():
            if pid in members:
                counts = studies.setdefault(module, {})
                counts[version] = counts.get(version, 0) + 1
    attended = summary.get("signins", {})
    due_present: dict[str, list[int]] = {}
    for sid, attendees in sessions:
        due = attendees.intersection(members)
        if due:
            kinds = attended.get(sid, {})
            due_present[sid] = [len(due), sum(kinds.get(pid) in PRESENT for pid in due)]
    letters: dict[str, dict[str, dict[str, int]]] = {}
    first: dict[str, dict[str, str]] = {}  # template -> role -> what its first member signed
    for template, signed in summary.get("letters", {}).items():
        for pid, version in signed.items():
            for role in members.get(pid, ()):
                counts = letters.setdefault(template, {}).setdefault(role, {})
                counts[version] = counts.get(version, 0) + 1
        firsts = {role: signed[pid] for role, (_n, pid) in roles.items() if pid in signed}
        if firsts:
            first[template] = firsts
    findings = summary.get("findings", [])
    # Who has a finding of the unit waiting for them (the home's to-do list
    # reads only the units that name the person).
    involved = {f["responsible"] for f in findings if f["state"] in ("open", "in_progress")}
    involved |= {f["reviewer"] for f in findings if f["state"] == "review"}
    return {
        "headcount": len(members),
        "roles": roles,
        "studies": studies,
        "sessions": due_present,
        "checks": {
            activity: {mode: len(pairs) for mode, pairs in modes.items()}
            for activity, modes in summary.get("checks", {}).items()
        },
        "letters": letters,
        "letters_first": first,
        "closed": sum(f["state"] == "closed" for f in findings),
        "open": sorted(str(f.get("deadline") or "") for f in findings if f["state"] != "closed"),
        "involved": sorted(involved - {""}),
    }


def rows_of(
    summaries: Mapping[str, Doc], members: Mapping[str, Members], sessions: Sessions
) -> dict[str, Doc]:
    """Every unit's row: units with a summary that year or active members."""
    return {
        unit: unit_row(summaries.get(unit, {}), members.get(unit, {}), sessions)
        for unit in sorted(set(summaries) | set(members))
    }


def shaped(doc: Doc | None, fmt: int, year: int, what: str) -> bool:
    """A year's sharded file (figures, findings index) of format `fmt` and
    this year, mapping `what`."""
    return (
        isinstance(doc, dict)
        and doc.get("format") == fmt
        and doc.get("year") == year
        and isinstance(doc.get(what), dict)
    )


class FiguresRepo:
    def __init__(
        self, store: Store, units: UnitRecords, people: PeopleRepo, secret: Callable[[], bytes]
    ):
        self.store, self.units, self.people, self._secret = store, units, people, secret
        self._checked: dict[str, Doc] = {}  # part -> the doc object found sealed

    # -- reading ---------------------------------------------------------------

    def rows(self, year: int) -> dict[str, Doc]:
        """unit id -> row for the year (rows shared with the store's cache: read-only)."""
        dpart = digests_part(year)
        sealed = self.store.get(dpart, FIGURES, FIGURES)
        if not self._valid(dpart, year, sealed, "files"):
            return self._rebuild(year)
        assert sealed is not None
        rows: dict[str, Doc] = {}
        for shard in SHARDS:
            tables, digest = self.store.read_digested(figures_part(year, shard))
            doc = tables.get(FIGURES, {}).get(FIGURES)
            if not (
                shaped(doc, FORMAT, year, "units") and same(digest, sealed["files"].get(shard))
            ):
                return self._rebuild(year)
            assert doc is not None
            rows.update(doc["units"])
        return rows

    def stored(self, year: int) -> dict[str, Doc | None]:
        """Each file's document as it is, read past the cache (for verify)."""
        out: dict[str, Doc | None] = {}
        for shard in SHARDS:
            part = figures_part(year, shard)
            out[part] = self.store.read_part(part, cache=False).get(FIGURES, {}).get(FIGURES)
        return out

    def stored_rows(self, year: int) -> dict[str, Doc] | None:
        """The rows as stored when every file is there and sealed, else None."""
        rows: dict[str, Doc] = {}
        for part, doc in self.stored(year).items():
            if not self._valid(part, year, doc):
                return None
            assert doc is not None
            rows.update(doc["units"])
        return rows

    def build(self, year: int) -> dict[str, Doc]:
        """Rows derived afresh from the summaries (rebuilt where stale)."""
        sessions = signed_sessions(self.store.read_part(sessions_part(year)))
        members = self.people.members_by_unit()
        return rows_of(self.units.summaries(year), members, sessions)

    def expected(self, year: int, summaries: dict[str, Doc] | None = None) -> dict[str, Doc]:
        """Rows derived from the sealed summaries as stored (`sealed_summaries`),
        read past the cache, nothing written: what verify compares the file with."""
        if summaries is None:
            summaries = self.sealed_summaries(year)
        stored = self.people.stored_members()
        members = (
            self.people.members_by_unit()
            if stored is None
            else {u: m for u, docs in stored.items() if (m := active(docs))}
        )
        sessions = signed_sessions(self.store.read_part(sessions_part(year), cache=False))
        return rows_of(summaries, members, sessions)

    def sealed_summaries(self, year: int) -> dict[str, Doc]:
        """Each unit's summary content as stored when sealed (a summary that is
        not sealed is recomputed from the records the ledger signs), read past
        the cache, nothing written."""
        secret, summaries = self._secret(), {}
        for unit in self.units.units_in(year):
            spart = summary_part(year, unit)
            doc = self.store.read_part(spart, cache=False).get(SUMMARY, {}).get(SUMMARY)
            if doc is not None and seal_ok(secret, spart, doc):
                summaries[unit] = content_of(doc)
            else:
                tables = self.units.tables(year, unit, cache=False)
                trust = ledger_trust(unit_part(year, unit), self.store.read_part)
                summaries[unit] = summarize(year, unit, tables, trust)
        return summaries

    def _valid(self, part: str, year: int, doc: Doc | None, what: str = "units") -> bool:
        if doc is None or not shaped(doc, FORMAT, year, what):
            return False
        if self._checked.get(part) is doc:
            return True
        if not seal_ok(self._secret(), part, doc):
            return False
        self._checked[part] = doc
        return True

    def _rebuild(self, year: int) -> dict[str, Doc]:
        """Rows rebuilt and written back, under the data lock so that no write
        slips in between; for this read only when the folder cannot be
        written, or the year has no records yet (nothing is created for it)."""
        if not self.store.in_transaction and year in self.units.years():
            try:
                with self.store.transaction() as txn:
                    rows = self.build(year)
                    for shard in SHARDS:
                        mine = {u: r for u, r in rows.items() if shard_of(u) == shard}
                        part = figures_part(year, shard)
                        txn.put(part, FIGURES, FIGURES, self._sealed(part, year, mine))
                    self._put_digests_txn(txn, year, {}, SHARDS)
                return rows
            except StoreError:
                pass  # a read-only folder or a busy lock
        return self.build(year)

    def _sealed(self, part: str, year: int, rows: Mapping[str, Any], what: str = "units") -> Doc:
        body = {"format": FORMAT, "year": int(year), what: dict(rows)}
        return {**body, "seal": seal(self._secret(), part, canonical(body).decode("utf-8"))}

    def _put_digests_txn(
        self, txn: Txn, year: int, files: Mapping[str, str], shards: Iterable[str]
    ) -> None:
        """Record the digests of the bytes the files of `shards` will be
        written as (fixed now) along with `files` for the others."""
        fixed = {s: file_digest(txn.seal(figures_part(year, s))) for s in sorted(shards)}
        part = digests_part(year)
        txn.put(part, FIGURES, FIGURES, self._sealed(part, year, {**files, **fixed}, "files"))

    # -- kept by every write -----------------------------------------------------

    def refresh_txn(self, txn: Txn) -> None:
        """Recompute the rows of the units whose summary, member file or
        sessions `txn` writes, in every year whose file is sound."""
        summaries: dict[int, set[str]] = {}
        member_units: set[str] = set()
        session_years: set[int] = set()
        for part in txn.dirty():
            bits = part.split("/")
            if part.startswith(UNITS_DIR + "/"):
                member_units.add(bits[-1].removesuffix(".json"))
            elif bits[0] != layout.RECORDS_DIR or len(bits) < 3 or not bits[1].isdigit():
                continue
            elif len(bits) == 4 and bits[2] == "summary":
                summaries.setdefault(int(bits[1]), set()).add(bits[3].removesuffix(".json"))
            elif len(bits) == 3 and bits[2] == "sessions.json":
                session_years.add(int(bits[1]))
        years = set(summaries) | session_years
        if member_units:
            years |= set(self.units.years())
        for year in sorted(years):
            sessions = signed_sessions(txn.peek(sessions_part(year)))
            touched = summaries.get(year, set()) | member_units
            if year in session_years:
                touched |= self._attendee_units(txn, year, sessions)
            by_shard: dict[str, list[str]] = {}
            for unit in touched:
                by_shard.setdefault(shard_of(unit), []).append(unit)
            written = [
                shard
                for shard, units in sorted(by_shard.items())
                if self._refresh_shard_txn(txn, year, shard, units, sessions)
            ]
            dpart = digests_part(year)
            sealed = txn.peek(dpart).get(FIGURES, {}).get(FIGURES)
            if written and self._valid(dpart, year, sealed, "files"):
                assert sealed is not None
                self._put_digests_txn(txn, year, sealed["files"], written)
            # else: missing or unsound, the next read rebuilds them all

    def _refresh_shard_txn(
        self, txn: Txn, year: int, shard: str, units: list[str], sessions: Sessions
    ) -> bool:
        """Recompute the rows of `units` in the shard's file; False when it is
        missing or unsound (the next read rebuilds them all)."""
        part = figures_part(year, shard)
        doc = txn.peek(part).get(FIGURES, {}).get(FIGURES)
        if not self._valid(part, year, doc):
            return False
        assert doc is not None
        rows = dict(doc["units"])
        for unit in units:
            members = active(txn.peek(members_part(unit)).get(MEMBERS, {}))
            summary = txn.peek(summary_part(year, unit)).get(SUMMARY, {}).get(SUMMARY)
            if members or summary is not None:
                rows[unit] = unit_row(content_of(summary or {}), members, sessions)
            else:
                rows.pop(unit, None)
        txn.put(part, FIGURES, FIGURES, self._sealed(part, year, rows))
        return True

    def _attendee_units(self, txn: Txn, year: int, sessions: Sessions) -> set[str]:
        """Units with an attendee of a session this transaction adds or changes."""
        before = dict(signed_sessions(self.store.read_part(sessions_part(year))))
        now = dict(sessions)
        people: set[str] = set()
        for sid in set(before) | set(now):
            if before.get(sid) != now.get(sid):
                people |= before.get(sid, frozenset()) | now.get(sid, frozenset())
        return set(self._units_of(txn, people)) if people else set()

    def _units_of(self, txn: Txn, people: Iterable[str]) -> Iterable[str]:
        wanted = set(people)
        for part in self.store.list_parts(UNITS_DIR):
            if wanted.intersection(txn.peek(part).get(MEMBERS, {})):
                yield part.rsplit("/", 1)[1].removesuffix(".json")
