"""Pilot tests without painting every frame nobody sees.

A Textual app under `run_test` is headless: after each refresh the compositor
still renders the changed lines (a fifth of a Pilot test's CPU, measured with
py-spy over the functional tests) and the driver throws them away. Here a
headless app skips that per-frame render and keeps the regions it would
have drawn; when `settle()` finds the app quiet, `paint` draws them in one
frame (the whole screen when it is new), so an error raised while drawing
(bad markup in a cell, a renderable that fails) still fails the test at the
step that shows it.

Snapshot tests paint every frame (`every_frame()`): a picture must be what a
terminal shows, and a terminal paints each frame, which for a widget that
measures its content when drawn decides its scroll bar. `PAINT_EVERY_FRAME=1`
in the environment turns the skipping off for every test, to compare.

`pilot.pause()` and every key pressed wait for the process to be idle in
steps of 20 ms (textual._wait); a third of a Pilot test's wall time was
spent idle (20 s of CPU in 30 s for test_tui_office), those steps part of
it. They are 5 ms here;
`settle()` still waits for workers and conditions, not for time.
"""

from __future__ import annotations

import contextlib
import os
import weakref
from collections.abc import Iterator
from typing import Any

from textual import _wait
from textual.app import App
from textual.css.stylesheet import Stylesheet
from textual.pilot import Pilot
from textual.screen import Screen

_compositor_refresh = Screen._compositor_refresh


def _refresh_unless_headless(self: Screen) -> None:
    app = self.app
    if not (_skipping and app.is_headless and self is app.screen and not app.is_inline):
        _compositor_refresh(self)
        return
    # What the original does after rendering the top screen, without rendering;
    # the regions to draw again are kept, and add up until the next paint.
    _unpainted.add(self)
    self._dirty_widgets.clear()
    app._update_mouse_over(self)


_unpainted: weakref.WeakSet[Screen] = weakref.WeakSet()  # changed since painted


def _paint(app: App) -> None:
    """Draw what changed on the current screen since it was last painted, as
    one frame of a terminal would (the whole screen when it is new)."""
    screen = app.screen
    if not (app.is_headless and app._running and not app._closed):
        return
    if not _skipping:  # painting every frame: one more, in full
        screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    elif screen in _unpainted:
        _unpainted.discard(screen)
        screen._compositor.render_update(screen_stack=app._background_screens)


def _sizes(app: App) -> list[tuple[object, object, object]]:
    return [(w, w.size, w.virtual_size) for w in app.screen._compositor.widgets]


async def paint(pilot: Pilot, *, always: bool = False) -> bool:
    """Paint the screen and let the app lay out what painting changed, until
    nothing does; say whether anything did. Some widgets measure their
    content only when drawn (an OptionList wraps its options then): its
    height shows a scroll bar, which narrows it, which wraps its lines again.
    A terminal gets there frame by frame; so does this, in a round or two.
    Painting every frame, it does nothing unless `always` (a snapshot about to
    be taken on a machine so busy that the frames have not caught up)."""
    app = pilot.app
    changed = False
    for _round in range(10):
        if not (_skipping or always):
            break
        before = _sizes(app)
        _paint(app)
        await pilot.pause()
        if _sizes(app) == before:
            break
        changed = True
    return changed


_skipping = False


@contextlib.contextmanager
def every_frame() -> Iterator[None]:
    """Paint every frame inside the block, as a terminal would."""
    global _skipping
    was, _skipping = _skipping, False
    try:
        yield
    finally:
        _skipping = was


_parsed: dict[tuple[object, ...], object] = {}
_parse_rules = Stylesheet._parse_rules


def _parse_rules_once(
    self: Stylesheet,
    css: str,
    read_from: Any,
    is_default_rules: bool = False,
    tie_breaker: int = 0,
    scope: str = "",
) -> Any:
    """Each app parses the same CSS (ours and every widget's) again: a twentieth
    of a Pilot test's CPU. Parsed rules depend on the text, where it is from
    and the theme's variables, and are not changed once parsed (Textual keeps
    them in a cache of its own, per app), so one process parses each once."""
    variables = tuple(sorted(self._variables.items()))
    key = (css, read_from, is_default_rules, tie_breaker, scope, variables)
    rules = _parsed.get(key)
    if rules is None:
        rules = _parsed[key] = _parse_rules(
            self, css, read_from, is_default_rules, tie_breaker, scope
        )
    return rules


def install() -> None:
    global _skipping
    if os.environ.get("PAINT_EVERY_FRAME") == "1":
        return
    _skipping = True
    Screen._compositor_refresh = _refresh_unless_headless  # type: ignore[method-assign]
    Stylesheet._parse_rules = _parse_rules_once  # type: ignore[method-assign]
    _wait.SLEEP_GRANULARITY = 0.005
    _wait.SLEEP_IDLE = _wait.SLEEP_GRANULARITY / 20.0
