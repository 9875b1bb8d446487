"""Prometheus metrics at /metrics (every process of the host in multiprocess mode), for the operators only."""

from __future__ import annotations

import hmac
import ipaddress

from fastapi import APIRouter, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST

from poc_tracker.errors import Forbidden
from poc_tracker.metrics import observe_request
from poc_tracker.metrics_export import latest
from poc_tracker.settings import get_settings

PROXY_HEADERS = ("forwarded", "x-forwarded-for", "x-real-ip")
# Loopback and the private ranges (RFC 1918, IPv6 unique local); ipaddress' is_private also admits documentation
# and other special ranges.
INTERNAL_NETWORKS = tuple(
    ipaddress.ip_network(n)
    for n in ("127.0.0.0/8", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "::1/128", "fc00::/7")
)

router = APIRouter(tags=["health"])


observe = observe_request  # the request pipeline's name for it


def _internal(request: Request) -> bool:
    """From loopback or a private network, and not relayed by a proxy (whose own address may be private)."""
    if any(h in request.headers for h in PROXY_HEADERS):
        return False
    try:
        ip = ipaddress.ip_address(request.client.host if request.client else "")
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return any(ip in net for net in INTERNAL_NETWORKS)


def _may_read(request: Request) -> bool:
    """The configured bearer token, or (when none is set) an internal caller."""
    token = get_settings().metrics_token
    if not token:
        return _internal(request)
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode())


@router.get("/metrics", include_in_schema=False)
def metrics(request: Request) -> Response:
    """Metrics in the Prometheus text format."""
    if not _may_read(request):
        raise Forbidden(
            "As métricas só podem ser lidas da rede interna ou com o token de métricas.", code="metrics_forbidden"
        )
    return Response(latest(), media_type=CONTENT_TYPE_LATEST)
