"""The choices of one quiz question, answered from the keyboard.

Single choice: a number or letter key answers at once; arrows and Enter too.
Multiple choice: number/letter keys or Space toggle, Enter answers. After
`reveal()` the picker is locked and marks the right and the wrong choices.
"""

from __future__ import annotations

import string
from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

LETTERS = string.ascii_uppercase


class ChoicePicker(Widget, can_focus=True):
    BINDINGS = [
        Binding("up", "move(-1)", "上一项", show=False),
        Binding("down", "move(1)", "下一项", show=False),
        Binding("space", "toggle_choice", "勾选", show=False),
        Binding("enter", "answer", "作答"),
    ]

    highlight: reactive[int] = reactive(0)

    @dataclass
    class Answered(Message):
        """The person answered (`chosen` may be empty: nothing ticked yet)."""

        picker: ChoicePicker
        chosen: frozenset[int]

        @property
        def control(self) -> ChoicePicker:
            return self.picker

    def __init__(self, *, id: str | None = None, classes: str | None = None):
        super().__init__(id=id, classes=classes)
        self.choices: tuple[str, ...] = ()
        self.multiple = False
        self.chosen: set[int] = set()
        self.answer: frozenset[int] | None = None  # set once revealed

    # -- what the screen calls ---------------------------------------------------

    def ask(self, choices: tuple[str, ...], *, multiple: bool) -> None:
        self.choices = tuple(choices)
        self.multiple = multiple
        self.chosen = set()
        self.answer = None
        self.highlight = 0
        self.refresh(layout=True)

    def reveal(self, answer: frozenset[int]) -> None:
        self.answer = frozenset(answer)
        self.refresh(layout=True)
        self.screen.refresh_bindings()

    @property
    def locked(self) -> bool:
        return self.answer is not None

    # -- keys --------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Once answered, Enter belongs to the screen (next question).
        if action in ("answer", "toggle_choice", "move"):
            return not self.locked and bool(self.choices)
        return True

    def index_of(self, character: str | None) -> int | None:
        """'1' or 'a'/'A' -> 0, ...; None when the key names no choice."""
        if not character or len(character) != 1:
            return None
        if character.isdigit() and character != "0":
            i = int(character) - 1
        elif character.upper() in LETTERS and character.isascii():
            i = LETTERS.index(character.upper())
        else:
            return None
        return i if i < len(self.choices) else None

    def on_key(self, event: events.Key) -> None:
        if self.locked:
            return
        i = self.index_of(event.character)
        if i is None:
            return
        event.stop()
        event.prevent_default()
        self.highlight = i
        if self.multiple:
            self.chosen ^= {i}
            self.refresh()
        else:
            self.chosen = {i}
            self._answer()

    def action_move(self, step: int) -> None:
        if self.choices:
            self.highlight = (self.highlight + step) % len(self.choices)

    def action_toggle_choice(self) -> None:
        if self.multiple:
            self.chosen ^= {self.highlight}
        else:
            self.chosen = {self.highlight}
        self.refresh()

    def action_answer(self) -> None:
        if not self.multiple:
            self.chosen = {self.highlight}
        self._answer()

    def _answer(self) -> None:
        self.refresh()
        self.post_message(self.Answered(self, frozenset(self.chosen)))

    def on_click(self, event: events.Click) -> None:
        # Mouse: a click on a line acts like its key (lines wrap, so map by y).
        if self.locked or not self.choices:
            return
        row = 0
        width = max(self.content_size.width, 1)
        for i, line in enumerate(self._lines()):
            row += max(1, -(-line.cell_len // width))
            if event.y < row:
                self.highlight = i
                if self.multiple:
                    self.action_toggle_choice()
                else:
                    self.action_answer()
                return

    # -- drawing -----------------------------------------------------------------

    def _lines(self) -> list[Text]:
        lines = []
        for i, choice in enumerate(self.choices):
            ticked = i in self.chosen
            marks = ("[ ]", "[x]") if self.multiple else ("( )", "(*)")
            mark = marks[ticked]
            line = Text(f"{mark} {LETTERS[i]}. {choice}")
            if self.answer is not None:
                if i in self.answer:
                    line.stylize("bold green")
                    line.append("  正确答案", style="green")
                elif ticked:
                    line.stylize("bold red")
                    line.append("  选错", style="red")
                else:
                    line.stylize("dim")
            elif i == self.highlight:
                line.stylize("reverse" if self.has_focus else "underline")
            lines.append(line)
        return lines

    def render(self) -> Text:
        return Text("\n").join(self._lines())

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
