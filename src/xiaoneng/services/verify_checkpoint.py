"""The checkpoint a clean `verify` leaves, so the next one checks only what changed.

After a run that found nothing wrong, verify writes `verified.json` beside the
data (store/repos/ledger.py CHECKPOINT; never backed up or restored): the
number and hash of the newest entry it checked and, for every file it read
(ledger segments, files holding signed records, unit summaries, member
lists), the SHA-256 of the bytes it checked and how many signed records it
found there. The whole is sealed with an HMAC keyed by secret.key, like the
ledger head.

The next `verify` (without --full) still reads and hashes every file: a file
edited in place with its modification time set back is caught, which a check
by size and time alone would miss. Then it re-hashes the entries only of the
segments whose bytes changed (the links between all entries are checked
every time), and checks in full every file whose digest changed, every file
a newer entry points into, every unit file whose summary changed, and the
member lists when any people file or member list changed. Every check is a
function of a file's bytes, the entries pointing into it and the key, so a
file whose bytes a clean run checked against entries that are still there
gives the same answer again; the report is the one a full run would give.

What someone with write access to the folder but not secret.key can do:
- edit or replace a data file: its digest changes, so it is checked;
- edit, forge, or copy in another folder's checkpoint: the seal fails and
  the run is full (the report says so);
- put back an older sealed checkpoint: more files differ from it, so more
  are checked; a data file put back to an older state is checked because the
  newer entries point into it (if none do, a full run would pass it too);
- delete the checkpoint: the run is full;
- put the whole folder back to an older copy: the checkpoint's newest entry
  is not in the ledger any more, so it is not used (and `--anchor` is what
  shows such a rollback, as before).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from xiaoneng import __version__
from xiaoneng.model.digest import canonical, same, seal
from xiaoneng.store.repos.ledger import CHECKPOINT as NAME

# Bumped whenever a check changes; the program's version is sealed too, so an
# upgrade checks everything once.
FORMAT = 1


@dataclass
class Checkpoint:
    seq: int = 0  # the newest entry checked
    hash: str = ""  # its hash
    files: dict[str, tuple[str, int]] = field(default_factory=dict)  # part -> (digest, records)

    def digest(self, part: str) -> str | None:
        known = self.files.get(part)
        return known[0] if known else None

    def records(self, part: str) -> int:
        known = self.files.get(part)
        return known[1] if known else 0


def _body(cp: Checkpoint) -> dict[str, object]:
    return {
        "format": FORMAT,
        "program": __version__,
        "seq": cp.seq,
        "hash": cp.hash,
        "files": {p: [d, n] for p, (d, n) in sorted(cp.files.items())},
    }


def _mac(secret: bytes, body: dict[str, object]) -> str:
    return seal(secret, "verify-checkpoint", canonical(body).decode("utf-8"))


def dump(secret: bytes, cp: Checkpoint) -> bytes:
    body = _body(cp)
    return canonical({**body, "mac": _mac(secret, body)})


def load(secret: bytes, raw: bytes | None) -> tuple[Checkpoint | None, str]:
    """The checkpoint in `raw` if its seal holds, else None and why it was not
    used ("" when there was none)."""
    if raw is None:
        return None, ""
    broken = f"上次校验留下的检查点 {NAME} 的校验码不符（被改动或从别处拷来）：本次全部重新校验。"
    try:
        doc = json.loads(raw.decode("utf-8"))
        mac = doc.pop("mac")
        files = {str(p): (str(v[0]), int(v[1])) for p, v in doc["files"].items()}
        cp = Checkpoint(int(doc["seq"]), str(doc["hash"]), files)
    except (ValueError, KeyError, TypeError, IndexError, AttributeError):
        return None, broken
    if doc.get("format") != FORMAT or doc.get("program") != __version__:
        return None, f"检查点 {NAME} 由另一版本写下：本次全部重新校验。"
    if not isinstance(mac, str) or not same(_mac(secret, _body(cp)), mac):
        return None, broken
    if _body(cp) != doc:
        return None, broken  # sealed, but not in the form this program writes
    return cp, ""
