"""The journal of a roster import that is not finished yet.

A large import is committed in batches (services/roster_batches.py). The
journal sits in `xiaoneng.json` (table `roster_import`), which every command
reads on opening the folder, so saying "an import is unfinished" costs
nothing. It is written in the same commit as each batch it describes, so it
never says more or less than the data: the file's SHA-256, the options, the
rows done and the row to go on from. The batch that finishes the import
removes it in its own commit. It is not signed: every person the import adds
or changes is signed in the ledger one by one, and the journal only says
whether the file has been applied to the end.
"""

from __future__ import annotations

from typing import Any

from xiaoneng.store import layout
from xiaoneng.store.store import Store
from xiaoneng.store.txn import Txn

TABLE = "roster_import"
KEY = "current"


class RosterImportRepo:
    def __init__(self, store: Store):
        self.store = store

    def current(self) -> dict[str, Any] | None:
        """The unfinished import's journal as stored now, or None."""
        doc = self.store.get(layout.META, TABLE, KEY)
        return dict(doc) if doc else None

    def current_txn(self, txn: Txn) -> dict[str, Any] | None:
        return txn.get(layout.META, TABLE, KEY)

    def put_txn(self, txn: Txn, journal: dict[str, Any]) -> None:
        txn.put(layout.META, TABLE, KEY, journal)

    def clear_txn(self, txn: Txn) -> None:
        if txn.exists(layout.META, TABLE, KEY):
            txn.drop_table(layout.META, TABLE)
