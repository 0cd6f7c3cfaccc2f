"""The base of every modal dialog: the screen base (typed app, `load`, `say`)
with the dialog frame (`.dialog` in dialogs.tcss) and a cancel that dismisses
with None."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.screen import ModalScreen

from xiaoneng.tui.base import BaseScreen, ResultType


class BaseDialog(ModalScreen[ResultType | None], BaseScreen[ResultType | None]):
    """A modal dialog. Esc cancels (dismisses with None) unless a subclass rebinds it."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "取消")]

    def action_cancel(self) -> None:
        self.dismiss(None)
