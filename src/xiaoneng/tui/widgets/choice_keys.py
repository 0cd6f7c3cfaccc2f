"""A dialog's keys where a choice (a RadioSet) comes before a text field:
↑↓ or a digit choose at once, and Tab, Enter or the digit go on to the text,
so "2, the reason, Enter" typed in one burst does what it says.

The RadioSet learns of a change only after the keys behind it have been
handled, so the dialog reads the choice from `index`, not from the set."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from textual import events
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, RadioButton, RadioSet

from xiaoneng.tui.keyboard import FieldKeys


class ChoiceKeys(FieldKeys):
    def __init__(
        self,
        screen: Screen[Any],
        choice: str,
        fields: Sequence[str],
        enter: Callable[[Input], None],
    ) -> None:
        super().__init__(screen, fields, enter)
        self.choice = choice  # the RadioSet's selector
        self.index = 0  # the option chosen

    @property
    def options(self) -> RadioSet:
        return self.screen.query_one(self.choice, RadioSet)

    def start(self, first: Widget | None = None) -> None:
        """The choice first; keys typed before the dialog showed are replayed."""
        super().start(first or self.options)

    def choose(self, index: int) -> None:
        buttons = list(self.options.query(RadioButton))
        if 0 <= index < len(buttons):
            self.index = index
            buttons[index].value = True

    def claim(self, event: events.Key) -> bool:
        if self._early is not None or self.current is not self.options:
            return super().claim(event)
        key = event.key
        count = len(self.options.query(RadioButton))
        if key in ("up", "down") and count:
            self.choose((self.index + (1 if key == "down" else -1)) % count)
        elif key.isdigit() and 1 <= int(key) <= count:
            self.choose(int(key) - 1)
            self.focus(self.fields()[-1])
        elif key in ("tab", "enter"):
            self.focus(self.fields()[-1])
        else:
            return False
        return True
