"""Waiting in Pilot tests: poll for a condition, never sleep a guessed time.

A screen loads in a thread worker, posts the result back, and its handler may
start another worker or push a screen; how many rounds that takes depends on
the screen and on how busy the machine is. `settle` repeats "wait for the
workers, let every message be handled" until nothing is left to do and the
test's own condition holds, and fails with the screen it saw if that takes
longer than `timeout`.

A round counts as quiet only if no worker was started during it: a worker can
start and finish inside one `pilot.pause()` (Textual removes finished workers
from `app.workers`), leaving its result message still queued. On a busy
machine `pause()` also returns early (it judges "idle" by this process's CPU
time), so without the count `settle` returned before the screen showed it.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable

import pytest
from textual.pilot import Pilot
from textual.worker import Worker, WorkerCancelled, WorkerState

from helpers.headless import paint

POLL = 0.02  # seconds between looks while the app is quiet but the condition is not met
WAITING = (WorkerState.PENDING, WorkerState.RUNNING)


def _busy(pilot: Pilot) -> bool:
    """A worker still running, or an animation (a scroll to the focused field)
    still moving: a picture taken now differs from one taken a moment later."""
    animator = pilot.app.animator
    if animator._animations or animator._scheduled:  # Textual's own; no public query
        return True
    return any(worker.state in WAITING for worker in pilot.app.workers)


def _started(pilot: Pilot) -> int:
    """How many workers the app has started so far (counted from the first call)."""
    manager = pilot.app.workers
    count = getattr(manager, "_settle_started", None)
    if count is None:
        add = manager.add_worker

        def counted(worker: Worker, start: bool = True, exclusive: bool = True) -> None:
            manager._settle_started += 1  # type: ignore[attr-defined]  # our own counter
            add(worker, start=start, exclusive=exclusive)

        manager._settle_started = count = 0  # type: ignore[attr-defined]
        manager.add_worker = counted  # type: ignore[method-assign]
    return count


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
    timeout: float = 30.0,  # only a failing test waits this long
    what: str = "",
) -> None:
    """Wait until the app is quiet (no worker pending or running, every message
    handled, no screen change in the last round) and `until()` is true.

    `what` names the condition in the failure message.
    """
    app = pilot.app
    deadline = time.monotonic() + timeout
    while True:
        screen, started = app.screen, _started(pilot)
        await _workers_done(pilot)
        await pilot.pause()
        quiet = screen is app.screen and not _busy(pilot) and started == _started(pilot)
        # Frames are not painted headless (helpers/headless.py): paint this
        # one, and look again if painting changed the layout.
        if quiet and (until is None or until()) and not await paint(pilot):
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
