"""Two-step verification in the real app: enrol an authenticator and a passkey, then sign in every way; the policy."""

from __future__ import annotations

import time

import pyotp
from playwright.sync_api import Page

from tests.e2e.browser import access_token, api, screenshot, sign_up, wait_for_path
from tests.mfa_support import steady_clock

PHONE, DESKTOP = {"width": 390, "height": 844}, {"width": 1440, "height": 900}
AUTHENTICATOR = {
    "protocol": "ctap2",
    "transport": "internal",
    "hasResidentKey": True,
    "hasUserVerification": True,
    "isUserVerified": True,
    "automaticPresenceSimulation": True,
}


def shots(page: Page, name: str) -> None:
    """The page at phone and desktop sizes, saved to docs/screenshots."""
    for size, label in ((PHONE, "phone"), (DESKTOP, "desktop")):
        page.set_viewport_size(size)
        screenshot(page, f"{name}-{label}")
    page.set_viewport_size({"width": 1280, "height": 800})


def sign_out(page: Page, base: str) -> None:
    page.goto(f"{base}/profile")
    page.get_by_role("button", name="Sair").click()
    wait_for_path(page, "/login")


def password(page: Page, email: str, secret: str = "senha-forte-1") -> None:
    page.wait_for_selector("input[name=email]")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", secret)
    page.get_by_role("button", name="Entrar", exact=True).click()


def test_authenticator_and_passkey_enrolled_then_every_way_of_signing_in(page, app_server):
    base, email = app_server, "ana@mfaui.com.br"
    sign_up(page, base, "mfaui")
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send("WebAuthn.addVirtualAuthenticator", {"options": AUTHENTICATOR})

    page.goto(f"{base}/perfil/seguranca")
    page.click("#totp-start")
    page.wait_for_selector("#totp-qr")
    shots(page, "mfa-factors-enrol")
    secret = page.inner_text("#totp-secret").replace(" ", "")
    steady_clock()
    page.fill("#factors-section input[name=code]", pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Ativar", exact=True).click()
    page.wait_for_selector("#recovery-codes")
    codes = page.locator(".recovery-code").all_inner_texts()
    assert len(codes) == 10
    shots(page, "mfa-recovery-codes")
    page.get_by_role("button", name="Já guardei os códigos").click()
    page.fill("#passkey-add input[name=name]", "Notebook do trabalho")
    page.get_by_role("button", name="Adicionar chave de acesso").click()
    page.wait_for_selector(".passkey-row")
    assert "Notebook do trabalho" in page.inner_text("#factors-section")
    shots(page, "mfa-factors")

    sign_out(page, base)
    password(page, email)
    page.wait_for_selector("#mfa-step")
    shots(page, "mfa-step")
    page.fill("input[name=code]", pyotp.TOTP(secret).at(time.time() + 30))
    page.get_by_role("button", name="Verificar").click()
    page.wait_for_selector("#home-greeting")

    sign_out(page, base)
    password(page, email)
    page.click("#mfa-passkey")
    page.wait_for_selector("#home-greeting")

    sign_out(page, base)
    page.click("#passkey-sign-in")  # no e-mail, no password
    page.wait_for_selector("#home-greeting")

    sign_out(page, base)
    password(page, email)
    page.click("#mfa-toggle-recovery")
    page.fill("input[name=recovery_code]", codes[0])
    page.get_by_role("button", name="Verificar").click()
    page.wait_for_selector("#home-greeting")


def test_a_tenant_requiring_mfa_has_a_member_enrol_before_entering(page, app_server, browser):
    base = app_server
    sign_up(page, base, "mfapol")
    page.goto(f"{base}/team")
    page.click("#mfa-required")
    page.wait_for_selector("#mfa-required[data-state=checked]")
    shots(page, "mfa-policy")
    token = access_token(page)
    tenant_id = api(base, token, "GET", "/api/v1/users/profile")["tenant"]["id"]
    email = "bruno@mfapol.com.br"
    invite = api(base, token, "POST", "/api/v1/users/invitations", {"email": email, "role": "member"})
    body = {"email": email, "password": "senha-forte-1", "name": "Bruno", "tenantId": tenant_id}
    api(base, token, "POST", "/api/v1/users/register", body | {"invitationToken": invite["token"]})

    ctx = browser.new_context(viewport={"width": 1280, "height": 800}, locale="pt-BR")
    member = ctx.new_page()
    member.goto(f"{base}/login")
    password(member, email)
    member.wait_for_selector("#totp-qr")
    shots(member, "mfa-enrol-at-sign-in")
    steady_clock()
    secret = member.inner_text("#totp-secret").replace(" ", "")
    member.fill("input[name=code]", pyotp.TOTP(secret).now())
    member.get_by_role("button", name="Ativar e entrar").click()
    member.wait_for_selector("#recovery-codes")
    member.click("#mfa-continue")
    member.wait_for_selector("#home-greeting")
    ctx.close()
