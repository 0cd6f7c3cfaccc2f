"""Where each kind of data lives inside the data folder.

Partitioned so that one write touches only small files whatever the size of
the agency or the length of its history (PITFALLS: TinyDB rewrites a whole
file on every write):

    xiaoneng.json                        schema version, agency, settings
    secret.key                           the ledger head's HMAC key (mode 0600)
    org.json                             units
    people/<2 hex>.json                  people + roster events, bucketed by hash of 工号
    ledger/<000000>.json                 hash-chained ledger, SEGMENT_SIZE entries a file
    ledger/head.json                     the newest entry's hash, kept a second time (MAC'd)
    records/<year>/sessions.json         study sessions of the year
    records/<year>/activities.json       check activities of the year
    records/<year>/units/<unit>.json     a unit's sign-ins, quizzes, checks, findings, letters
    records/<year>/summary/<unit>.json   derived counts of that unit file, for status screens
    login-failures.json                  wrong-PIN counts of 工号 that cannot sign in (not backed up)
    settings.toml, checklists/*.toml     the office's own settings and checklists (backed up)
"""

from __future__ import annotations

import hashlib

META = "xiaoneng.json"
SECRET = "secret.key"  # ledger key; owner-only, outside the data files
ORG = "org.json"
PEOPLE_DIR = "people"
LEDGER_DIR = "ledger"
LEDGER_HEAD = "ledger/head.json"
RECORDS_DIR = "records"
LOGIN_FAILURES = "login-failures.json"
SETTINGS = "settings.toml"
CHECKLISTS_DIR = "checklists"
SEGMENT_SIZE = 256

# Folders that hold data (backed up); everything else in the folder is not ours
# to copy (exports, backups, the lock, temp files).
DATA_ITEMS = (META, SECRET, ORG, PEOPLE_DIR, LEDGER_DIR, RECORDS_DIR)
# The office's own files, backed up beside the data and restored on a new machine.
CONFIG_ITEMS = (SETTINGS, CHECKLISTS_DIR)


def person_bucket(person_id: str) -> str:
    return hashlib.sha1(person_id.encode("utf-8")).hexdigest()[:2]


def person_part(person_id: str) -> str:
    return f"{PEOPLE_DIR}/{person_bucket(person_id)}.json"


def segment_part(index: int) -> str:
    return f"{LEDGER_DIR}/{index:06d}.json"


def year_dir(year: int) -> str:
    return f"{RECORDS_DIR}/{int(year)}"


def sessions_part(year: int) -> str:
    return f"{year_dir(year)}/sessions.json"


def activities_part(year: int) -> str:
    return f"{year_dir(year)}/activities.json"


def unit_part(year: int, unit_id: str) -> str:
    return f"{year_dir(year)}/units/{unit_id}.json"


def summary_part(year: int, unit_id: str) -> str:
    return f"{year_dir(year)}/summary/{unit_id}.json"
