"""Helpers for browser tests."""

from __future__ import annotations

from playwright.sync_api import Page


def wait_for_path(page: Page, path: str, timeout: float = 30.0) -> None:
    """Wait until the browser shows a path (client-side navigation included)."""
    page.wait_for_function("p => window.location.pathname.replace(/\\/$/, '') === p.replace(/\\/$/, '')",
                           arg=path, timeout=timeout * 1000)
