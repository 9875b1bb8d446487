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


def safe_next_path(value: object, default: str = "/") -> str:
    r"""A path of this site to return to after signing in; anything else (another host, a scheme) gives ``default``.

    ``//evil.example`` and ``/\evil.example`` are read by browsers as another host, so only a single leading slash
    followed by a path character passes; control characters and the sign-in pages themselves are refused too.
    """
    if not isinstance(value, str) or not value.startswith("/") or len(value) > 2000:
        return default
    if value.startswith(("//", "/\\")) or any(ord(c) < 32 or c == "\\" for c in value):
        return default
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or parts.path.rstrip("/") in ("/login", "/signup", "/sso"):
        return default
    return value
