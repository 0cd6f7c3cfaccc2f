"""Waiting in Pilot tests: poll for a condition, never sleep a guessed time.

A screen loads in a thread worker, posts the result back, and its handler may
start another worker or push a screen; how many rounds that takes depends on
the screen and on how busy the machine is. `settle` repeats "wait for the
workers, let every message be handled" until nothing is left to do and the
test's own condition holds, and fails with the screen it saw if that takes
longer than `timeout`.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable

import pytest
from textual.pilot import Pilot
from textual.worker import WorkerCancelled, WorkerState

POLL = 0.02  # seconds between looks while the app is quiet but the condition is not met
WAITING = (WorkerState.PENDING, WorkerState.RUNNING)


def _busy(pilot: Pilot) -> bool:
    return any(worker.state in WAITING for worker in pilot.app.workers)


async def _workers_done(pilot: Pilot) -> None:
    """Wait for every worker; one cancelled on the way (an exclusive worker
    replaced by a newer one, a screen closed) is the app at work, not an error.
    A failed worker still raises."""
    for worker in list(pilot.app.workers):
        with contextlib.suppress(WorkerCancelled):
            await worker.wait()


async def settle(
    pilot: Pilot,
    until: Callable[[], object] | None = None,
    *,
    timeout: float = 10.0,
    what: str = "",
) -> None:
    """Wait until the app is quiet (no worker pending or running, every message
    handled, no screen change in the last round) and `until()` is true.

    `what` names the condition in the failure message.
    """
    app = pilot.app
    deadline = time.monotonic() + timeout
    while True:
        screen = app.screen
        await _workers_done(pilot)
        await pilot.pause()
        quiet = screen is app.screen and not _busy(pilot)
        if quiet and (until is None or until()):
            return
        if time.monotonic() > deadline:
            wanted = what or ("the condition" if until is not None else "the app to be quiet")
            busy = [w.name for w in app.workers if w.state in WAITING]
            pytest.fail(
                f"waited {timeout:g}s for {wanted}; screen {type(app.screen).__name__}, "
                f"workers still busy: {busy or 'none'}"
            )
        if quiet:
            await pilot.pause(POLL)
