"""LGPD in the browser: consent at sign-up, the notice, an export made and downloaded, a deletion and its cancel."""

from __future__ import annotations

import json
import time
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.e2e.browser import access_token, api, no_horizontal_scroll, screenshot, sign_up, wait_for_path

pytestmark = pytest.mark.e2e
PASSWORD = "senha-forte-1"


def sign_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/login")
    page.wait_for_selector("input[name=email]")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Entrar", exact=True).click()
    page.wait_for_selector("#home-greeting")


def second_owner(base: str, token: str, sub: str) -> None:
    """Another owner, so Ana is not the only one and may delete her account."""
    tenant_id = api(base, token, "GET", "/api/v1/users/profile")["tenant"]["id"]
    email = f"bia@{sub}.com.br"
    invite = api(base, token, "POST", "/api/v1/users/invitations", {"email": email, "role": "owner"})
    body = {"email": email, "password": PASSWORD, "name": "Bia", "tenantId": tenant_id, "acceptPrivacyNotice": True}
    api(base, token, "POST", "/api/v1/users/register", body | {"invitationToken": invite["token"]})


def test_consent_notice_export_and_a_cancelled_deletion(browser, app_server, tmp_path: Path):
    base, sub = app_server, f"p{int(time.time() * 1000) % 10**8}"
    email = f"ana@{sub}.com.br"
    ctx = browser.new_context(viewport={"width": 1440, "height": 900}, locale="pt-BR", accept_downloads=True)
    page = ctx.new_page()
    page.set_default_timeout(60000)
    page.goto(f"{base}/signup")
    page.wait_for_selector("#accept-privacy-notice")
    page.fill("input[name=name]", "Acme")
    page.fill("input[name=subdomain]", sub)
    page.fill("input[name=owner_name]", "Ana Souza")
    page.fill("input[name=owner_email]", email)
    page.fill("input[name=owner_password]", PASSWORD)
    page.click("button[type=submit]")  # without the consent: refused, nothing created
    page.wait_for_selector("text=aceite os termos de uso e o aviso de privacidade")
    screenshot(page, "privacy-signup-consent-desktop")
    sign_up(page, base, sub)  # the same form, the box ticked
    token = access_token(page)
    consents = api(base, token, "GET", "/api/v1/privacy/consents")
    assert consents["needsNotice"] is False
    assert {c["purpose"] for c in consents["data"] if c["granted"]} == {"terms", "privacy_notice"}
    second_owner(base, token, sub)

    page.click("#privacy-footer a, .privacy-footer a")
    page.wait_for_selector("#privacy-contacts")
    assert "Encarregado (DPO)" in page.inner_text("#privacy-contacts")
    screenshot(page, "privacy-notice-desktop")

    page.goto(f"{base}/perfil/privacidade")
    page.wait_for_selector("#privacy-summary .rt-Badge")
    page.click("#consent-product_news")
    page.wait_for_selector("text=Preferência registrada.")
    page.fill("#privacy-export input[name=password]", PASSWORD)
    page.click("#request-export")
    card = page.locator(".job-card").first
    card.locator(".job-download").wait_for(timeout=180000)  # built by the worker, followed live
    with page.expect_download() as got:
        card.locator(".job-download").click()
    target = tmp_path / "export.zip"
    got.value.save_as(target)
    with zipfile.ZipFile(target) as zf:
        data = json.loads(zf.read("data.json"))
        assert data["users"][0]["email"] == email and "SHA256SUMS.txt" in zf.namelist()
        assert {(c["purpose"], c["granted"]) for c in data["consents"]} >= {("product_news", True)}
    page.wait_for_selector("#privacy-ledger .ledger-row")
    assert "LGPD-" in page.inner_text("#privacy-ledger")
    screenshot(page, "privacy-my-data-desktop")

    page.click("#delete-account")
    page.fill("[role=alertdialog] input[name=password]", PASSWORD)
    page.click("#confirm-delete")
    wait_for_path(page, "/privacidade/exclusao")
    page.wait_for_selector("#cancel-deletion")
    screenshot(page, "privacy-deletion-scheduled-desktop")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("#cancel-deletion")
    page.wait_for_selector("text=Exclusão cancelada")
    screenshot(page, "privacy-deletion-cancelled-desktop")
    sign_in(page, base, email)  # the account is back
    ctx.close()

    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="pt-BR", is_mobile=True, has_touch=True)
    p = phone.new_page()
    p.set_default_timeout(60000)
    p.goto(f"{base}/privacidade")  # signed out: readable all the same
    p.wait_for_selector("#privacy-purposes")
    assert no_horizontal_scroll(p)
    screenshot(p, "privacy-notice-phone")
    sign_in(p, base, email)
    p.goto(f"{base}/perfil/privacidade")
    p.wait_for_selector("#privacy-ledger .ledger-row")
    assert no_horizontal_scroll(p)
    screenshot(p, "privacy-my-data-phone")
    phone.close()
