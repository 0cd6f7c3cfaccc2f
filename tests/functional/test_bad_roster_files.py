"""Nasty roster files through the real `xiaoneng roster import`: hostile
fields are cleaned and kept (huge files: tests/e2e/test_huge_roster_files.py)."""

from __future__ import annotations

from conftest import run_cli


def test_hostile_roster_fields_survive_to_the_roster(core, tmp_path):
    f = tmp_path / "hostile.csv"
    rows = [
        ["工号", "姓名", "单位", "职务", "角色"],
        ["H1", "李\x07四\x0b", "..", "=cmd|' /C calc'!A0", ""],
        ["H2", "王\u202e五", "测试机关", "CON", ""],
        ["H3", "赵六😀", "a/b\\c", "科员", ""],
    ]
    f.write_text("\n".join(",".join(r) for r in rows), encoding="utf-8")
    out = run_cli("roster", "import", str(f), "--create-units", data=core.root)
    assert out.returncode == 0, out.stderr
    people = {p.id: p for p in core.roster.people()}
    assert people["H1"].name == "李四"
    assert people["H3"].name == "赵六😀"
    assert core.verifier.run().ok
