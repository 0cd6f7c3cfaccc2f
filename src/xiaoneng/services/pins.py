"""PIN hashing (salted scrypt) and PIN rules.

A 6-digit PIN falls to an offline search from any hash (PITFALLS), so the
real protection is the attempt limit and lockout in `auth`; the slow hash
only makes a stolen file less useful.

The hash a login checks is bound to the ledger: every signed roster change
records `pin_seal` of the person's hash (an HMAC keyed by secret.key, so the
ledger holds nothing a PIN could be guessed from), and a login refuses a hash
whose seal is not the one the person's latest signed change recorded.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from xiaoneng.errors import UserError
from xiaoneng.model.digest import seal

N, R, P = 2**14, 8, 1
SALT_BYTES = 16
KEY_BYTES = 32
PIN_MIN, PIN_MAX = 6, 12


def _b64(b: bytes) -> str:
    return base64.b64encode(b).decode("ascii")


def hash_pin(pin: str) -> str:
    salt = secrets.token_bytes(SALT_BYTES)
    key = hashlib.scrypt(pin.encode("utf-8"), salt=salt, n=N, r=R, p=P, dklen=KEY_BYTES)
    return f"scrypt${N}${R}${P}${_b64(salt)}${_b64(key)}"


def check_pin(pin: str, stored: str | None) -> bool:
    if not stored:
        return False
    try:
        algo, n, r, p, salt, key = stored.split("$")
        if algo != "scrypt":
            return False
        want = base64.b64decode(key)
        got = hashlib.scrypt(
            pin.encode("utf-8"),
            salt=base64.b64decode(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(want),
            maxmem=2**26,
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, want)


def pin_seal(secret: bytes, person_id: str, pin_hash: str | None) -> str | None:
    """What a signed roster change records of the person's PIN hash (None: no PIN)."""
    return seal(secret, "pin", person_id, pin_hash) if pin_hash else None


def random_pin(length: int = 6) -> str:
    while True:
        pin = "".join(secrets.choice("0123456789") for _ in range(length))
        if not weakness(pin):
            return pin


def weakness(pin: str) -> str | None:
    """Why a PIN is too weak, or None."""
    if not pin.isdigit() or not pin.isascii():
        return "PIN 只能由数字组成"
    if not PIN_MIN <= len(pin) <= PIN_MAX:
        return f"PIN 长度应为 {PIN_MIN}–{PIN_MAX} 位"
    if len(set(pin)) == 1:
        return "PIN 不能全是同一个数字"
    digits = [int(c) for c in pin]
    steps = {b - a for a, b in zip(digits, digits[1:], strict=False)}
    if steps in ({1}, {-1}):
        return "PIN 不能是连续数字"
    return None


def require_strong(pin: str) -> None:
    why = weakness(pin)
    if why:
        raise UserError(f"新 PIN 不可用：{why}。")
