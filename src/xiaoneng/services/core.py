"""The core: one object that holds the store, clock, secret and catalogue and
gives each use-case service. The CLI, the TUI and the tests all build it here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xiaoneng.paths import bundled_checklists_dir
from xiaoneng.store import Store, schema
from xiaoneng.store.folder import read_secret
from xiaoneng.store.repos import Repos

if TYPE_CHECKING:
    from xiaoneng.checklists.catalogue import Catalogue
    from xiaoneng.services.activities import ActivityService
    from xiaoneng.services.auth import AuthService
    from xiaoneng.services.check_tasks import TaskService
    from xiaoneng.services.checks import CheckService
    from xiaoneng.services.findings import FindingService
    from xiaoneng.services.ledger import Ledger
    from xiaoneng.services.letters import LetterService
    from xiaoneng.services.org import OrgService
    from xiaoneng.services.pairing import PairingService
    from xiaoneng.services.posts import PostService
    from xiaoneng.services.posts_review import PostReviewService
    from xiaoneng.services.posts_signin import TrainingSignin
    from xiaoneng.services.posts_training import TrainingService
    from xiaoneng.services.roster import RosterService
    from xiaoneng.services.sessions import SessionService
    from xiaoneng.services.six_fixes import SixFixes
    from xiaoneng.services.status import StatusService
    from xiaoneng.services.study import StudyService
    from xiaoneng.services.study_office import StudyOffice
    from xiaoneng.services.todo import TodoService
    from xiaoneng.services.verify import Verifier

Clock = Callable[[], dt.datetime]


def system_clock() -> dt.datetime:
    return dt.datetime.now().astimezone().replace(microsecond=0)


class Core:
    def __init__(
        self,
        store: Store,
        *,
        clock: Clock = system_clock,
        checklist_dirs: list[Path] | None = None,
    ):
        self.store = store
        self.clock = clock
        self._checklist_dirs = checklist_dirs
        # Made now: the repositories hook every commit (the agency-wide figures).
        _ = self.repos

    @property
    def root(self) -> Path:
        return self.store.root

    def now(self) -> dt.datetime:
        return self.clock()

    def now_iso(self) -> str:
        return self.clock().isoformat(timespec="seconds")

    def today(self) -> dt.date:
        return self.clock().date()

    @cached_property
    def secret(self) -> bytes:
        return read_secret(self.root)

    # -- services (imported lazily: nothing happens at import time) ----------

    @cached_property
    def repos(self) -> Repos:
        """Where each aggregate's records live (store/repos)."""
        return Repos(self.store, lambda: self.secret)

    @cached_property
    def ledger(self) -> Ledger:
        from xiaoneng.services.ledger import Ledger

        return Ledger(self.secret, self.repos.ledger)

    @cached_property
    def org(self) -> OrgService:
        from xiaoneng.services.org import OrgService

        return OrgService(self)

    @cached_property
    def roster(self) -> RosterService:
        from xiaoneng.services.roster import RosterService

        return RosterService(self)

    @cached_property
    def auth(self) -> AuthService:
        from xiaoneng.services.auth import AuthService

        return AuthService(self)

    @cached_property
    def study(self) -> StudyService:
        from xiaoneng.services.study import StudyService

        return StudyService(self)

    @cached_property
    def study_office(self) -> StudyOffice:
        from xiaoneng.services.study_office import StudyOffice

        return StudyOffice(self)

    @cached_property
    def sessions(self) -> SessionService:
        from xiaoneng.services.sessions import SessionService

        return SessionService(self)

    @cached_property
    def activities(self) -> ActivityService:
        from xiaoneng.services.activities import ActivityService

        return ActivityService(self)

    @cached_property
    def pairing(self) -> PairingService:
        from xiaoneng.services.pairing import PairingService

        return PairingService(self)

    @cached_property
    def tasks(self) -> TaskService:
        from xiaoneng.services.check_tasks import TaskService

        return TaskService(self)

    @cached_property
    def six_fixes(self) -> SixFixes:
        from xiaoneng.services.six_fixes import SixFixes

        return SixFixes(self)

    @cached_property
    def checks(self) -> CheckService:
        from xiaoneng.services.checks import CheckService

        return CheckService(self)

    @cached_property
    def findings(self) -> FindingService:
        from xiaoneng.services.findings import FindingService

        return FindingService(self)

    @cached_property
    def letters(self) -> LetterService:
        from xiaoneng.services.letters import LetterService

        return LetterService(self)

    @cached_property
    def posts(self) -> PostService:
        """巾帼文明岗 applicant posts: register, conditions, states."""
        from xiaoneng.services.posts import PostService

        return PostService(self)

    @cached_property
    def post_review(self) -> PostReviewService:
        """A post's assessment scores and file materials."""
        from xiaoneng.services.posts_review import PostReviewService

        return PostReviewService(self)

    @cached_property
    def training(self) -> TrainingService:
        """The 巾帼文明岗 training class: timetable and participants."""
        from xiaoneng.services.posts_training import TrainingService

        return TrainingService(self)

    @cached_property
    def training_signin(self) -> TrainingSignin:
        """Sign-in at the training class, confirmed at the door."""
        from xiaoneng.services.posts_signin import TrainingSignin

        return TrainingSignin(self)

    @cached_property
    def status(self) -> StatusService:
        from xiaoneng.services.status import StatusService

        return StatusService(self)

    @cached_property
    def todo(self) -> TodoService:
        from xiaoneng.services.todo import TodoService

        return TodoService(self)

    @cached_property
    def verifier(self) -> Verifier:
        from xiaoneng.services.verify import Verifier

        return Verifier(self)

    @cached_property
    def checklist_dirs(self) -> list[Path]:
        if self._checklist_dirs is not None:
            return list(self._checklist_dirs)
        return [bundled_checklists_dir(), self.root / "checklists"]

    @cached_property
    def catalogue(self) -> Catalogue:
        from xiaoneng.checklists import load_catalogue

        return load_catalogue([d for d in self.checklist_dirs if d.is_dir()])

    def agency(self) -> dict[str, Any]:
        return self.repos.org.agency()

    def backup(self, *, reason: str = "manual", out: Path | None = None) -> Path:
        from xiaoneng.store import backup

        with self.store.locked():
            return backup.write_backup(self.root, reason=reason, now=self.now(), out=out)


def open_core(
    root: Path,
    *,
    on_wait: Callable[[str], None] | None = None,
    clock: Clock = system_clock,
    checklist_dirs: list[Path] | None = None,
) -> Core:
    from xiaoneng.services.migrate import signed_steps

    store = schema.open_existing(
        Path(root), on_wait=on_wait, now=clock, steps=signed_steps(clock, checklist_dirs)
    )
    return Core(store, clock=clock, checklist_dirs=checklist_dirs)
