"""The base of every modal dialog."""

from __future__ import annotations

from textual.screen import ModalScreen

from xiaoneng.tui.base import BaseScreen, ResultType


class BaseDialog(ModalScreen[ResultType], BaseScreen[ResultType]):
    """A modal screen with the typed app (see tui.base.BaseScreen)."""
