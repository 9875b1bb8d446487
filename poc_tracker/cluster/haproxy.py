"""HAProxy's configuration: one port in front of the web processes, checked on /readyz, websockets kept."""

from __future__ import annotations

import resource
from pathlib import Path


def max_connections() -> int:
    """Client plus server connections must fit in the file descriptors HAProxy may open (2 per connection)."""
    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    return 20000 if hard == resource.RLIM_INFINITY else max(256, min(20000, (hard - 100) // 2))


# What the balancer answers when no web process can: the API's error shape (in pt-BR: it cannot negotiate).
ERROR_BODY = (
    '{"error":{"code":"unavailable","message":"O serviço está temporariamente indisponível. '
    'Tente novamente em 5 s.","details":{}}}'
)
REASONS = {502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout"}


def error_file(status: int) -> str:
    """A raw HTTP response for HAProxy's ``errorfile``."""
    body = ERROR_BODY.encode()
    head = (
        f"HTTP/1.1 {status} {REASONS[status]}\r\nContent-Type: application/json; charset=utf-8\r\n"
        f"Cache-Control: no-store\r\nRetry-After: 5\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    )
    return head + body.decode()


def config(*, host: str, port: int, web_ports: list[int], error_dir: Path, stats_port: int | None = None) -> str:
    """The haproxy.cfg text.

    A process that fails two checks one second apart leaves the rotation and its websockets are closed, so
    Reflex clients reconnect at once to a live process (their state is in Redis); a request that could not
    connect is tried on another process (only those: a request that reached a process may have been written).
    """
    servers = "\n".join(f"    server web{i} 127.0.0.1:{p} check" for i, p in enumerate(web_ports, start=1))
    stats = (
        f"""
listen stats
    bind 127.0.0.1:{stats_port}
    stats enable
    stats uri /
    stats refresh 5s
"""
        if stats_port
        else ""
    )
    errors = ""
    for status in REASONS:
        path = error_dir / f"{status}.http"
        path.write_text(error_file(status), encoding="utf-8")
        errors += f"    errorfile {status} {path}\n"
    return f"""global
    maxconn {max_connections()}

defaults
    mode http
    option http-server-close
    option forwardfor
    option redispatch
    retries 3
    retry-on conn-failure
    timeout connect 2s
    timeout client 65s
    timeout server 65s
    timeout http-request 15s
    timeout tunnel 1h
    timeout client-fin 5s
    timeout check 5s
{errors}
frontend web
    bind {host}:{port}
    default_backend webs

backend webs
    balance leastconn
    option httpchk GET /readyz
    http-check expect status 200
    default-server inter 1s fastinter 500ms downinter 2s fall 2 rise 2 on-marked-down shutdown-sessions
{servers}
{stats}"""
