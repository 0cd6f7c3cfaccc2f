"""The app in a real browser: headless Chromium (Debian's) driven by Playwright,
against `xiaoneng serve` on loopback, with every other request refused.

Two people sign in at once in two tabs and each confirms a passed quiz with
their PIN; both completions land in the ledger and verify passes. Closing the
tabs ends their app processes. The page asks for nothing outside the server.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest
from conftest import run_cli
from helpers.browser import ARGS, CHROMIUM, STRICT, children, free_port, listening

from xiaoneng.services.core import open_core

if not Path(CHROMIUM).exists():
    if STRICT:
        raise RuntimeError("chromium is missing: CI must install it (apt-get install chromium)")
    pytest.skip("chromium not installed", allow_module_level=True)

from playwright.sync_api import sync_playwright  # noqa: E402


class Screen:
    """What the app sent to one tab (its terminal output), decoded."""

    def __init__(self, page):
        self.raw = bytearray()
        page.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _frame(self, payload) -> None:
        if isinstance(payload, bytes):
            self.raw += payload

    def text(self) -> str:
        return self.raw.decode("utf-8", "ignore")

    def mark(self) -> int:
        return len(self.raw)

    def wait_for(self, needle: str, page, since: int = 0, timeout: float = 30) -> None:
        """Until `needle` appears in what the app sent after byte `since`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if needle in self.raw[since:].decode("utf-8", "ignore"):
                return
            page.wait_for_timeout(100)
        raise AssertionError(f"never saw {needle!r}; last output: {self.text()[-800:]!r}")


@pytest.fixture
def served(tmp_path):
    data = tmp_path / "demo"
    out = run_cli("demo", "--no-tui", "--json", data=data)
    assert out.returncode == 0, out.stderr
    logins = {lg["role"]: lg for lg in json.loads(out.stdout)["logins"]}
    core = open_core(data)
    # Each of the two people has passed a quiz and only the PIN confirmation is left.
    people = [core.roster.require(logins[r]["id"]) for r in ("staff", "unit_head")]
    module = core.study.module("work-safety-law-2021")
    for p in people:
        assert not core.study.status(p, module).done
        core.study.submit_quiz(p, module.id, [set(q.answer) for q in module.questions])
    port = free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "xiaoneng", "serve", "--data", str(data), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    url = f"http://127.0.0.1:{port}/"
    if not listening(port):
        server.kill()
        raise AssertionError(server.stdout.read())
    try:
        yield data, url, server, logins, module
    finally:
        server.terminate()
        server.wait(timeout=10)


def _step(page, screen: Screen, keys: list[str], until: str) -> None:
    """Press keys (text or key names like "Enter"), then wait for `until`."""
    since = screen.mark()
    for k in keys:
        if len(k) > 1 and k[0].isupper():
            page.keyboard.press(k)
        else:
            page.keyboard.type(k)
        page.wait_for_timeout(150)  # keys faster than focus moves land in the wrong field
    screen.wait_for(until, page, since)


def _up_to_the_pin(page, screen: Screen, login: dict, row: int) -> None:
    """Sign in, open the study module, ask to confirm, type the PIN (not Enter yet)."""
    page.focus(".xterm-helper-textarea")  # a click would land on a field
    _step(page, screen, [login["id"], "Tab", login["pin"], "Enter"], "我的待办")
    _step(page, screen, ["s"], "待确认")
    _step(page, screen, ["ArrowDown"] * row + ["Enter"], "确认完成")
    _step(page, screen, ["c"], "PIN")
    page.keyboard.type(login["pin"])


def test_two_tabs_sign_at_once_offline_and_tabs_end_their_processes(served, tmp_path):
    data, url, server, logins, module = served
    outside: list[str] = []
    core = open_core(data)
    row = [m.id for m in core.study.modules()].index(module.id)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 800})

        def guard(route) -> None:
            host = urlparse(route.request.url).hostname
            if host in ("127.0.0.1", "localhost"):
                route.continue_()
            else:
                outside.append(route.request.url)
                route.abort()

        context.route("**/*", guard)
        pages = [context.new_page(), context.new_page()]
        screens = [Screen(p) for p in pages]
        for p in pages:
            p.goto(url)
        for p, s in zip(pages, screens, strict=True):
            s.wait_for("登录", p)
        assert len(children(server.pid)) == 2  # one app process per tab
        pages[0].screenshot(path=str(tmp_path / "login.png"))
        for p, s, role in zip(pages, screens, ("staff", "unit_head"), strict=True):
            _up_to_the_pin(p, s, logins[role], row)
        # Both sign at the same moment: two processes committing to one folder.
        marks = [s.mark() for s in screens]
        for p in pages:
            p.keyboard.press("Enter")
        for p, s, since in zip(pages, screens, marks, strict=True):
            s.wait_for("台账哈希", p, since)
        for p in pages:
            p.close()
        deadline = time.monotonic() + 20
        while children(server.pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert children(server.pid) == set(), "closed tabs left app processes behind"
        browser.close()
    assert outside == [], f"the page asked for outside resources: {outside}"
    fresh = open_core(data)
    for role in ("staff", "unit_head"):
        person = fresh.roster.require(logins[role]["id"])
        assert fresh.study.status(person, fresh.study.module(module.id)).done
    entries = [
        json.loads(p.read_text("utf-8"))["entries"] for p in (data / "ledger").glob("0*.json")
    ]
    actions = [(e["actor"], e["action"]) for seg in entries for e in seg.values()]
    for role in ("staff", "unit_head"):
        assert (logins[role]["id"], "study.complete") in actions
    assert fresh.verifier.run().ok


def test_binding_beyond_loopback_warns(tmp_path):
    out = run_cli("demo", "--no-tui", data=tmp_path / "d")
    assert out.returncode == 0
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "xiaoneng",
            "serve",
            "--data",
            str(tmp_path / "d"),
            "--host",
            "0.0.0.0",
            "--port",
            str(port),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        up = listening(port)  # the warning is printed before the server starts
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=10)
    assert up, err
    assert "警告" in err and "反向代理" in err


def test_serve_refuses_an_empty_folder(tmp_path):
    out = run_cli("serve", "--data", str(tmp_path / "none"))
    assert out.returncode == 2 and "尚未初始化" in out.stderr
