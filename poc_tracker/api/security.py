"""Security headers on every response: a strict Content-Security-Policy, no sniffing, no framing.

Pages get a policy that lets only our own scripts run, plus the inline scripts the built page itself
carries, each allowed by its SHA-256 (computed from the page as served, so a rebuild needs no list).
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import re
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S | re.I)
# Reflex runs rx.call_script and event callbacks through eval(): strings from our server only.
PAGE_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-eval'{hashes}; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob: https:; font-src 'self' data:; connect-src 'self'; media-src 'self' blob:; "
    "worker-src 'self'; manifest-src 'self'; frame-src 'none'; frame-ancestors 'none'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'"
)
# API answers, downloads and other files are never documents that may run anything.
OTHER_POLICY = "default-src 'none'; frame-ancestors 'none'; sandbox"
COMMON_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
]


def script_hashes(html: bytes) -> list[str]:
    """CSP sources for each inline script of a page."""
    found = {base64.b64encode(hashlib.sha256(body).digest()).decode() for body in INLINE_SCRIPT.findall(html)}
    return [f"'sha256-{h}'" for h in sorted(found)]


def page_policy(html: bytes) -> str:
    """The policy of one page: our scripts and the page's own inline ones."""
    hashes = "".join(f" {h}" for h in script_hashes(html))
    return PAGE_POLICY.format(hashes=hashes)


def _header(headers: list[tuple[bytes, bytes]], name: bytes) -> bytes:
    return next((v for k, v in headers if k.lower() == name), b"")


def _with(headers: list[tuple[bytes, bytes]], extra: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    names = {k for k, _ in extra}
    return [(k, v) for k, v in headers if k.lower() not in names] + extra


class SecurityHeaders:
    """ASGI middleware: the headers above on every HTTP response, the hashed policy on pages."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        _no_brotli_for_pages(scope)
        start: Message | None = None
        chunks: list[bytes] = []

        async def send_with_headers(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                if message.get("status") == 304:  # a cache keeps the stored page's policy
                    message["headers"] = _with(headers, COMMON_HEADERS)
                elif _header(headers, b"content-type").startswith(b"text/html"):
                    start = message  # held until the body is known, to hash its inline scripts
                    return
                else:
                    policy = PAGE_POLICY.format(hashes="") if scope["path"].endswith(".js") else OTHER_POLICY
                    message["headers"] = _with(
                        headers, [*COMMON_HEADERS, (b"content-security-policy", policy.encode())]
                    )
            elif start is not None and message["type"] == "http.response.pathsend":
                await _send_page(send, start, Path(message["path"]).read_bytes(), then=message)
                return
            elif start is not None and message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if message.get("more_body"):
                    return
                await _send_page(send, start, b"".join(chunks))
                return
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def _send_page(send: Send, start: Message, body: bytes, then: Message | None = None) -> None:
    """Send a held page with its policy, then its body (or the server's own file send)."""
    headers = list(start.get("headers", []))
    html = gzip.decompress(body) if _header(headers, b"content-encoding") == b"gzip" and body else body
    policy = page_policy(html).encode()
    start["headers"] = _with(headers, [*COMMON_HEADERS, (b"content-security-policy", policy)])
    await send(start)
    await send(then or {"type": "http.response.body", "body": body})


def _no_brotli_for_pages(scope: Scope) -> None:
    """Ask the static server for gzip or plain pages (the standard library cannot read Brotli to hash them)."""
    headers = scope.get("headers", [])
    name = scope["path"].rsplit("/", 1)[-1]
    page = "." not in name or name.endswith(".html")  # /pocs/x, /offline.html (a service worker asks with */*)
    if not page and b"text/html" not in _header(headers, b"accept"):
        return
    encodings = [e.strip() for e in _header(headers, b"accept-encoding").split(b",")]
    kept = b", ".join(e for e in encodings if e and not e.startswith(b"br"))
    scope["headers"] = [(k, v) for k, v in headers if k.lower() != b"accept-encoding"] + [(b"accept-encoding", kept)]
