"""An app that opens signed in at one screen, as most Pilot tests need.

Signing in through the sign-in screen is what tests/functional/test_tui_login
and the keyboard tests do; the other tests used to start at that screen too
and then jump to their route, composing a sign-in screen nobody looked at
(about a tenth of a second of CPU in each)."""

from __future__ import annotations

from typing import TypeVar

from textual.pilot import Pilot
from textual.screen import Screen

from helpers.settle import settle
from xiaoneng.services.core import Core
from xiaoneng.tui.app import XiaonengApp
from xiaoneng.tui.factory import build_app

S = TypeVar("S", bound=Screen)


def started(core: Core, pid: str, *route: str) -> XiaonengApp:
    """The app as `pid` sees it after signing in and opening `route`
    (a route and its arguments, as `app.go` takes them; none: their home)."""
    return build_app(core, signed_in=core.roster.require(pid), route=route)


async def shown(pilot: Pilot, kind: type[S] = Screen) -> S:  # type: ignore[assignment]
    """The screen once it has loaded, checked to be a `kind`."""
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, kind), f"{type(screen).__name__} shown, not {kind.__name__}"
    return screen
