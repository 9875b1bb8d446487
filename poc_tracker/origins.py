"""The app's own web origins, for CORS, cookies' Origin checks and WebAuthn."""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlsplit

from poc_tracker.settings import get_settings

LOOPBACK = ("localhost", "127.0.0.1", "[::1]")


@lru_cache
def app_origins(app_url: str | None = None) -> list[str]:
    """Origins allowed to call the app with credentials: the app's own (both loopback names when local)."""
    parts = urlsplit(app_url or get_settings().app_url)
    host, port = parts.hostname or "localhost", f":{parts.port}" if parts.port else ""
    hosts = LOOPBACK if host in ("localhost", "127.0.0.1", "::1") else (host,)
    return [f"{parts.scheme}://{h}{port}" for h in hosts]
