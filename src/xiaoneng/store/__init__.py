"""Storage: the only module that knows TinyDB and the files on disk."""

from xiaoneng.store.store import Store
from xiaoneng.store.txn import Txn

__all__ = ["Store", "Txn"]
