"""The data folder's map: what each top-level file and folder holds.

Inside the folders, each aggregate's repository (store/repos/) names its
own partition files, tables and keys.

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
    verified.json                        what the last clean `verify` checked, sealed (not backed up)
    settings.toml, checklists/*.toml     the office's own settings and checklists (backed up)
"""

from __future__ import annotations

META = "xiaoneng.json"
SECRET = "secret.key"  # ledger key; owner-only, outside the data files
ORG = "org.json"
PEOPLE_DIR = "people"
LEDGER_DIR = "ledger"
RECORDS_DIR = "records"
LOGIN_FAILURES = "login-failures.json"  # failed logins of unknown 工号 (store/repos/logins)
SETTINGS = "settings.toml"
CHECKLISTS_DIR = "checklists"

# Folders that hold data (backed up); everything else in the folder is not ours
# to copy (exports, backups, the lock, temp files).
DATA_ITEMS = (META, SECRET, ORG, PEOPLE_DIR, LEDGER_DIR, RECORDS_DIR)
# The office's own files, backed up beside the data and restored on a new machine.
CONFIG_ITEMS = (SETTINGS, CHECKLISTS_DIR)
