"""One bad file never stops the app (issue 11).

A checklist in `数据目录/checklists/` with 2,000 nested brackets made
`status`, `export` and the home screen fail with RecursionError. It is now
skipped, with its problem listed in `checklists validate` and on the office's
checklist screen, and everything else keeps working. The same depth cap
guards settings.toml.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import run_cli
from helpers.demo_copy import shared_demo
from helpers.settle import settle
from textual.widgets import Static

from xiaoneng.services.core import open_core
from xiaoneng.tui.factory import build_app

NESTED = "x = " + "[" * 2000 + "]" * 2000 + "\n"


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    """A copy of the demo agency with the bad checklist in its folder."""
    built, _logins = shared_demo(tmp_path_factory)
    data = tmp_path_factory.mktemp("bad-files") / "demo"
    shutil.copytree(built, data)
    (data / "checklists").mkdir()
    (data / "checklists" / "nested.toml").write_text(NESTED, encoding="utf-8")
    return data


def _one_clean_run(out) -> None:
    assert out.returncode == 0, out.stderr
    assert "RecursionError" not in out.stderr and "内部错误" not in out.stderr


def test_status_and_export_keep_working(demo, tmp_path):
    _one_clean_run(run_cli("status", "--json", data=demo))
    assert json.loads(run_cli("status", "--json", data=demo).stdout)["units"]
    out = run_cli("export", "report", "--out", str(tmp_path / "out"), data=demo)
    _one_clean_run(out)
    assert list((tmp_path / "out").glob("*.docx"))


def test_validate_lists_the_problem(demo):
    out = run_cli("checklists", "validate", data=demo)
    assert "nested.toml:1" in out.stdout + out.stderr
    assert "嵌套过深" in out.stdout + out.stderr
    assert "Traceback" not in out.stderr and "内部错误" not in out.stderr
    listed = run_cli("checklists", "list", data=demo)
    _one_clean_run(listed)
    assert "fj-efficiency-2024" in listed.stdout


def test_a_settings_file_nested_too_deep_is_named(demo, tmp_path):
    settings = demo / "settings.toml"
    settings.write_text("[fonts]\ntitle = " + "[" * 2000 + "]" * 2000 + "\n", encoding="utf-8")
    try:
        out = run_cli("export", "report", "--out", str(tmp_path / "o"), data=demo)
    finally:
        settings.unlink()
    assert out.returncode == 2 and "settings.toml" in out.stderr and "嵌套过深" in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1


async def test_home_and_the_checklist_screen_show_it(demo):
    core = open_core(demo)
    app = build_app(core)
    async with app.run_test(size=(120, 40)) as pilot:
        logins = json.loads((demo / "xiaoneng.json").read_text("utf-8"))["meta"]["agency"]
        admin = next(lg["id"] for lg in logins["logins"] if lg["role"] == "admin")
        app.user = core.roster.require(admin)
        app.go("home")
        await settle(pilot)
        assert "我的待办" in "".join(str(w.render()) for w in app.screen.query(Static))
        app.go("catalogue")
        await settle(pilot)
        problems = str(app.screen.query_one("#cat-problem-list", Static).render())
        assert "nested.toml:1" in problems and "嵌套过深" in problems
