"""Typing into a screen's text fields in the order the keys arrived.

A fast typist, a paste or a badge scanner delivers `1006<Tab>246813<Enter>`
in one burst. Textual hands every key of a burst to the widget focused when
the burst arrived, and moves focus only later (a Tab is a binding resolved
after the key has bubbled up; `focus()` is a callback queued behind the
burst), so the PIN would land in the visible 工号 box.

`FieldKeys` handles those keys at the screen level instead: the app gives
each key to the current screen's `FieldKeys` first (`XiaonengApp.on_event`),
which keeps its own idea of the field being typed into, moves it at once on
Tab, Shift+Tab and Enter, and edits that field directly. Keys that arrive
before the screen is mounted (a dialog just opened) wait and are replayed in
order when the screen calls `start`. Textual's Input selects its text when
focus arrives, which may be after the first keys for it were typed (the rest
would replace them: `246813` became `813`); so the fields do not select on
focus, and `focus` selects a field's old text at once, in order with the keys.
Any other key, or any key while focus is
on something that is not one of its fields (a button, a table), takes
Textual's usual way.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from textual import events
from textual.css.query import NoMatches
from textual.widget import Widget
from textual.widgets import Input
from textual.widgets.input import Selection

if TYPE_CHECKING:
    from textual.screen import Screen

# Enter, and Ctrl+J: keys typed before the app has set the terminal to raw
# mode (a burst typed as the program starts) were read by the terminal in its
# usual mode, which turns the Enter's CR into LF, and Textual reads LF as
# Ctrl+J. Ctrl+J is Enter in a shell's line editor too.
ENTER = ("enter", "ctrl+j")

# Editing keys of an Input, run on the field the keys are meant for.
EDITS: dict[str, Callable[[Input], None]] = {
    "backspace": Input.action_delete_left,
    "delete": Input.action_delete_right,
    "left": Input.action_cursor_left,
    "right": Input.action_cursor_right,
    "home": Input.action_home,
    "end": Input.action_end,
}


class FieldKeys:
    """The keys typed into `fields` (Input selectors, in order) on `screen`.

    `enter(field)` is what Enter does in a field; it runs before the next key
    is looked at, so it must move on with `focus`, not `Input.focus`.
    `shortcuts` are the screen's own keys (key -> what it does) for when the
    focus is not in a field, run in order with the rest (a binding would run
    only after the keys behind it).
    """

    def __init__(
        self,
        screen: Screen[Any],
        fields: Sequence[str],
        enter: Callable[[Input], None],
        shortcuts: Mapping[str, Callable[[], object]] | None = None,
    ) -> None:
        self.screen = screen
        self.selectors = tuple(fields)
        self.enter = enter
        self.shortcuts = dict(shortcuts or {})
        self._pending: Widget | None = None  # where focus is going (not there yet)
        self._early: list[events.Key] | None = []  # keys before `start`; None once started

    # -- the screen's side -------------------------------------------------------------

    def start(self, first: Widget | None = None) -> None:
        """The screen is mounted: focus `first` (the first field) and replay early keys."""
        fields = self.fields()
        for field in fields:
            field.select_on_focus = False  # `focus` selects, in key order
        self.focus(first or fields[0])
        early, self._early = self._early or [], None
        for key in early:
            self.claim(key)

    def focus(self, widget: Widget) -> None:
        """Move to `widget` now for the keys that follow; Textual's focus follows.
        A field's old text is selected, so what is typed next replaces it."""
        self._pending = widget
        if isinstance(widget, Input):
            widget.selection = Selection(0, len(widget.value))

        def arrive() -> None:
            if self._pending is widget:
                self._pending = None
                if widget.is_attached:
                    self.screen.set_focus(widget)

        self.screen.app.call_later(arrive)

    def fields(self) -> list[Input]:
        return [self.screen.query_one(sel, Input) for sel in self.selectors]

    @property
    def current(self) -> Widget | None:
        """The widget the next key is meant for."""
        return self._pending if self._pending is not None else self.screen.focused

    # -- the app's side ----------------------------------------------------------------

    def claim(self, event: events.Key) -> bool:
        """Handle `event` if it is typing into one of the fields; False leaves it to Textual."""
        if self._early is not None:
            if event.is_printable or event.key in (
                "tab",
                "shift+tab",
                *ENTER,
                *EDITS,
                *self.shortcuts,
            ):
                self._early.append(event)
                return True
            return False
        try:
            fields = self.fields()
        except NoMatches:  # the screen is closing
            return False
        target = self.current
        key = event.key
        if key in ("tab", "shift+tab") and target is not None:
            self._step(target, back=key == "shift+tab")  # from anywhere: what follows goes there
            return True
        if not isinstance(target, Input) or target not in fields or target.disabled:
            if key in self.shortcuts:
                self.shortcuts[key]()
                return True
            return False
        if key in ENTER:
            self.enter(target)
        elif key in EDITS:
            EDITS[key](target)
        elif event.is_printable and event.character:
            selection = target.selection
            if selection.is_empty:
                target.insert_text_at_cursor(event.character)
            else:
                target.replace(event.character, *selection)
        else:
            return False
        return True

    def _step(self, target: Widget, *, back: bool) -> None:
        chain = self.screen.focus_chain
        if not chain:
            return
        i = chain.index(target) if target in chain else -1
        self.focus(chain[(i + (-1 if back else 1)) % len(chain)])
