"""What every screen shares: the typed app, the refusal gate, one way to load.

- `self.xapp`, `self.core`, `self.user`: the XiaonengApp, its core and the
  signed-in person, typed (screens never reach them another way).
- `ROLES` / `DOING`: a screen only some roles may use shows the service
  layer's refusal instead of its content (`compose_body` is its content).
- `self.load(read, show)`: run `read` (a service call) in a thread worker; its
  result comes back to `show` on the UI thread as a `Loaded` message, or a
  refusal (its XiaonengError) to `failed` (default: `say`) as a `Failed` one;
  `show_from_thread` hands a first part (a first page) over before the rest.
  Messages to the screen are the one way back: one that arrives after the
  screen closed is dropped, never run against a screen that is gone.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, Static
from textual.worker import Worker

from xiaoneng.errors import XiaonengError
from xiaoneng.tui.keyboard import FieldKeys
from xiaoneng.tui.widgets.access import Refusal, refusal
from xiaoneng.tui.widgets.footer import Footer

if TYPE_CHECKING:
    from xiaoneng.model.people import Person
    from xiaoneng.services.core import Core
    from xiaoneng.tui.app import XiaonengApp

ResultType = TypeVar("ResultType")
T = TypeVar("T")


class Loaded(Message, bubble=False):
    """A worker's result, for `show` on the UI thread."""

    def __init__(self, value: Any, show: Callable[[Any], object]) -> None:
        super().__init__()
        self.value = value
        self.show = show


class Failed(Message, bubble=False):
    """A worker's call was refused (its XiaonengError), for `show`."""

    def __init__(self, error: XiaonengError, show: Callable[[XiaonengError], object]) -> None:
        super().__init__()
        self.error = error
        self.show = show


class Progress(Message, bubble=False):
    """How far a long worker has got (`BaseScreen.progress_from_thread`)."""

    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done = done
        self.total = total


class BaseScreen(Screen[ResultType]):
    """A screen of the app (the setup screen too: it has no core yet)."""

    ROLES: ClassVar[tuple[str, ...]] = ()  # any of these may use it; () for everyone
    DOING: ClassVar[str] = ""  # what it is for, in the refusal: 管理人员名册
    MESSAGE: ClassVar[str] = ""  # selector of the screen's message line, for `say`
    typing: FieldKeys | None = None  # a screen with text fields routes typing through it

    @property
    def xapp(self) -> XiaonengApp:
        return cast_app(self.app)

    @property
    def core(self) -> Core:
        """The open data folder's core (every screen after setup has one)."""
        core = self.xapp.core
        if core is None:
            raise RuntimeError("no data folder is open")
        return core

    @property
    def user(self) -> Person:
        """The signed-in person (every screen after login has one)."""
        user = self.xapp.user
        if user is None:
            raise RuntimeError("nobody is signed in")
        return user

    # -- who may use it ------------------------------------------------------------

    @cached_property
    def denied(self) -> str | None:
        """The refusal when the signed-in person may not use this screen."""
        return refusal(self.user, *self.ROLES, doing=self.DOING) if self.ROLES else None

    def compose(self) -> ComposeResult:
        if self.denied is not None:
            yield Header()
            yield Refusal(self.denied)
            yield Footer()
            return
        yield from self.compose_body()

    def compose_body(self) -> ComposeResult:
        """The screen's content (for those who may use it)."""
        yield from ()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.denied is not None:
            return action in ("app.pop_screen", "back")  # only the way out
        return True

    def guard_exit(self, doing: str, then: Callable[[], object]) -> bool:
        """Before `doing` (closing the app, signing out): True when this screen
        asks first and calls `then()` itself if the answer allows it."""
        return False

    # -- loading and saving in a worker ----------------------------------------------

    def load(
        self,
        read: Callable[[], T],
        show: Callable[[T], object],
        *,
        failed: Callable[[XiaonengError], object] | None = None,
        group: str = "load",
    ) -> Worker[None]:
        """Run `read` in a thread; `show(result)` or `failed(error)` on the UI thread.

        One worker per group at a time: a newer call cancels an older one.
        """

        def work() -> None:
            try:
                value = read()
            except XiaonengError as err:
                self.post_message(Failed(err, failed or self.say))
                return
            self.post_message(Loaded(value, show))

        return self.run_worker(work, thread=True, exclusive=True, group=group, name=group)

    def show_from_thread(self, value: T, show: Callable[[T], object]) -> None:
        """For a worker: hand a first part of its result (a table's first page)
        to `show` on the UI thread while it goes on reading the rest."""
        self.post_message(Loaded(value, show))

    def progress_from_thread(self, done: int, total: int) -> None:
        """For a worker: report progress; the screen's `on_progress` shows it."""
        self.post_message(Progress(done, total))

    @on(Loaded)
    async def _show_loaded(self, msg: Loaded) -> None:
        shown = msg.show(msg.value)
        if inspect.iscoroutine(shown):  # an async `show` (it mounts widgets); not dismiss()
            await shown

    @on(Failed)
    async def _show_failed(self, msg: Failed) -> None:
        shown = msg.show(msg.error)
        if inspect.iscoroutine(shown):
            await shown

    def say(self, text: str | Exception, *, error: bool = True) -> None:
        """`text` (or a refusal's message) in the screen's message line, never as markup."""
        line = self.query_one(self.MESSAGE, Static)
        line.update(Text(str(text)))
        line.set_class(error, "error")


def cast_app(app: object) -> XiaonengApp:
    """The running app as the XiaonengApp it is."""
    from xiaoneng.tui.app import XiaonengApp

    assert isinstance(app, XiaonengApp)
    return app
