"""How the web process serves the frontend: cache lifetimes, and page URLs without a redirect."""

from __future__ import annotations

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
A_DAY = "public, max-age=86400"
# Files of assets/ that the service worker or the offline viewer must see fresh after a deploy.
ALWAYS_REVALIDATE = {"/sw.js", "/auth.js", "/webauthn.js", "/pwa.js", "/offline.js", "/offline.html"}
DAILY = {"/manifest.webmanifest", "/favicon.svg", "/sitemap.xml"}


BACKEND_PREFIXES = ("/api/", "/_", "/.well-known/", "/v/")  # /v/: shared videos, server-rendered
BACKEND_PATHS = {"/healthz", "/readyz", "/metrics", "/ping"}


def is_backend(path: str) -> bool:
    """Whether the path belongs to the API or to Reflex's own endpoints rather than to the built pages."""
    return path.startswith(BACKEND_PREFIXES) or path in BACKEND_PATHS


def page_path(path: str, accept: str) -> str | None:
    """The path to serve a page load from; None leaves the request alone.

    "/pocs" is built as "/pocs/index.html" and the static server answers "/pocs" with a 307 to "/pocs/":
    a round trip on every first visit.
    """
    if "text/html" not in accept or path.endswith("/") or is_backend(path) or "." in path.rsplit("/", 1)[-1]:
        return None
    return path + "/"


def cache_control(path: str, content_type: str) -> str | None:
    """The Cache-Control of a successful GET of the frontend; None leaves the response as it is (API, health)."""
    if is_backend(path):
        return None
    if path.startswith("/assets/"):
        return IMMUTABLE  # Vite names every build file after its content hash
    if path in ALWAYS_REVALIDATE or content_type.startswith("text/html"):
        return REVALIDATE
    if path in DAILY or path.startswith("/icons/"):
        return A_DAY
    return None
