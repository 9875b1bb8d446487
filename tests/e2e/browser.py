"""Helpers for browser tests."""

from __future__ import annotations

from playwright.sync_api import Page


def wait_for_path(page: Page, path: str, timeout: float = 30.0) -> None:
    """Wait until the browser shows a path (client-side navigation included)."""
    page.wait_for_function("p => window.location.pathname.replace(/\\/$/, '') === p.replace(/\\/$/, '')",
                           arg=path, timeout=timeout * 1000)


def sign_up(page: Page, base: str, sub: str, password: str = "senha-forte-1") -> None:
    """Create an organisation through the sign-up page and wait for the home page."""
    page.goto(f"{base}/signup")
    page.wait_for_selector("input[name=subdomain]")
    for name, value in {"name": "Acme", "subdomain": sub, "owner_name": "Ana Souza",
                        "owner_email": f"ana@{sub}.com.br", "owner_password": password}.items():
        page.fill(f"input[name={name}]", value)
    page.click("button[type=submit]")
    page.wait_for_selector("#home-greeting")
