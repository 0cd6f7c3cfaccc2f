"""Pilot helpers for the 巾帼文明岗 screens: a Static's text, and a screen
opened as one person (the app's route, then wait until it has loaded)."""

from __future__ import annotations

from conftest import person
from textual.widgets import Static

from helpers.settle import settle


def static_text(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def open_as(app, pilot, pid: str, *route: str):
    app.user = person(app.core, pid)
    app.go(*route)
    await settle(pilot)
    return app.screen
