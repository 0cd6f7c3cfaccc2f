"""`xiaoneng serve` answers only its own pages (issue 11, "serve refuses other web sites").

textual-serve accepts a websocket from any Origin, so any web page an office
user opens could reach the login, try PINs and lock accounts. The server must
refuse a request whose Host is not its own address (DNS rebinding) and a
websocket whose Origin is not its own page or an origin the office listed with
`--allow-origin`, with 403 and a log line; the static folder lists nothing.

Real server processes, real HTTP, and headless Chromium (Debian's) for the
cross-site page on a second local port.
"""

from __future__ import annotations

import asyncio
import http.server
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import aiohttp
import pytest
from conftest import run_cli
from helpers.browser import ARGS, CHROMIUM, STRICT, children, free_port, listening


class Served:
    def __init__(self, data: Path, *extra: str):
        self.port = free_port()
        self.log_path = data.parent / f"serve-{self.port}.log"
        self._log = open(self.log_path, "w", encoding="utf-8")  # noqa: SIM115
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "xiaoneng", "serve", "--data", str(data)]
            + ["--port", str(self.port), *extra],
            stdout=self._log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1", "COLUMNS": "200"},
        )
        if not listening(self.port):
            self.stop()
            raise AssertionError(self.log())

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log(self) -> str:
        self._log.flush()
        return self.log_path.read_text("utf-8", "replace")

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)
        self._log.close()


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    data = tmp_path_factory.mktemp("serve") / "demo"
    out = run_cli("demo", "--no-tui", data=data)
    assert out.returncode == 0, out.stderr
    return data


@pytest.fixture
def server(demo):
    s = Served(demo)
    yield s
    s.stop()


async def _get(url: str, **headers: str) -> tuple[int, str]:
    async with aiohttp.ClientSession() as session, session.get(url, headers=headers) as r:
        return r.status, await r.text()


async def _ws(url: str, **headers: str) -> int | str:
    """101 when the websocket opened (then closed at once), else the HTTP status."""
    async with aiohttp.ClientSession() as session:
        try:
            async with session.ws_connect(url, headers=headers):
                return 101
        except aiohttp.WSServerHandshakeError as err:
            return err.status


def test_a_websocket_from_another_origin_is_refused_and_logged(server):
    ws = f"ws://127.0.0.1:{server.port}/ws?width=80&height=24"
    evil = "http://127.0.0.1:9"  # another site on this machine
    assert asyncio.run(_ws(ws, Origin=evil)) == 403
    assert asyncio.run(_ws(ws, Origin="null")) == 403
    assert asyncio.run(_ws(ws)) == 403  # a browser always sends Origin
    assert children(server.proc.pid) == set(), "a refused websocket started an app"
    assert asyncio.run(_ws(ws, Origin=server.url)) == 101  # its own page
    log = server.log()
    assert "已拒绝" in log and evil in log and "/ws" in log


def test_a_foreign_host_name_is_refused_on_every_route(server):
    """DNS rebinding: a name the attacker controls, resolving to this machine."""
    for path in ("/", "/static/js/textual.js", "/download/x"):
        status, _ = asyncio.run(_get(server.url + path, Host=f"evil.example:{server.port}"))
        assert status == 403, path
    status, body = asyncio.run(_get(server.url + "/"))
    assert status == 200 and "效能" in body
    status, _ = asyncio.run(_get(f"http://localhost:{server.port}/"))
    assert status == 200
    assert "evil.example" in server.log()


def test_the_page_may_not_be_framed_by_another_site(server):
    async def headers() -> dict:
        async with aiohttp.ClientSession() as s, s.get(server.url + "/") as r:
            return dict(r.headers)

    got = asyncio.run(headers())
    assert got.get("X-Frame-Options") == "DENY"
    assert "frame-ancestors 'none'" in got.get("Content-Security-Policy", "")


def test_the_static_folder_lists_nothing(server):
    for path in ("/static/", "/static/js/", "/static/fonts/"):
        status, body = asyncio.run(_get(server.url + path))
        assert status in (403, 404), path
        assert "textual.js" not in body and "Index of" not in body
    status, _ = asyncio.run(_get(server.url + "/static/js/textual.js"))
    assert status == 200


def test_allow_origin_admits_the_proxy_address(demo):
    s = Served(demo, "--allow-origin", "https://xiaoneng.example.org")
    try:
        ws = f"ws://127.0.0.1:{s.port}/ws?width=80&height=24"
        assert asyncio.run(_ws(ws, Origin="https://xiaoneng.example.org")) == 101
        # The proxy forwards Host: the listed name is its own address too.
        status, _ = asyncio.run(_get(s.url + "/", Host="xiaoneng.example.org"))
        assert status == 200
        assert asyncio.run(_ws(ws, Origin="https://other.example.org")) == 403
    finally:
        s.stop()


def test_allow_origin_must_be_a_web_address(demo):
    out = run_cli("serve", "--data", str(demo), "--allow-origin", "xiaoneng.example.org")
    assert out.returncode == 2 and "--allow-origin" in out.stderr


class _Attacker(http.server.BaseHTTPRequestHandler):
    page = b""

    def do_GET(self):  # noqa: N802 (http.server's name)
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write(self.page)

    def log_message(self, *args):
        pass


@pytest.mark.skipif(not Path(CHROMIUM).exists() and not STRICT, reason="chromium not installed")
def test_chromium_page_on_another_port_is_refused_the_app_still_works(server):
    from playwright.sync_api import sync_playwright

    _Attacker.page = f"""<!doctype html><title>start</title><script>
      const ws = new WebSocket("ws://127.0.0.1:{server.port}/ws?width=80&height=24");
      ws.onopen = () => {{ document.title = "opened"; }};
      ws.onmessage = () => {{ document.title = "opened"; }};
      ws.onerror = () => {{ if (document.title !== "opened") document.title = "refused"; }};
    </script>""".encode()
    attacker = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Attacker)
    threading.Thread(target=attacker.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{attacker.server_address[1]}/")
            page.wait_for_function("document.title !== 'start'", timeout=15000)
            assert page.title() == "refused"
            assert children(server.proc.pid) == set()
            # The app's own page still connects and shows the login.
            app = browser.new_page()
            frames: list[bytes] = []
            app.on("websocket", lambda ws: ws.on("framereceived", lambda f: frames.append(f)))
            app.goto(server.url + "/")
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                text = b"".join(f for f in frames if isinstance(f, bytes)).decode("utf-8", "ignore")
                if "登录" in text:
                    break
                app.wait_for_timeout(100)
            else:
                raise AssertionError("the app page never showed the login")
            browser.close()
    finally:
        attacker.shutdown()
    assert f"127.0.0.1:{attacker.server_address[1]}" in server.log()
