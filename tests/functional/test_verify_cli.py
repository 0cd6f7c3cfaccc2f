"""`xiaoneng verify` as the office runs it: --json, the head to copy down,
and --anchor against a whole folder put back to an older copy."""

from __future__ import annotations

import json
import re
import shutil

from conftest import ACTOR, run_cli

from xiaoneng.services.roster import new_person
from xiaoneng.store.repos.people import person_part


def add(core, *ids: str) -> None:
    core.roster.add_many(ACTOR, [new_person(i, f"职工{i}", "测试机关") for i in ids])
    core.store.settle()  # the day's first backup runs after the commit: done before a copy


def anchor_of(out: str) -> str:
    m = re.search(r"--anchor (\d+:[0-9a-f]{12})", out)
    assert m, out
    return m.group(1)


def test_verify_prints_the_head_to_copy_down_and_json(core):
    add(core, "S001", "S002")
    done = run_cli("verify", data=core.root)
    assert done.returncode == 0, done.stderr
    seq, digest = core.verifier.recorded_head()
    assert f"第 {seq} 条，校验码 {digest}" in done.stdout
    assert anchor_of(done.stdout) == f"{seq}:{digest}"

    out = run_cli("verify", "--json", data=core.root)
    report = json.loads(out.stdout)
    assert out.returncode == 0
    assert report == {
        "ok": True,
        "entries": seq,
        "records": seq,
        "head": {"seq": seq, "hash": digest, "anchor": f"{seq}:{digest}"},
        "problems": [],
        # the first run left a checkpoint: nothing changed since
        "checked": {"full": False, "since": seq, "files": 0},
    }
    full = json.loads(run_cli("verify", "--json", "--full", data=core.root).stdout)
    assert full["checked"]["full"] is True and full["checked"]["since"] is None
    assert full["checked"]["files"] > 0
    assert {k: v for k, v in full.items() if k != "checked"} == {
        k: v for k, v in report.items() if k != "checked"
    }


def test_verify_json_names_the_file_of_each_problem(core):
    add(core, "S001")
    path = core.root / person_part("S001")
    data = json.loads(path.read_text("utf-8"))
    data["people"]["S001"]["roles"] = ["staff", "admin"]
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = run_cli("verify", "--json", data=core.root)
    assert out.returncode == 1
    report = json.loads(out.stdout)
    assert report["ok"] is False
    assert report["problems"] == [
        {"file": person_part("S001"), "what": report["problems"][0]["what"]}
    ]
    assert "roles" in report["problems"][0]["what"]
    text = run_cli("verify", data=core.root)
    assert person_part("S001") in text.stderr


def test_an_anchor_catches_the_whole_folder_put_back(core, tmp_path):
    add(core, "S001")
    older = tmp_path / "older"
    shutil.copytree(core.root, older)  # a consistent older copy of everything
    add(core, "S002", "S003")
    anchor = anchor_of(run_cli("verify", data=core.root).stdout)
    assert run_cli("verify", "--anchor", anchor, data=core.root).returncode == 0

    shutil.rmtree(core.root)
    shutil.copytree(older, core.root)
    # From inside the folder the older copy is whole...
    assert run_cli("verify", data=core.root).returncode == 0
    # ...the anchor copied from last month's printout is not in it.
    rolled = run_cli("verify", "--anchor", anchor, data=core.root)
    assert rolled.returncode == 1
    assert "旧的副本" in rolled.stderr or "更早的副本" in rolled.stderr

    wrong = run_cli("verify", "--anchor", "1:0123456789ab", data=core.root)
    assert wrong.returncode == 1 and "不是外部锚点记下的" in wrong.stderr
    for bad in ("12", "x:abc", "3:xyz", "0:0123456789ab"):
        refused = run_cli("verify", "--anchor", bad, data=core.root)
        assert refused.returncode == 2 and "锚点" in refused.stderr, bad


def test_verify_goes_on_from_its_checkpoint_and_full_checks_everything(core):
    add(core, "S001", "S002")
    first = run_cli("verify", data=core.root)
    assert first.returncode == 0 and "检查点" not in first.stdout
    add(core, "S003")
    again = run_cli("verify", data=core.root)
    assert again.returncode == 0, again.stderr
    seq, _ = core.verifier.recorded_head()
    assert f"检查点（第 {seq - 1} 条）起核对" in again.stdout
    assert "1 个有变化的文件" in again.stdout
    full = run_cli("verify", "--full", data=core.root)
    assert full.returncode == 0 and "检查点" not in full.stdout

    # an old file edited after the checkpoint: caught without --full
    path = core.root / person_part("S001")
    data = json.loads(path.read_text("utf-8"))
    data["people"]["S001"]["roles"] = ["staff", "admin"]
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    caught = run_cli("verify", data=core.root)
    assert caught.returncode == 1 and person_part("S001") in caught.stderr
    assert "检查点第" in caught.stderr


def test_an_edited_checkpoint_is_said_and_everything_is_checked(core):
    add(core, "S001")
    assert run_cli("verify", data=core.root).returncode == 0
    cp = core.root / "verified.json"
    doc = json.loads(cp.read_text("utf-8"))
    doc["seq"] += 1
    cp.write_text(json.dumps(doc), encoding="utf-8")
    out = run_cli("verify", "--json", data=core.root)
    assert out.returncode == 0
    assert json.loads(out.stdout)["checked"]["full"] is True
    text = run_cli("verify", data=core.root)  # the previous run sealed a new one
    assert text.returncode == 0 and "检查点（第" in text.stdout
    cp.write_text("{}", encoding="utf-8")
    said = run_cli("verify", data=core.root)
    assert said.returncode == 0 and "校验码不符" in said.stderr
