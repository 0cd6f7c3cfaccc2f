"""Which requests `xiaoneng serve` answers: those addressed to itself.

textual-serve accepts a websocket from any Origin (PITFALLS), so any web page
an office user opens could reach the login, try PINs and lock accounts. Two
checks close that door:

- Host must name this server. An IP address, `localhost`, this machine's own
  name, the name it listens on, or a name from `--allow-origin` /
  `--public-url`. A DNS name the attacker controls that resolves here (DNS
  rebinding) is refused; an IP literal cannot be rebound.
- Origin, when a browser sends one (always for a websocket), must be the
  page's own address (the same host and port as Host) or an origin listed
  with `--allow-origin`. The websocket without an Origin is refused, since
  every browser sends one.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass, field
from urllib.parse import urlsplit

DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443}


def parse_origin(url: str) -> tuple[str, str, int] | None:
    """(scheme, host, port) of an http(s) origin, or None when it is not one."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return None
    return scheme, parts.hostname.lower(), port or DEFAULT_PORTS[scheme]


def parse_host(header: str) -> tuple[str, int | None] | None:
    """(host, port or None) from a Host header, or None when it does not parse."""
    try:
        parts = urlsplit(f"//{header.strip()}")
        port = parts.port
    except ValueError:
        return None
    if not parts.hostname:
        return None
    return parts.hostname.lower(), port


def is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def own_names(listen_host: str) -> set[str]:
    """Names this machine answers to, besides IP literals."""
    names = {"localhost"}
    for name in (socket.gethostname(), socket.getfqdn()):
        if name:
            names.add(name.lower())
    if listen_host and not is_ip(listen_host):
        names.add(listen_host.lower())
    return names


@dataclass(frozen=True)
class Guard:
    """What the server accepts; built once from its options."""

    names: frozenset[str]
    origins: frozenset[tuple[str, str, int]] = field(default_factory=frozenset)

    @classmethod
    def build(cls, listen_host: str, allowed: list[str]) -> Guard:
        origins = set()
        names = own_names(listen_host)
        for url in allowed:
            parsed = parse_origin(url)
            if parsed is None:
                raise ValueError(url)
            origins.add(parsed)
            names.add(parsed[1])
        return cls(frozenset(names), frozenset(origins))

    def host_ok(self, header: str | None) -> bool:
        parsed = parse_host(header or "")
        if parsed is None:
            return False
        host, _port = parsed
        return is_ip(host) or host in self.names

    def origin_ok(self, origin: str | None, host_header: str | None) -> bool:
        """An Origin header (present) against the request's own Host."""
        parsed = parse_origin(origin or "")
        if parsed is None:  # "null" (sandboxed frames, files) or garbage
            return False
        if parsed in self.origins:
            return True
        host = parse_host(host_header or "")
        if host is None:
            return False
        scheme, origin_host, origin_port = parsed
        return (origin_host, origin_port) == (host[0], host[1] or DEFAULT_PORTS[scheme])

    def refusal(self, *, host: str | None, origin: str | None, websocket: bool) -> str | None:
        """Why a request is refused, or None when it may proceed."""
        if not self.host_ok(host):
            return f"Host {(host or '（无）')[:200]} 不是本服务的地址"
        if origin is None:
            return "WebSocket 请求没有 Origin" if websocket else None
        if not self.origin_ok(origin, host):
            return f"来源 {origin[:200]} 不是本服务的页面，也未用 --allow-origin 允许"
        return None
