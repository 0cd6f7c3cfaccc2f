"""Failed logins of 工号 that cannot sign in (`login-failures.json`), under a
keyed hash of what was typed, so the 工号 themselves are not stored."""

from __future__ import annotations

from typing import Any

from xiaoneng.store import layout
from xiaoneng.store.txn import Txn

FAILURES = "failures"
KEEP_FAILURES = 2000  # counts kept; the oldest go first


class LoginFailuresRepo:
    def get_txn(self, txn: Txn, key: str) -> dict[str, Any] | None:
        """{failed, locked_until, seen} kept for `key`, if any."""
        return txn.get(layout.LOGIN_FAILURES, FAILURES, key)

    def put_txn(self, txn: Txn, key: str, failed: int, until: str | None, seen: str) -> None:
        """Keep the count for `key`; a new key makes room by dropping the oldest."""
        part = layout.LOGIN_FAILURES
        if txn.get(part, FAILURES, key) is None:
            known = txn.all(part, FAILURES)
            if len(known) >= KEEP_FAILURES:
                oldest = sorted(known, key=lambda k: known[k].get("seen", ""))
                txn.delete(part, FAILURES, oldest[: len(known) - KEEP_FAILURES + 1])
        txn.put(part, FAILURES, key, {"failed": failed, "locked_until": until, "seen": seen})
