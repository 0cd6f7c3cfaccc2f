"""The key line at the bottom of every screen, shown from the first frame.

Textual's Footer composes empty and lists the keys only one refresh after
the screen's first bindings update, so a screen that opens (the register, a
study module) showed a blank key line for a moment, longer on a busy machine.
This one lists the screen's keys when it is composed, with the rest of the
screen, and then follows changes as Textual's does. Screens use it as
`Footer` (same name, drop-in).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.css.query import NoMatches
from textual.widgets import Footer as TextualFooter


class Footer(TextualFooter):
    def compose(self) -> ComposeResult:
        # The screen's own widgets are in the DOM by now; one still being
        # composed (a screen's check_action may look it up) leaves Textual's
        # timing: the keys appear after the first refresh.
        ready = self._bindings_ready
        self.set_reactive(TextualFooter._bindings_ready, True)
        try:
            yield from super().compose()
        except NoMatches:
            self.set_reactive(TextualFooter._bindings_ready, ready)
