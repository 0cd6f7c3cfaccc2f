"""`xiaoneng serve`: each browser tab gets its own app process on the shared
data folder (the store is safe with many processes), from a page served
entirely by this server.

textual-serve builds its page URLs from one fixed public URL; here they come
from the request itself (and X-Forwarded-Proto from a reverse proxy), so the
same server works on 127.0.0.1, on the office LAN and behind a TLS proxy.
"""

from __future__ import annotations

import ipaddress
import shlex
import sys
from pathlib import Path
from typing import Any

import aiohttp_jinja2
import textual_serve
from aiohttp import web
from textual_serve.server import Server

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
    def __init__(self, data_dir: Path, *, host: str, port: int, public_url: str | None = None):
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
