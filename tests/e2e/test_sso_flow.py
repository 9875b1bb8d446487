"""Single sign-on in Chromium: an admin adds the provider on its page; a new colleague signs in through it."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import Browser, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.e2e.browser import no_horizontal_scroll, screenshot, sign_up, wait_for_path
from tests.oidc_support import CLIENT_SECRETS, ProviderServer

pytestmark = pytest.mark.e2e
PHONE, DESKTOP = {"width": 390, "height": 844}, {"width": 1440, "height": 900}


def _page(browser: Browser, viewport: dict[str, int]) -> Page:
    page = browser.new_context(viewport=viewport, locale="pt-BR").new_page()
    page.set_default_timeout(30000)
    return page


def wait_for_home(page: Page, shot: str) -> None:
    """The home page, or a failure that says where the browser stopped (and a screenshot of it)."""
    try:
        page.wait_for_selector("#home-greeting")
    except PlaywrightTimeout:
        screenshot(page, shot)
        raise AssertionError(f"stopped at {page.url}: {page.inner_text('body')[:500]}") from None


def add_provider_on_its_page(page: Page, base: str, idp: ProviderServer, domain: str) -> None:
    """From the team page to the providers page; the form saved (the provider is checked on save)."""
    page.goto(f"{base}/team")
    page.click("#team-sso-link")
    wait_for_path(page, "/identity-providers")
    page.click("#add-provider")
    page.fill("input[name=name]", "Keycloak da Empresa")
    page.fill("input[name=discovery_url]", idp.discovery_url)
    page.fill("input[name=client_id]", "tenant-a")
    page.fill("input[name=client_secret]", CLIENT_SECRETS["tenant-a"])
    page.fill("input[name=domains]", domain)
    page.click("#jit")
    page.click("#save-provider")
    page.wait_for_selector(".provider-card")
    assert domain in page.inner_text(".provider-card")
    assert CLIENT_SECRETS["tenant-a"] not in page.content()


def test_admin_adds_a_provider_and_a_colleague_signs_in_with_sso(
    browser: Browser, app_server: str, oidc_provider: ProviderServer
) -> None:
    sub = f"s{int(time.time() * 1000) % 10**8}"
    domain = f"{sub}.example"
    admin = _page(browser, DESKTOP)
    sign_up(admin, app_server, sub)
    add_provider_on_its_page(admin, app_server, oidc_provider, domain)
    admin.click("text=Testar conexão")
    admin.wait_for_selector("text=Conexão OK")
    screenshot(admin, "sso-admin-desktop")
    admin.set_viewport_size(PHONE)
    admin.reload()
    admin.wait_for_selector(".provider-card")
    assert no_horizontal_scroll(admin)
    screenshot(admin, "sso-admin-phone")
    admin.click("#add-provider")
    admin.wait_for_selector("#provider-form")
    assert no_horizontal_scroll(admin)
    screenshot(admin, "sso-admin-form-phone")

    for viewport, name in ((PHONE, "phone"), (DESKTOP, "desktop")):
        person = _page(browser, viewport)
        person.goto(f"{app_server}/login")
        person.wait_for_selector("#sso-entry")
        screenshot(person, f"login-with-sso-{name}")
        person.click("#sso-entry")
        wait_for_path(person, "/sso")
        person.wait_for_selector("button[type=submit]:enabled")  # the page's state is there: the click will count
        person.fill("input[name=email]", f"rita.{name}@{domain}")
        assert no_horizontal_scroll(person)
        screenshot(person, f"sso-sign-in-{name}")
        person.click("button[type=submit]")
        person.wait_for_url(f"{oidc_provider.issuer}/**")  # the provider's own page, in this same window
        person.fill("input[name=password]", "qualquer-senha")
        person.click("button[type=submit]")
        wait_for_home(person, f"sso-failed-{name}")
        assert f"rita.{name}" in person.inner_text("#home-greeting").lower()
        assert len(person.context.pages) == 1  # the installed app keeps one window: no pop-up
        assert "grant=" not in person.url  # the grant left the address bar
        person.context.close()


def test_a_refused_sign_in_says_why(browser: Browser, app_server: str, oidc_provider: ProviderServer) -> None:
    sub = f"r{int(time.time() * 1000) % 10**8}"
    admin = _page(browser, DESKTOP)
    sign_up(admin, app_server, sub)
    add_provider_on_its_page(admin, app_server, oidc_provider, f"{sub}.example")
    person = _page(browser, PHONE)
    person.goto(f"{app_server}/sso")
    person.wait_for_selector("button[type=submit]:enabled")
    person.fill("input[name=email]", f"ana@{sub}.example")
    person.click("button[type=submit]")
    person.wait_for_url(f"{oidc_provider.issuer}/**")
    person.fill("input[name=login]", "naoverificada@alfa.example")
    person.fill("input[name=password]", "x")
    person.click("button[type=submit]")
    wait_for_path(person, "/sso")
    person.wait_for_selector("text=não confirmou seu e-mail")
    screenshot(person, "sso-refused-phone")
    # A domain without a provider is sent back to the password.
    person.fill("input[name=email]", "alguem@sem-sso.example")
    person.click("button[type=submit]")
    person.wait_for_selector("#sso-notice")
    person.context.close()
