"""An owner filters the audit log, exports it, and schedules then cancels the deletion: phone and desktop."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.e2e.browser import no_horizontal_scroll, screenshot, sign_up

pytestmark = pytest.mark.e2e


def wait_for_entries(page: Page, url: str) -> None:
    """Open the audit viewer until the worker has delivered the sign-up's events to the log."""
    for _ in range(20):
        page.goto(url)
        try:
            page.wait_for_selector(".audit-entry", timeout=3000)
            return
        except PlaywrightTimeout:
            continue
    raise AssertionError("the audit log stayed empty")


def audit_viewer(page: Page, base: str, name: str) -> None:
    wait_for_entries(page, f"{base}/team/audit")
    page.click("#audit-kind")
    page.get_by_role("option", name="Organização criada").click()
    page.wait_for_function("document.querySelectorAll('.audit-entry').length === 1")
    assert "Organização criada" in page.inner_text("#audit-list")
    assert "tenant.created" not in page.content()
    with page.expect_download() as got:
        page.click("#audit-csv")
    text = Path(got.value.path()).read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("Data e hora (UTC),Ação,Pessoa") and "Organização criada" in text
    assert no_horizontal_scroll(page)
    screenshot(page, f"audit-viewer-{name}")


def export_downloaded(page: Page, base: str, sub: str) -> None:
    page.goto(f"{base}/team/organization")
    page.wait_for_selector(f"#deletion-subdomain:has-text('{sub}')")  # the page's state is loaded: typing sticks
    page.fill("#export-password", "senha-forte-1")
    page.click("#request-export")
    page.wait_for_selector("#export-card .job-status[data-status=done]", timeout=90000)  # the worker built it
    with page.expect_download() as got:
        page.click("#export-card button:has-text('Baixar')")
    assert got.value.suggested_filename.endswith(".zip")
    names = zipfile.ZipFile(got.value.path()).namelist()
    assert {"data.json", "schema.json", "SHA256SUMS.txt"} <= set(names)


def deletion_requested_and_cancelled(page: Page, base: str, sub: str, name: str) -> None:
    page.goto(f"{base}/team/organization")
    page.wait_for_selector(f"#deletion-subdomain:has-text('{sub}')")
    page.fill("#deletion-confirmation", "outra-coisa")
    page.click("#request-deletion")
    page.wait_for_selector("[role=alert]:has-text('digite o subdomínio')")
    page.fill("#deletion-confirmation", sub)
    page.click("#request-deletion")
    page.wait_for_selector("#cancel-deletion")
    page.wait_for_selector("#closing-banner")
    assert page.inner_text("#deletion-due")
    assert no_horizontal_scroll(page)
    screenshot(page, f"tenant-deletion-scheduled-{name}")
    page.goto(f"{base}/pocs")
    page.wait_for_selector("#closing-banner")  # every page says so while it is scheduled
    page.click("#closing-banner a")
    page.wait_for_selector("#cancel-deletion").click()
    page.wait_for_selector("#request-deletion")
    assert page.locator("#closing-banner").count() == 0


@pytest.mark.parametrize(("name", "viewport"), [("phone", (390, 844)), ("desktop", (1440, 900))])
def test_audit_viewer_and_tenant_deletion_requested_then_cancelled(browser, app_server, name, viewport):
    sub = f"p{int(time.time() * 1000) % 10**8}"
    ctx = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]}, locale="pt-BR")
    page = ctx.new_page()
    page.set_default_timeout(30000)
    sign_up(page, app_server, sub)
    audit_viewer(page, app_server, name)
    export_downloaded(page, app_server, sub)
    deletion_requested_and_cancelled(page, app_server, sub, name)
    ctx.close()
