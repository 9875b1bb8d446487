"""HAProxy's configuration: one port in front of the web processes, checked on /readyz, websockets kept."""

from __future__ import annotations

import resource


def max_connections() -> int:
    """Client plus server connections must fit in the file descriptors HAProxy may open (2 per connection)."""
    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    return 20000 if hard == resource.RLIM_INFINITY else max(256, min(20000, (hard - 100) // 2))


def config(*, host: str, port: int, web_ports: list[int], stats_port: int | None = None) -> str:
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
