"""Signing in, confirming a sign-off with the PIN, changing the PIN.

Wrong PINs are counted in the person's record under the data lock, so five
wrong tries lock the account for 15 minutes whichever processes they came
from. The slow hash runs outside the lock; the count is re-checked inside.

The PIN hash a login checks must be the one the person's latest signed
roster change sealed (services/pins.py), so a hash swapped into the data file
signs nothing. The counts and lockout are not signed (they change on every
wrong try); they are read defensively: a negative or broken count gives no
more tries than a fresh one, an unreadable lock time counts as no lock. Who
can edit the data file can reset them, but that person can also read the
hashes and search the PINs offline: the lockout is against guessing through
the program, not against the file's owner (RELIABILITY.md, Limits).

The login does not tell which 工号 exist (the browser puts it in reach of any
web page): an unknown, deactivated or PIN-less 工号 is answered like a wrong
PIN, with the same words, count-down and lockout, and the same work (one
scrypt hash, one write). Its count lives in `login-failures.json` under a
keyed hash of the 工号, so what was typed is not stored.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from collections.abc import Callable
from dataclasses import replace
from functools import cache
from typing import TYPE_CHECKING

from xiaoneng.errors import OperationError, UserError
from xiaoneng.model.digest import record_hash, same
from xiaoneng.model.people import Person
from xiaoneng.services.pins import check_pin, hash_pin, pin_seal, require_strong
from xiaoneng.services.text import ID_RE, normalise
from xiaoneng.store import Txn

if TYPE_CHECKING:
    from xiaoneng.services.core import Core

MAX_TRIES = 5
LOCK_MINUTES = 15
WRONG = "工号或 PIN 不正确"
UNBOUND = (
    "该账号的 PIN 与台账登记的不一致（数据文件可能被改动），已拒绝："
    "请联系办公室运行 xiaoneng verify 核查，并重置 PIN。"
)


class LoginFailed(OperationError):
    def __init__(self, message: str, tries_left: int | None = None, until: str | None = None):
        super().__init__(message)
        self.tries_left = tries_left
        self.until = until


def _parse(ts: object) -> dt.datetime | None:
    """A stored lock time; anything unreadable counts as no lock."""
    if not isinstance(ts, str) or not ts:
        return None
    try:
        when = dt.datetime.fromisoformat(ts)
    except ValueError:
        return None
    return when if when.tzinfo is not None else None


def _count_of(failed: object) -> int:
    """A stored count of wrong tries; a broken one gives no extra tries."""
    if isinstance(failed, bool) or not isinstance(failed, int):
        return MAX_TRIES - 1
    return min(max(failed, 0), MAX_TRIES - 1)


def hhmm(ts: str) -> str:
    return dt.datetime.fromisoformat(ts).strftime("%H:%M")


@cache
def _decoy_hash() -> str:
    """A hash no PIN matches: checked when there is no real one, for the same work."""
    return hash_pin(hashlib.sha256(b"xiaoneng-decoy").hexdigest())


class AuthService:
    def __init__(self, core: Core):
        self.core = core

    def login(self, person_id: str, pin: str) -> Person:
        person_id = normalise(person_id)
        if not person_id:
            raise LoginFailed("请输入工号。")
        person = self.core.roster.get(person_id) if ID_RE.match(person_id) else None
        if person is None or not person.active or person.pin_hash is None:
            check_pin(pin or "", _decoy_hash())
            with self.core.store.transaction() as txn:
                failure = self._count(*self._stranger(txn, person_id), ok=False, login=True)
            raise failure or LoginFailed(WRONG)
        return self._check(person, pin, login=True)

    def confirm(self, person: Person, pin: str) -> Person:
        """Check the PIN of someone already signed in, before a sign-off."""
        return self._check(self.core.roster.require(person.id), pin)

    def _check(self, person: Person, pin: str, *, login: bool = False) -> Person:
        if person.pin_hash is None:
            raise LoginFailed(f"{person.name}尚未设置 PIN，请联系办公室重置。")
        ok = check_pin(pin or "", person.pin_hash)
        if not self.pin_bound(person):
            raise LoginFailed(UNBOUND)
        with self.core.store.transaction() as txn:
            current = self._current_txn(txn, person.id)
            if current.pin_hash != person.pin_hash and not self.pin_bound(current):
                raise LoginFailed(UNBOUND)

            def save(failed: int, until: str | None) -> None:
                self.core.repos.people.put_txn(
                    txn, replace(current, failed=failed, locked_until=until)
                )

            failure = self._count(current.failed, current.locked_until, save, ok=ok, login=login)
        if failure is not None:
            raise failure  # after the block, so the count is written
        return replace(current, failed=0, locked_until=None)

    def _count(
        self,
        failed: object,
        locked_until: object,
        save: Callable[[int, str | None], None],
        *,
        ok: bool,
        login: bool,
    ) -> LoginFailed | None:
        """Apply one attempt to a count (inside a transaction); the LoginFailed
        to raise once it is written, or None when `ok`."""
        now = self.core.now()
        locked = _parse(locked_until)
        if locked and now < locked:
            return self._locked(locked)
        count = 0 if locked else _count_of(failed)  # an expired lock starts afresh
        if ok:
            if failed or locked_until:
                save(0, None)
            return None
        count += 1
        until = None
        if count >= MAX_TRIES:
            until = (now + dt.timedelta(minutes=LOCK_MINUTES)).isoformat(timespec="seconds")
            count = 0
        save(count, until)
        wrong = f"{WRONG}，" if login else "PIN 不正确，"
        if until:
            return LoginFailed(
                f"{wrong}已连续 {MAX_TRIES} 次，锁定至 {hhmm(until)}（{LOCK_MINUTES} 分钟）。",
                tries_left=0,
                until=until,
            )
        left = MAX_TRIES - count
        return LoginFailed(f"{wrong}还可尝试 {left} 次。", tries_left=left)

    def pin_bound(self, person: Person) -> bool:
        """The person's PIN hash is the one their latest signed roster change sealed,
        and that change is the record its ledger entry signs."""
        found = self.core.repos.people.last_event(person.id)
        if found is None:
            return False
        ref, event = found
        want = pin_seal(self.core.secret, person.id, person.pin_hash)
        if not same((event.get("snapshot") or {}).get("pin"), want):
            return False
        entry = self.core.ledger.entry(event.get("seq"))
        return (
            entry is not None
            and entry.get("ref") == ref.to_dict()
            and entry.get("record_hash") == record_hash(event)
        )

    def _stranger(
        self, txn: Txn, person_id: str
    ) -> tuple[int, str | None, Callable[[int, str | None], None]]:
        """The count kept for a 工号 that cannot sign in, and how to save it."""
        key = hmac.new(self.core.secret, person_id.encode("utf-8"), "sha256").hexdigest()[:32]
        repo = self.core.repos.logins
        doc = repo.get_txn(txn, key) or {}

        def save(failed: int, until: str | None) -> None:
            repo.put_txn(txn, key, failed, until, self.core.now_iso())

        return doc.get("failed", 0), doc.get("locked_until"), save

    def _current_txn(self, txn: Txn, person_id: str) -> Person:
        """The person as stored now (another process may have changed them)."""
        current = self.core.repos.people.get_txn(txn, person_id)
        if current is None:
            raise LoginFailed(WRONG)
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
            self.core.roster.sign_change_txn(txn, current, "pin.change", after)
        return after
