"""How long browsers may keep what the web process serves: hashed build files for a year, pages revalidated."""

from __future__ import annotations

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
A_DAY = "public, max-age=86400"
# Files of assets/ that the service worker or the offline viewer must see fresh after a deploy.
ALWAYS_REVALIDATE = {"/sw.js", "/pwa.js", "/offline.js", "/offline.html"}
DAILY = {"/manifest.webmanifest", "/favicon.svg", "/sitemap.xml"}


def cache_control(path: str, content_type: str) -> str | None:
    """The Cache-Control of a successful GET of the frontend; None leaves the response as it is (API, health)."""
    if path.startswith(("/api/", "/_", "/.well-known/")) or path in {"/healthz", "/readyz", "/metrics", "/ping"}:
        return None
    if path.startswith("/assets/"):
        return IMMUTABLE  # Vite names every build file after its content hash
    if path in ALWAYS_REVALIDATE or content_type.startswith("text/html"):
        return REVALIDATE
    if path in DAILY or path.startswith("/icons/"):
        return A_DAY
    return None
