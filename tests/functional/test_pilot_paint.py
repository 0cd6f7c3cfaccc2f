"""The Pilot harness (tests/helpers/headless.py) skips the frames nobody sees;
a widget that fails while drawn must still fail the test."""

from __future__ import annotations

import pytest
from helpers.settle import settle
from textual.app import App, ComposeResult
from textual.widget import Widget


class Breaks(Widget):
    broken = False

    def render(self) -> str:
        if self.broken:
            raise RuntimeError("drawing failed")
        return "fine"


class Small(App[None]):
    def compose(self) -> ComposeResult:
        yield Breaks()


async def test_a_widget_that_fails_when_drawn_fails_the_test():
    app = Small()
    with pytest.raises(RuntimeError, match="drawing failed"):
        async with app.run_test() as pilot:
            await settle(pilot)
            widget = app.query_one(Breaks)
            widget.broken = True
            widget.refresh()
            await settle(pilot)
