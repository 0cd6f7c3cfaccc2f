"""Keys in one burst, as a fast typist, a paste or a badge scanner sends them.

`pilot.press` waits for the app to be idle after every key, so it never shows
what happens when keys arrive faster than focus moves; `burst` queues them
all at once, the way `tmux send-keys '1006' Tab '246813' Enter` does.
"""

from __future__ import annotations

from textual import events
from textual.keys import _character_to_key
from textual.pilot import Pilot

NAMED = {"\t": "tab", "\r": "enter", "\n": "enter", " ": "space", "\x1b": "escape"}


def burst(pilot: Pilot, text: str) -> None:
    """Queue `text` as key events in one go: characters, with \\t for Tab and
    \\r for Enter (no waiting between keys; `settle` afterwards)."""
    app = pilot.app
    driver = app._driver
    assert driver is not None
    for ch in text:
        key = NAMED.get(ch)
        if key is None:
            event = events.Key(_character_to_key(ch), ch)
        else:
            event = events.Key(key, " " if key == "space" else None)
        event.set_sender(app)
        driver.send_message(event)
