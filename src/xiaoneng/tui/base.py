"""What every screen shares: the app, its core and the signed-in person, typed.

Screens reach the application only through `self.xapp` (the XiaonengApp),
`self.core` and `self.user`, so a type checker sees every use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar, cast

from textual.screen import Screen

if TYPE_CHECKING:
    from xiaoneng.model.people import Person
    from xiaoneng.services.core import Core
    from xiaoneng.tui.app import XiaonengApp

ResultType = TypeVar("ResultType")


class BaseScreen(Screen[ResultType]):
    """A screen of the signed-in app (the setup screen too: it has no core yet)."""

    @property
    def xapp(self) -> XiaonengApp:
        return cast("XiaonengApp", self.app)

    @property
    def core(self) -> Core:
        """The open data folder's core (every screen after setup has one)."""
        core = self.xapp.core
        if core is None:
            raise RuntimeError("no data folder is open")
        return core

    @property
    def user(self) -> Person:
        """The signed-in person (every screen after login has one)."""
        user = self.xapp.user
        if user is None:
            raise RuntimeError("nobody is signed in")
        return user
