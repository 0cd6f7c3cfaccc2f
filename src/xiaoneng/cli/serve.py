"""`xiaoneng serve`: the app in a browser on the office network."""

from __future__ import annotations

import click

from xiaoneng.cli.base import cli
from xiaoneng.cli.context import CliState, pass_state
from xiaoneng.errors import UserError


@cli.command("serve")
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="监听地址。默认只允许本机访问。"
)
@click.option(
    "--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="端口。"
)
@click.option(
    "--data",
    "data",
    metavar="DIR",
    type=click.Path(file_okay=False),
    help="数据目录（同全局 --data）。",
)
@click.option(
    "--public-url", help="经反向代理访问时浏览器看到的地址，如 https://xiaoneng.example.org。"
)
@click.option(
    "--allow-origin",
    "allow_origins",
    multiple=True,
    metavar="URL",
    help="另外允许的页面来源（可多次给出），如反向代理的 https://xiaoneng.example.org。"
    "其他网站的页面一律拒绝。",
)
@pass_state
def serve_command(
    state: CliState,
    host: str,
    port: int,
    data: str | None,
    public_url: str | None,
    allow_origins: tuple[str, ...],
):
    """在浏览器中使用效能：每个标签页运行一个独立的程序，共用同一个数据目录。

    默认只监听 127.0.0.1。监听其他地址时，任何能访问该端口的人都能看到登录界面：
    请只在办公网内使用，并放在带 TLS 的反向代理之后（见 README）。

    只接受发往本服务地址的请求：其他网站的页面不能连接（拒绝时返回 403 并记录一行）。
    经反向代理访问时，用 --allow-origin 给出浏览器看到的地址。
    """
    from xiaoneng.store.folder import holds_data
    from xiaoneng.web.guard import parse_origin
    from xiaoneng.web.server import XiaonengServer, is_loopback

    for url in (*allow_origins, *([public_url] if public_url else [])):
        if parse_origin(url) is None:
            option = "--public-url" if url == public_url else "--allow-origin"
            raise UserError(f"{option} “{url}” 不是网址：应如 https://xiaoneng.example.org。")

    if data:
        state = CliState(data)
    root = state.data_dir
    if not holds_data(root):
        raise UserError(f"数据目录 {root} 尚未初始化：请先运行 xiaoneng init 或 xiaoneng demo。")
    state.core()  # refuse a corrupt or newer folder now, not in every tab
    if not is_loopback(host):
        click.echo(
            f"xiaoneng：警告：服务监听在 {host}:{port}，任何能访问这个端口的人都能看到登录界面。"
            "请只在办公网内使用，并放在带 TLS 的反向代理之后（见 README）。",
            err=True,
        )
    XiaonengServer(
        root, host=host, port=port, public_url=public_url, allow_origins=allow_origins
    ).serve()
