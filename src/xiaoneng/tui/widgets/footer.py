"""The key line at the bottom of every screen, shown from the first frame.

Textual's Footer composes empty and lists the keys only one refresh after
the screen's first bindings update, so a screen that opens (the register, a
study module) showed a blank key line for a moment, longer on a busy machine.
This one lists the screen's keys when it is composed, with the rest of the
screen, and then follows changes as Textual's does. Screens use it as
`Footer` (same name, drop-in). Keys that Textual's own widgets show (an
open dropdown's Esc) are labelled in Chinese like ours.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.css.query import NoMatches
from textual.widgets import Footer as TextualFooter
from textual.widgets._footer import FooterKey

# Textual's shown key descriptions (all of them in Textual 8: SelectOverlay's).
CHINESE = {"Dismiss menu": "收起列表"}


class Footer(TextualFooter):
    def compose(self) -> ComposeResult:
        # The screen's own widgets are in the DOM by now; one still being
        # composed (a screen's check_action may look it up) leaves Textual's
        # timing: the keys appear after the first refresh.
        ready = self._bindings_ready
        self.set_reactive(TextualFooter._bindings_ready, True)
        try:
            for widget in super().compose():
                if isinstance(widget, FooterKey):
                    widget.description = CHINESE.get(widget.description, widget.description)
                yield widget
        except NoMatches:
            self.set_reactive(TextualFooter._bindings_ready, ready)
