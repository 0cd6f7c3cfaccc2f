"""The sign-in kiosk: the part of the sign-in screen an admin leaves open
for attendees, who type their 工号 and PIN one after another.

Keys go in arrival order (tui/keyboard.py): a person's 工号, Enter, PIN,
Enter may come in one burst, and the next person's straight after. What was
typed is never repeated on screen (it may be a PIN in the wrong box), and
every way out (Esc, Ctrl+O, Ctrl+Q) asks for the PIN of the admin who opened
the kiosk.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.widgets import Input, Static

from xiaoneng.model.records import StudySession
from xiaoneng.services.auth import LoginFailed
from xiaoneng.services.ledger import short
from xiaoneng.tui.base import BaseScreen
from xiaoneng.tui.dialogs.pin_confirm import PinConfirmScreen
from xiaoneng.tui.format import clock
from xiaoneng.tui.keyboard import FieldKeys
from xiaoneng.tui.screens.session_signin_data import KioskDone

UNLOCK = "kiosk-unlock"  # the id of the dialog asking for the admin's PIN


class KioskScreen(BaseScreen[None]):
    """The kiosk's half of SessionSigninScreen (which loads the session)."""

    session_id: str
    session: StudySession | None
    typing: FieldKeys  # the kiosk's (None for everyone else)

    @property
    def kiosk(self) -> bool:
        return self.user.is_admin

    def reload(self) -> None:
        raise NotImplementedError

    def guard_exit(self, doing: str, then: Callable[[], object]) -> bool:
        """Every way out of the kiosk (Esc, Ctrl+O, Ctrl+Q) asks for the PIN of
        the admin who opened it, so attendees cannot reach the rest of the app."""
        if not self.kiosk:
            return False
        if self.app.screen.id == UNLOCK:
            return True  # already asking
        user, auth = self.user, self.core.auth

        def answered(result: object) -> None:
            if result is not None:
                then()

        dialog = PinConfirmScreen(
            doing,
            f"签到台由{user.name}打开：{doing}需要输入其 PIN，以免参会人员进入其他功能。",
            lambda pin: auth.confirm(user, pin),
        )
        dialog.id = UNLOCK
        self.app.push_screen(dialog, answered)
        return True

    # -- the kiosk -----------------------------------------------------------------

    def _kiosk_enter(self, box: Input) -> None:
        if box.id == "kiosk-id":
            self._id_entered(box.value.strip())
        else:
            self._pin_entered()

    def _id_problem(self, pid: str) -> str | None:
        """Why `pid` cannot sign in here now (never repeating what was typed: it
        may be a PIN typed into the wrong box)."""
        person = self.core.roster.get(pid)
        if person is None or not person.active:
            return "没有这个工号，或已停用。"
        if self.session is None:
            return "正在读取学习活动，请稍候再试。"
        return self.core.sessions.attend_block(person, self.session)

    def _id_entered(self, pid: str) -> None:
        # Always on to the PIN box: a PIN typed straight after the 工号 must land
        # in the masked box even when the 工号 is refused.
        if not pid:
            self._kiosk_say("请输入工号。")
            return
        problem = self._id_problem(pid)
        if problem:
            self._kiosk_say(f"{problem}按 Enter 重新输入工号。")
        else:
            person = self.core.roster.require(pid)
            self._kiosk_say(f"{person.name}，请输入 PIN 后按 Enter。", error=False)
        self.typing.focus(self.query_one("#kiosk-pin", Input))

    def _pin_entered(self) -> None:
        box_id = self.query_one("#kiosk-id", Input)
        box_pin = self.query_one("#kiosk-pin", Input)
        pid, pin = box_id.value.strip(), box_pin.value
        # Both boxes clear at once, ready for the next person in the queue.
        box_id.value = box_pin.value = ""
        self.typing.focus(box_id)
        problem = self._id_problem(pid) if pid else "请先输入工号。"
        if problem:
            self._kiosk_say(problem if pin else "请输入工号。")
            return
        if not pin:
            box_id.value = pid
            self.typing.focus(box_pin)
            self._kiosk_say("请输入 PIN 后按 Enter。")
            return
        self._kiosk_say("正在签到…", error=False)
        self.kiosk_attend(pid, pin)

    def kiosk_attend(self, pid: str, pin: str) -> None:
        core, session_id = self.core, self.session_id

        def attend() -> KioskDone:
            person = core.roster.require(pid)
            try:
                signin, entry = core.sessions.attend(person, session_id, pin)
            except LoginFailed as err:  # a wrong PIN: the same person tries again
                return KioskDone(False, f"{person.name}：{err}", keep_id=bool(err.tries_left))
            stamp = f"{clock(signin.time)}，台账 {short(entry['hash'])}"
            return KioskDone(True, f"{person.name}签到成功（{stamp}）。")

        self.load(
            attend,
            lambda done: self._kiosk_done(done, pid),
            failed=lambda err: self._kiosk_done(KioskDone(False, str(err)), pid),
            group=f"kiosk-{pid}",
        )

    def _kiosk_done(self, msg: KioskDone, pid: str) -> None:
        self._kiosk_say(msg.text, error=not msg.ok)
        box_id = self.query_one("#kiosk-id", Input)
        if msg.keep_id and not box_id.value and self.typing.current is box_id:
            box_id.value = pid  # nobody has started typing since: the same person again
            self.typing.focus(self.query_one("#kiosk-pin", Input))
        if msg.ok:
            self.reload()

    def _kiosk_say(self, text: str, *, error: bool = True) -> None:
        box = self.query_one("#kiosk-message", Static)
        box.update(Text(text, style="bold red" if error else "bold green"))
