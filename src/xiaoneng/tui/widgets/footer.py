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

from collections.abc import Hashable

from textual.app import ComposeResult
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import Footer as TextualFooter
from textual.widgets._footer import FooterKey

# Textual's shown key descriptions (all of them in Textual 8: SelectOverlay's).
CHINESE = {"Dismiss menu": "收起列表"}


class Footer(TextualFooter):
    _shown: Hashable = None  # the keys the line was last composed with

    def compose(self) -> ComposeResult:
        # The screen's own widgets are in the DOM by now; one still being
        # composed (a screen's check_action may look it up) leaves Textual's
        # timing: the keys appear after the first refresh.
        ready = self._bindings_ready
        self.set_reactive(TextualFooter._bindings_ready, True)
        try:
            self._shown = self._keys()
            for widget in super().compose():
                if isinstance(widget, FooterKey):
                    widget.description = CHINESE.get(widget.description, widget.description)
                    if not widget.has_class("-command-palette"):
                        # Born with the line's style: a key bound to the
                        # line starts compact and takes the line's (not
                        # compact) after mounting, a class change that
                        # styled every key twice. The palette's key stays.
                        widget.set_reactive(FooterKey.compact, self.compact)
                yield widget
        except NoMatches:
            self.set_reactive(TextualFooter._bindings_ready, ready)

    def bindings_changed(self, screen: Screen) -> None:
        # Textual rebuilds the whole line after every focus move or key that
        # might change a binding; most change nothing shown, and the rebuild
        # (a dozen widgets styled anew) was a large share of a busy screen's
        # work while someone types fast.
        self._bindings_ready = True
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        if self.is_attached and self._keys() != self._shown:
            await self.recompose()

    def _keys(self) -> Hashable:
        """What the line shows: each shown binding's key, label, state and
        group, and the command palette's key (shown even when `show` is off)."""
        active = self.screen.active_bindings
        shown = tuple(
            (
                b.key,
                b.action,
                b.description,
                enabled,
                tooltip,
                None if b.group is None else (b.group.description, b.group.compact),
            )
            for (_, b, enabled, tooltip) in active.values()
            if b.show
        )
        palette = active.get(self.app.COMMAND_PALETTE_BINDING)
        if palette is not None and self.show_command_palette:
            _, b, enabled, tooltip = palette
            return (shown, (b.key, b.description, b.tooltip, enabled, tooltip))
        return (shown, None)
