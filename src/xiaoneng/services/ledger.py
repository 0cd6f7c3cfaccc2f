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
from dataclasses import dataclass
from typing import Any

from xiaoneng.model.digest import canonical, entry_hash, record_hash
from xiaoneng.store import Txn
from xiaoneng.store.repos.common import Ref
from xiaoneng.store.repos.ledger import LedgerRepo

GENESIS = "0" * 64

ACTION_LABELS = {
    "roster.add": "新增人员",
    "roster.edit": "修改人员",
    "roster.deactivate": "停用人员",
    "roster.activate": "启用人员",
    "roster.reset_pin": "重置PIN",
    "pin.change": "修改PIN",
    "agency.init": "建立机关",
    "org.unit": "新增单位",
    "study.complete": "完成学习",
    "study.attempt": "测验作答",
    "study.reset": "重置测验次数",
    "study.paper": "登记纸质测验",
    "session.create": "创建学习活动",
    "session.signin": "学习签到",
    "session.record": "补签/代签/请假登记",
    "activity.create": "发起检查活动",
    "activity.pairs": "安排互查",
    "check.submit": "提交检查",
    "finding.open": "登记问题",
    "finding.progress": "登记整改进度",
    "finding.done": "整改完成",
    "finding.verify": "复查整改",
    "finding.close": "整改销号",
    "finding.reopen": "复查未通过",
    "letter.sign": "签署承诺书",
    "system.migrate": "升级时补签（系统）",
    "post.add": "巾帼文明岗申报登记",
    "post.edit": "修改巾帼文明岗申报",
    "post.state": "巾帼文明岗申报办理",
    "post.name": "巾帼文明岗命名",
    "post.reject": "巾帼文明岗申报未通过",
    "post.review": "巾帼文明岗年度复核",
    "post.score": "巾帼文明岗考核评分",
    "post.files": "巾帼文明岗档案勾选",
    "training.attend": "培训班签到",
    "training.record": "培训班补签/请假登记",
    "training.class": "培训班设置",
    "training.participants": "培训班学员名单",
}

__all__ = [
    "ACTION_LABELS",
    "GENESIS",
    "Head",
    "Ledger",
    "canonical",
    "entry_hash",
    "head_mac",
    "record_hash",
    "short",
]


def head_mac(secret: bytes, seq: int, digest: str) -> str:
    return hmac.new(secret, f"{seq}:{digest}".encode(), hashlib.sha256).hexdigest()


def short(digest: str) -> str:
    """The short form printed on exports and screens."""
    return digest[:12]


@dataclass(frozen=True)
class Head:
    seq: int
    hash: str


class Ledger:
    def __init__(self, secret: bytes, repo: LedgerRepo):
        self._secret = secret
        self.repo = repo

    # -- reading -------------------------------------------------------------

    def head_txn(self, txn: Txn) -> Head:
        cached = txn.values.get("ledger.head")
        if isinstance(cached, Head):
            return cached
        doc = self.repo.head_txn(txn)
        head = Head(doc["seq"], doc["hash"]) if doc else Head(0, GENESIS)
        txn.values["ledger.head"] = head
        return head

    def entry(self, seq: int | None) -> dict[str, Any] | None:
        """The entry that signed a record (records keep their entry's `seq`)."""
        return self.repo.entry(seq)

    # -- signing ---------------------------------------------------------------

    def sign_txn(
        self,
        txn: Txn,
        *,
        actor: str,
        action: str,
        time: str,
        ref: Ref,
        record: dict[str, Any],
    ) -> dict[str, Any]:
        """Store `record` at `ref` and append the entry that signs it.

        The record gets `seq`, the number of its entry, so a record can always
        be matched to its entry and vice versa. A `ref` without a key is keyed
        by the seq. Returns the entry.
        """
        head = self.head_txn(txn)
        seq = head.seq + 1
        ref = Ref(ref.part, ref.table, ref.key or str(seq))
        record = {**record, "seq": seq}
        self.repo.put_record_txn(txn, ref, record)
        entry: dict[str, Any] = {
            "seq": seq,
            "time": time,
            "actor": actor,
            "action": action,
            "ref": ref.to_dict(),
            "record_hash": record_hash(record),
            "prev": head.hash,
        }
        digest = entry_hash(entry)
        entry["hash"] = digest
        txn.values["ledger.head"] = Head(seq, digest)
        self.repo.append_txn(
            txn, entry, {"seq": seq, "hash": digest, "mac": head_mac(self._secret, seq, digest)}
        )
        return entry

    def mac_ok(self, seq: int, digest: str, mac: str) -> bool:
        return hmac.compare_digest(head_mac(self._secret, seq, digest), mac or "")
