"""The hashes the ledger and its derived files are checked with.

`canonical` is the one byte form every hash is taken over. A record's hash
goes in the ledger entry that signs it; an entry's hash covers all of the
entry but the hash itself. `seal` is an HMAC keyed by `secret.key`: what a
person with a text editor but without the key cannot forge (the ledger head,
the unit summaries, the PIN a roster change records).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any


def canonical(obj: object) -> bytes:
    """Stable bytes of a JSON value: the thing every hash is taken over."""
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode(
        "utf-8"
    )


def record_hash(record: dict[str, Any]) -> str:
    return hashlib.sha256(canonical(record)).hexdigest()


def entry_hash(entry: dict[str, Any]) -> str:
    body = {k: v for k, v in entry.items() if k != "hash"}
    return hashlib.sha256(canonical(body)).hexdigest()


def file_digest(raw: bytes) -> str:
    """The digest of a data file's bytes (a summary names the file it came from)."""
    return hashlib.sha256(raw).hexdigest()


def seal(secret: bytes, *parts: str) -> str:
    """HMAC-SHA256 of the parts (joined by a separator no part may hold)."""
    return hmac.new(secret, "\x1f".join(parts).encode("utf-8"), hashlib.sha256).hexdigest()


def same(a: str | None, b: str | None) -> bool:
    """Constant-time comparison of two digests (None matches nothing)."""
    return a is not None and b is not None and hmac.compare_digest(a, b)
