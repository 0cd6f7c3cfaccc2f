"""Refusing a screen to someone whose roles do not allow it.

The service layer decides (permissions.require_role); the screen shows its
message instead of its content, so a refused person sees why and goes back.
"""

from __future__ import annotations

from textual.widgets import Static

from xiaoneng.errors import PermissionDenied
from xiaoneng.services.permissions import require_role


def refusal(user, *roles: str, doing: str) -> str | None:
    """The refusal message, or None when `user` holds one of `roles`."""
    try:
        require_role(user, *roles, doing=doing)
    except PermissionDenied as err:
        return str(err)
    return None


class Refusal(Static):
    """The refusal, in place of a screen's content."""

    def __init__(self, message: str) -> None:
        super().__init__(f"{message}\n\n按 Esc 返回。", id="refusal", classes="message error")
