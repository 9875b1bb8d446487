"""Behind a balancer: the client's address from X-Forwarded-For, trusting only the configured proxy hops."""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from poc_tracker.settings import get_settings


def forwarded_client(header: str, hops: int) -> str | None:
    """The address ``hops`` entries from the right of X-Forwarded-For (what the nearest trusted proxy saw).

    Entries further left were written by the client and prove nothing; with too few entries, None.
    """
    if hops <= 0:
        return None
    addresses = [a.strip() for a in header.split(",") if a.strip()]
    return addresses[-hops] if len(addresses) >= hops else None


class ForwardedClient:
    """Rewrite ``scope["client"]`` so rate limits, sign-in guards and logs see the user, not the balancer."""

    def __init__(self, app: ASGIApp, hops: int | None = None) -> None:
        self.app = app
        self.hops = get_settings().trusted_proxy_hops if hops is None else hops

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.hops and scope["type"] in ("http", "websocket"):
            header = b",".join(v for k, v in scope.get("headers", []) if k == b"x-forwarded-for").decode("latin-1")
            address = forwarded_client(header, self.hops)
            if address:
                scope = {**scope, "client": (address, 0)}
        await self.app(scope, receive, send)
