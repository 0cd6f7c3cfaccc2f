"""The hash-chained ledger of sign-offs.

Every sign-off writes its record and appends an entry in the same
transaction. An entry holds the actor, time, action, where the record lives,
a hash of the record, and the previous entry's hash; its own hash covers all
of that. The newest (seq, hash) is kept a second time in `ledger/head.json`
with an HMAC keyed by a secret outside the data files, so cutting entries off
the end is detected too. `verify.py` recomputes everything.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass

from xiaoneng.store import Txn, layout

GENESIS = "0" * 64
HEAD_TABLE = "head"
HEAD_KEY = "head"
ENTRIES = "entries"

ACTION_LABELS = {
    "roster.add": "新增人员",
    "roster.edit": "修改人员",
    "roster.deactivate": "停用人员",
    "roster.activate": "启用人员",
    "roster.reset_pin": "重置PIN",
    "agency.init": "建立机关",
    "study.complete": "完成学习",
    "session.create": "创建学习活动",
    "session.signin": "学习签到",
    "session.record": "补签/代签/请假登记",
    "activity.create": "发起检查活动",
    "check.submit": "提交检查",
    "finding.verify": "复查整改",
    "finding.close": "整改销号",
    "finding.reopen": "复查未通过",
    "letter.sign": "签署承诺书",
}


def canonical(obj) -> bytes:
    """Stable bytes of a JSON value: the thing every hash is taken over."""
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode(
        "utf-8"
    )


def record_hash(record: dict) -> str:
    return hashlib.sha256(canonical(record)).hexdigest()


def entry_hash(entry: dict) -> str:
    body = {k: v for k, v in entry.items() if k != "hash"}
    return hashlib.sha256(canonical(body)).hexdigest()


def head_mac(secret: bytes, seq: int, digest: str) -> str:
    return hmac.new(secret, f"{seq}:{digest}".encode(), hashlib.sha256).hexdigest()


def short(digest: str) -> str:
    """The short form printed on exports and screens."""
    return digest[:12]


def segment_of(seq: int) -> int:
    return (seq - 1) // layout.SEGMENT_SIZE


@dataclass(frozen=True)
class Head:
    seq: int
    hash: str


class Ledger:
    def __init__(self, secret: bytes):
        self._secret = secret

    # -- reading -------------------------------------------------------------

    def head_txn(self, txn: Txn) -> Head:
        cached = txn.values.get("ledger.head")
        if cached is not None:
            return cached
        doc = txn.get(layout.LEDGER_HEAD, HEAD_TABLE, HEAD_KEY)
        head = Head(doc["seq"], doc["hash"]) if doc else Head(0, GENESIS)
        txn.values["ledger.head"] = head
        return head

    # -- signing ---------------------------------------------------------------

    def sign_txn(
        self,
        txn: Txn,
        *,
        actor: str,
        action: str,
        time: str,
        part: str,
        table: str,
        record: dict,
        key: str | None = None,
    ) -> dict:
        """Store `record` at (part, table, key) and append the entry that signs it.

        The record gets `seq`, the number of its entry, so a record can always
        be matched to its entry and vice versa. `key` defaults to the seq.
        Returns the entry.
        """
        head = self.head_txn(txn)
        seq = head.seq + 1
        key = key or str(seq)
        record = {**record, "seq": seq}
        txn.put(part, table, key, record)
        entry = {
            "seq": seq,
            "time": time,
            "actor": actor,
            "action": action,
            "ref": {"part": part, "table": table, "key": key},
            "record_hash": record_hash(record),
            "prev": head.hash,
        }
        entry["hash"] = entry_hash(entry)
        txn.put(layout.segment_part(segment_of(seq)), ENTRIES, str(seq), entry)
        new_head = Head(seq, entry["hash"])
        txn.values["ledger.head"] = new_head
        txn.put(
            layout.LEDGER_HEAD,
            HEAD_TABLE,
            HEAD_KEY,
            {"seq": seq, "hash": entry["hash"], "mac": head_mac(self._secret, seq, entry["hash"])},
        )
        return entry

    def mac_ok(self, seq: int, digest: str, mac: str) -> bool:
        return hmac.compare_digest(head_mac(self._secret, seq, digest), mac or "")
