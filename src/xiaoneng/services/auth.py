"""Signing in, confirming a sign-off with the PIN, changing the PIN.

Wrong PINs are counted in the person's record under the data lock, so five
wrong tries lock the account for 15 minutes whichever processes they came
from. The slow hash runs outside the lock; the count is re-checked inside.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import TYPE_CHECKING

from xiaoneng.errors import OperationError, UserError
from xiaoneng.model.people import Person
from xiaoneng.services.pins import check_pin, hash_pin, require_strong
from xiaoneng.store import Txn

if TYPE_CHECKING:
    from xiaoneng.services.core import Core

MAX_TRIES = 5
LOCK_MINUTES = 15


class LoginFailed(OperationError):
    def __init__(self, message: str, tries_left: int | None = None, until: str | None = None):
        super().__init__(message)
        self.tries_left = tries_left
        self.until = until


def _parse(ts: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(ts) if ts else None


def hhmm(ts: str) -> str:
    return dt.datetime.fromisoformat(ts).strftime("%H:%M")


class AuthService:
    def __init__(self, core: Core):
        self.core = core

    def login(self, person_id: str, pin: str) -> Person:
        person_id = (person_id or "").strip()
        if not person_id:
            raise LoginFailed("请输入工号。")
        person = self.core.roster.get(person_id)
        if person is None:
            raise LoginFailed(f"工号 {person_id} 不存在。")
        if not person.active:
            raise LoginFailed(f"账号 {person_id} 已停用，请联系办公室。")
        return self._check(person, pin)

    def confirm(self, person: Person, pin: str) -> Person:
        """Check the PIN of someone already signed in, before a sign-off."""
        return self._check(self.core.roster.require(person.id), pin)

    def _check(self, person: Person, pin: str) -> Person:
        now = self.core.now()
        locked = _parse(person.locked_until)
        if locked and now < locked:
            raise self._locked(locked)
        if person.pin_hash is None:
            raise LoginFailed(f"{person.name}尚未设置 PIN，请联系办公室重置。")
        ok = check_pin(pin or "", person.pin_hash)
        with self.core.store.transaction() as txn:
            current = self._current_txn(txn, person.id)
            locked = _parse(current.locked_until)
            if locked and now < locked:
                raise self._locked(locked)  # locked by another process meanwhile
            failed = 0 if locked else current.failed  # an expired lock starts afresh
            if ok:
                if current.failed or current.locked_until:
                    after = replace(current, failed=0, locked_until=None)
                    self.core.repos.people.put_txn(txn, after)
                    return after
                return current
            failed += 1
            until = None
            if failed >= MAX_TRIES:
                until = (now + dt.timedelta(minutes=LOCK_MINUTES)).isoformat(timespec="seconds")
                failed = 0
            self.core.repos.people.put_txn(txn, replace(current, failed=failed, locked_until=until))
        if until:
            raise LoginFailed(
                f"PIN 错误已达 {MAX_TRIES} 次，账号锁定至 {hhmm(until)}（{LOCK_MINUTES} 分钟）。",
                tries_left=0,
                until=until,
            )
        left = MAX_TRIES - failed
        raise LoginFailed(f"PIN 不正确，还可尝试 {left} 次。", tries_left=left)

    def _current_txn(self, txn: Txn, person_id: str) -> Person:
        """The person as stored now (another process may have changed them)."""
        current = self.core.repos.people.get_txn(txn, person_id)
        if current is None:
            raise LoginFailed(f"工号 {person_id} 不存在。")
        return current

    def _locked(self, until: dt.datetime) -> LoginFailed:
        stamp = until.isoformat(timespec="seconds")
        return LoginFailed(
            f"PIN 错误次数过多，账号锁定至 {until.strftime('%H:%M')}，请稍后再试。",
            tries_left=0,
            until=stamp,
        )

    def change_pin(self, person: Person, old: str, new: str) -> Person:
        self.confirm(person, old)
        if new == old:
            raise UserError("新 PIN 不能与原 PIN 相同。")
        require_strong(new)
        new_hash = hash_pin(new)
        with self.core.store.transaction() as txn:
            current = self._current_txn(txn, person.id)
            after = replace(current, pin_hash=new_hash, pin_initial=False, failed=0)
            self.core.repos.people.put_txn(txn, after)
        return after
