"""Helpers for browser tests."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

from playwright.sync_api import Page

# Debian's Chromium as the tests and drills launch it (never a downloaded build).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]


def wait_for_path(page: Page, path: str, timeout: float = 30.0) -> None:
    """Wait until the browser shows a path (client-side navigation included)."""
    page.wait_for_function(
        "p => window.location.pathname.replace(/\\/$/, '') === p.replace(/\\/$/, '')", arg=path, timeout=timeout * 1000
    )


def sign_up(page: Page, base: str, sub: str, password: str = "senha-forte-1") -> None:
    """Create an organisation through the sign-up page and wait for the home page."""
    page.goto(f"{base}/signup")
    page.wait_for_selector("input[name=subdomain]")
    for name, value in {
        "name": "Acme",
        "subdomain": sub,
        "owner_name": "Ana Souza",
        "owner_email": f"ana@{sub}.com.br",
        "owner_password": password,
    }.items():
        page.fill(f"input[name={name}]", value)
    page.click("#accept-privacy-notice")  # the terms and privacy notice, required (recorded as a consent)
    page.click("button[type=submit]")
    page.wait_for_selector("#home-greeting")


def api(base: str, token: str, method: str, path: str, body: dict | None = None) -> dict | None:
    """Call the REST API as the signed-in user (what a change "made elsewhere" looks like)."""
    req = urllib.request.Request(
        f"{base}{path}",
        method=method,
        data=json.dumps(body).encode() if body else None,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(req) as res:
        raw = res.read()
    return json.loads(raw) if raw else None


def access_token(page: Page) -> str:
    """The access token the app keeps in localStorage."""
    return page.evaluate("localStorage.getItem('poc_tracker_access')")


def no_horizontal_scroll(page: Page) -> bool:
    """Whether the page fits the viewport's width."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def screenshot(page: Page, name: str) -> None:
    """Save what the page shows to docs/screenshots/<name>.png for people to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(300)  # let charts and fonts settle
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
