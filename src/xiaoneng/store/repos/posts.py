"""巾帼文明岗 applicant posts of a year (`records/<year>/posts.json`, ids P<year>-nnn).

Nothing about a post is kept as a mutable document: the file holds only
signed events, each keyed by its ledger number, and a post is what its
events say, folded in ledger order.

- `post_events`: {"post", "kind": "data", "fields"} when a post is imported
  or edited (the application as entered), {"post", "kind": "state",
  "change"} for each step of 申报 → 初审 → 考核 → 命名 and each 复核;
- `post_scores`: score sheets (self-assessment, assessors'), the latest for a
  post and role in force;
- `post_files`: the file materials the office ticked for a post, the latest
  in force.

So every figure a screen or an export shows comes from a record the ledger
signs, and `verify` covers it without a derived copy to fall out of step.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from xiaoneng.model.assessment import ScoreSheet
from xiaoneng.model.posts import Post, StateChange
from xiaoneng.store import layout
from xiaoneng.store.repos.common import Ref, signed_in_order, year_of
from xiaoneng.store.store import Store
from xiaoneng.store.txn import Txn

EVENTS = "post_events"
SCORES = "post_scores"
FILES = "post_files"
PREFIX = "P"

Doc = dict[str, Any]


def posts_part(year: int) -> str:
    return f"{layout.RECORDS_DIR}/{int(year)}/posts.json"


def post_id(year: int, number: int) -> str:
    return f"{PREFIX}{int(year)}-{number:03d}"


def _in_order(docs: dict[str, Doc]) -> list[Doc]:
    """Signed records in ledger order (keys are their entry numbers)."""
    return signed_in_order(docs.values())


def fold(events: Iterable[Doc]) -> dict[str, Post]:
    """Posts by id from their events in ledger order (first the application)."""
    posts: dict[str, Post] = {}
    for ev in events:
        pid = str(ev.get("post", ""))
        if ev.get("kind") == "data":
            fields = dict(ev.get("fields") or {})
            old = posts.get(pid)
            fields["id"] = pid
            if old is not None:  # an edit keeps the state and its history
                fields["state"], fields["history"] = old.state, [h.to_dict() for h in old.history]
            posts[pid] = Post.from_dict(fields)
        elif ev.get("kind") == "state" and pid in posts:
            posts[pid] = posts[pid].with_state(StateChange.from_dict(ev["change"]))
    return posts


@dataclass(frozen=True)
class Ticks:
    """The file materials ticked for a post, as last saved."""

    post: str
    ticked: tuple[str, ...]
    by: str
    at: str


class PostsRepo:
    def __init__(self, store: Store):
        self.store = store
        # year -> (the events table the posts were folded from, the posts): the
        # store replaces the table object whenever the file changes.
        self._cache: dict[int, tuple[dict[str, Doc], dict[str, Post]]] = {}

    # -- reading ---------------------------------------------------------------

    def years(self) -> list[int]:
        """Years that have applicant posts, oldest first."""
        return [
            int(y)
            for y in self.store.list_dirs(layout.RECORDS_DIR)
            if y.isdigit() and self.store.exists(posts_part(int(y)))
        ]

    def in_year(self, year: int) -> list[Post]:
        """The year's posts in id order."""
        return list(self._posts(year).values())

    def get(self, pid: str) -> Post | None:
        year = year_of(pid)
        return self._posts(year).get(pid) if year else None

    def _posts(self, year: int) -> dict[str, Post]:
        docs = self.store.table(posts_part(year), EVENTS)
        hit = self._cache.get(year)
        if hit is not None and hit[0] is docs:
            return hit[1]
        posts = dict(sorted(fold(_in_order(docs)).items()))
        self._cache[year] = (docs, posts)
        return posts

    def sheets(self, year: int) -> dict[tuple[str, str], ScoreSheet]:
        """(post id, role) -> the score sheet in force (the last one entered)."""
        docs = self.store.table(posts_part(year), SCORES)
        return {(s.post, s.role): s for s in map(ScoreSheet.from_dict, _in_order(docs))}

    def ticks(self, year: int) -> dict[str, Ticks]:
        """Post id -> the materials ticked (the last save)."""
        docs = self.store.table(posts_part(year), FILES)
        return {t.post: t for t in map(_ticks, _in_order(docs))}

    def history_of(self, pid: str) -> Iterator[Doc]:
        """Every signed record of one post (events, scores, ticks), in ledger order."""
        year = year_of(pid)
        if not year:
            return
        tables = self.store.read_part(posts_part(year))
        docs = [d for t in (EVENTS, SCORES, FILES) for d in tables.get(t, {}).values()]
        yield from signed_in_order(d for d in docs if d.get("post") == pid)

    # -- writing ---------------------------------------------------------------

    def posts_txn(self, txn: Txn, year: int) -> dict[str, Post]:
        return fold(_in_order(txn.all(posts_part(year), EVENTS)))

    def new_ids_txn(self, txn: Txn, year: int, count: int) -> list[str]:
        taken = set(self.posts_txn(txn, year))
        out: list[str] = []
        n = 1
        while len(out) < count:
            candidate = post_id(year, n)
            if candidate not in taken:
                out.append(candidate)
            n += 1
        return out

    def event_ref(self, year: int) -> Ref:
        """Where a signed post event goes (keyed by its ledger number)."""
        return Ref(posts_part(year), EVENTS, "")

    def score_ref(self, year: int) -> Ref:
        return Ref(posts_part(year), SCORES, "")

    def ticks_ref(self, year: int) -> Ref:
        return Ref(posts_part(year), FILES, "")


def data_event(post: Post) -> Doc:
    """The signed record of a post's application as entered (no state, no history)."""
    fields = post.public()
    fields.pop("state", None)
    fields.pop("id", None)
    return {"post": post.id, "kind": "data", "fields": fields}


def state_event(post_id: str, change: StateChange) -> Doc:
    return {"post": post_id, "kind": "state", "change": change.to_dict()}


def ticks_record(post_id: str, ticked: Iterable[str], by: str, at: str) -> Doc:
    return {"post": post_id, "ticked": sorted(set(ticked)), "by": by, "at": at}


def _ticks(d: Doc) -> Ticks:
    return Ticks(
        str(d["post"]), tuple(str(t) for t in d.get("ticked", ())), str(d["by"]), str(d["at"])
    )
