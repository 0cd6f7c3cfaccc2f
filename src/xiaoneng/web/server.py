"""`xiaoneng serve`: each browser tab gets its own app process on the shared
data folder (the store is safe with many processes), from a page served
entirely by this server.

textual-serve builds its page URLs from one fixed public URL; here they come
from the request itself (and X-Forwarded-Proto from a reverse proxy), so the
same server works on 127.0.0.1, on the office LAN and behind a TLS proxy.

Every request passes the guard (web/guard.py) first: a foreign Host or
Origin gets 403 and a log line. The static folder lists nothing, and the page
may not be framed by another site.
"""

from __future__ import annotations

import ipaddress
import shlex
import sys
from pathlib import Path
from typing import Any

import aiohttp_jinja2
import jinja2
import textual_serve
from aiohttp import web
from textual_serve.server import Server

from xiaoneng.web.guard import Guard

TEMPLATES = Path(__file__).resolve().parent
STATICS = Path(textual_serve.__file__).resolve().parent / "static"


def is_loopback(host: str) -> bool:
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def app_command(data_dir: Path) -> str:
    """What each browser tab runs: the normal app on this data folder."""
    return shlex.join([sys.executable, "-m", "xiaoneng", "--data", str(data_dir)])


class XiaonengServer(Server):
    def __init__(
        self,
        data_dir: Path,
        *,
        host: str,
        port: int,
        public_url: str | None = None,
        allow_origins: tuple[str, ...] = (),
    ):
        super().__init__(
            app_command(data_dir),
            host=host,
            port=port,
            title="效能",
            public_url=public_url,
            statics_path=STATICS,
            templates_path=TEMPLATES,
        )
        self.fixed_public_url = public_url
        self.data_dir = data_dir
        self.guard = Guard.build(host, [*allow_origins, *([public_url] if public_url else [])])

    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self._check_request])
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path))
        app.add_routes(
            [
                web.get("/", self.handle_index, name="index"),
                web.get("/ws", self.handle_websocket, name="websocket"),
                web.get("/download/{key}", self.handle_download, name="download"),
                web.static("/static", self.statics_path, show_index=False, name="static"),
            ]
        )
        app.on_startup.append(self.on_startup)
        app.on_shutdown.append(self.on_shutdown)
        return app

    @web.middleware
    async def _check_request(self, request: web.Request, handler):
        why = self.guard.refusal(
            host=request.headers.get("Host"),
            origin=request.headers.get("Origin"),
            websocket=request.headers.get("Upgrade", "").lower() == "websocket",
        )
        if why is not None:
            peer = request.remote or "?"
            self.console.print(
                f"已拒绝 {request.method} {request.path}（来自 {peer}）：{why}",
                highlight=False,
                soft_wrap=True,
            )
            return web.Response(status=403, text="403: 拒绝访问\n")
        response = await handler(request)
        if not response.prepared:  # websockets and downloads have sent their headers
            response.headers["X-Content-Type-Options"] = "nosniff"
            if request.path == "/":
                # Another site must not frame the app: a frame of our own page
                # would pass the Origin check.
                response.headers["X-Frame-Options"] = "DENY"
                response.headers["Content-Security-Policy"] = "frame-ancestors 'none'"
                response.headers["Referrer-Policy"] = "no-referrer"
        return response

    def _base_url(self, request: web.Request) -> str:
        if self.fixed_public_url:
            return self.fixed_public_url.rstrip("/")
        scheme = request.headers.get("X-Forwarded-Proto", request.scheme).split(",")[0].strip()
        return f"{scheme}://{request.host}"

    @aiohttp_jinja2.template("app_index.html")
    async def handle_index(self, request: web.Request) -> dict[str, Any]:
        base = self._base_url(request)
        router = request.app.router
        websocket = f"{base}{router['websocket'].url_for()}"
        websocket = ("wss:" if base.startswith("https") else "ws:") + websocket.split(":", 1)[1]
        static = f"{base}{router['static'].url_for(filename='/')}".rstrip("/") + "/"
        try:
            font_size = int(request.query.get("fontsize", "16"))
        except ValueError:
            font_size = 16
        return {
            "font_size": font_size,
            "app_websocket_url": websocket,
            "config": {"static": {"url": static}},
            "application": {"name": self.title},
        }

    async def on_startup(self, app: web.Application) -> None:
        where = self.fixed_public_url or f"http://{self.host}:{self.port}"
        self.console.print(f"效能已在 {where} 提供服务，数据目录：{self.data_dir}", highlight=False)
        self.console.print(
            "每个浏览器标签页运行一个独立的程序；按 Ctrl+C 停止服务。", highlight=False
        )
