"""Repositories: one module per aggregate, the only code that knows where its
records live (partition files, table names, keys and id formats).

Services read through them and write through their `_txn` methods inside a
transaction the service opened. A repository returns model objects (or, for
records the ledger signs, a `Ref` saying where the signed record goes).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property

from xiaoneng.store import layout
from xiaoneng.store.repos.attention import AttentionRepo
from xiaoneng.store.repos.checks import ChecksRepo
from xiaoneng.store.repos.figures import FiguresRepo
from xiaoneng.store.repos.finding_index import FindingIndex
from xiaoneng.store.repos.findings import FindingsRepo
from xiaoneng.store.repos.imports import RosterImportRepo
from xiaoneng.store.repos.ledger import LedgerRepo
from xiaoneng.store.repos.legacy import LegacyRepo
from xiaoneng.store.repos.letters import LettersRepo
from xiaoneng.store.repos.logins import LoginFailuresRepo
from xiaoneng.store.repos.org import OrgRepo
from xiaoneng.store.repos.people import PeopleRepo
from xiaoneng.store.repos.posts import PostsRepo
from xiaoneng.store.repos.posts_training import TrainingRepo
from xiaoneng.store.repos.sessions import SessionsRepo
from xiaoneng.store.repos.study import StudyRepo
from xiaoneng.store.repos.units import UnitRecords
from xiaoneng.store.store import Store
from xiaoneng.store.txn import Txn

_PER_READ = (f"{layout.RECORDS_DIR}/", f"{layout.LEDGER_DIR}/")


class Repos:
    """Every repository on one store."""

    def __init__(self, store: Store, secret: Callable[[], bytes]):
        self.store = store
        self.secret = secret  # the key of secret.key, read when first needed (summary seals)
        # Every commit keeps the year's agency-wide figures and the findings
        # indexes (once per store).
        if not any(isinstance(getattr(h, "__self__", None), Repos) for h in store.commit_hooks):
            store.commit_hooks.append(self._keep_figures)

    def _keep_figures(self, txn: Txn) -> None:
        self.figures.refresh_txn(txn)
        self.attention.refresh_txn(txn)  # after the figures it is derived from
        self.finding_index.refresh_txn(txn)

    def forget_records(self) -> None:
        """Drop the record and ledger partitions read so far from the store's
        cache (a long read such as an export keeps only its current unit)."""
        self.store.forget(_PER_READ)

    def forget_people(self) -> None:
        """Drop the people files from the store's cache (a roster added in
        batches reads them afresh for each batch)."""
        self.store.forget((f"{layout.PEOPLE_DIR}/",))

    def cached_records(self) -> list[str]:
        """The record and ledger partitions the store holds parsed now."""
        return self.store.cached(_PER_READ)

    @cached_property
    def people(self) -> PeopleRepo:
        return PeopleRepo(self.store)

    @cached_property
    def imports(self) -> RosterImportRepo:
        """The journal of an unfinished roster import."""
        return RosterImportRepo(self.store)

    @cached_property
    def logins(self) -> LoginFailuresRepo:
        return LoginFailuresRepo()

    @cached_property
    def org(self) -> OrgRepo:
        return OrgRepo(self.store)

    @cached_property
    def units(self) -> UnitRecords:
        return UnitRecords(self.store, self.secret)

    @cached_property
    def figures(self) -> FiguresRepo:
        return FiguresRepo(self.store, self.units, self.people, self.secret)

    @cached_property
    def attention(self) -> AttentionRepo:
        """The home's ranking of units (derived from the figures)."""
        return AttentionRepo(self.store, self.figures, self.secret)

    @cached_property
    def finding_index(self) -> FindingIndex:
        return FindingIndex(self.store, self.units, self.secret)

    @cached_property
    def sessions(self) -> SessionsRepo:
        return SessionsRepo(self.store, self.units)

    @cached_property
    def checks(self) -> ChecksRepo:
        return ChecksRepo(self.store, self.units)

    @cached_property
    def findings(self) -> FindingsRepo:
        return FindingsRepo(self.store, self.units)

    @cached_property
    def letters(self) -> LettersRepo:
        return LettersRepo(self.store, self.units)

    @cached_property
    def study(self) -> StudyRepo:
        return StudyRepo(self.store, self.units)

    @cached_property
    def legacy(self) -> LegacyRepo:
        """What an older schema kept unsigned (for the upgrade only)."""
        return LegacyRepo(self.units)

    @cached_property
    def posts(self) -> PostsRepo:
        return PostsRepo(self.store)

    @cached_property
    def training(self) -> TrainingRepo:
        return TrainingRepo(self.store)

    @cached_property
    def ledger(self) -> LedgerRepo:
        return LedgerRepo(self.store)


__all__ = ["Repos"]
