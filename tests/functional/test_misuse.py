"""PINs and their hashes never leave the people files: not in exports, the
ledger, summaries, backups' other files, or any --json output."""

from __future__ import annotations

import json
import zipfile

from conftest import run_cli
from helpers.demo_copy import built_demo, demo_copy, shared_export  # noqa: F401 (fixtures)


def test_pin_hashes_never_leave_the_people_files(demo, tmp_path_factory):
    core, _ = demo
    hashes = {p.pin_hash.split("$")[-1] for p in core.roster.people() if p.pin_hash}
    assert hashes
    exported, _head, _files = shared_export(tmp_path_factory)  # `export all` of this demo
    texts = []
    for docx in exported.rglob("*.docx"):
        with zipfile.ZipFile(docx) as zf:
            texts += [
                zf.read(n).decode("utf-8", "replace") for n in zf.namelist() if n.endswith(".xml")
            ]
    assert texts
    for args in (("roster", "list", "--json"), ("status", "--json"), ("verify", "--json")):
        res = run_cli(*args, data=core.root)
        assert res.returncode == 0, res.stderr
        json.loads(res.stdout)
        texts.append(res.stdout)
    for path in core.root.rglob("*.json"):
        if "people" not in path.parts:
            texts.append(path.read_text("utf-8"))
    blob = "\n".join(texts)
    assert "scrypt" not in blob and "pin_hash" not in blob
    assert not any(h in blob for h in hashes)


def test_pin_never_reaches_the_ledger_or_roster_json(core):
    out = run_cli("roster", "list", "--json", data=core.root)
    assert out.returncode == 0
    assert "pin" not in out.stdout.lower() and "scrypt" not in out.stdout
    ledger = "".join(p.read_text("utf-8") for p in (core.root / "ledger").glob("*.json"))
    assert "scrypt" not in ledger and "pin_hash" not in ledger
