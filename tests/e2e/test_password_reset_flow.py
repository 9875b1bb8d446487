"""Forgot password → development mailbox → reset → sign in, on the embedded profile (no SMTP server).

Also: the e-mail verification link and banner, the old sign-in ended by the reset, the security page.
Screenshots at 390×844 and 1440×900 go to docs/screenshots/.
"""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import Page

from tests.e2e.browser import no_horizontal_scroll, screenshot, sign_up, wait_for_path

pytestmark = pytest.mark.e2e
PHONE, DESKTOP = {"width": 390, "height": 844}, {"width": 1440, "height": 900}


def open_mail(page: Page, base: str, subject: str, to: str) -> None:
    """Open the newest mail with this subject to ``to`` in the development mailbox (the worker may lag)."""
    page.goto(f"{base}/dev/mailbox")
    item = page.locator(".mailbox-item", has_text=subject).filter(has_text=to).first
    deadline = time.monotonic() + 60
    while not item.is_visible():
        assert time.monotonic() < deadline, f"no mail '{subject}' for {to}"
        page.get_by_role("button", name="Atualizar").click()
        page.wait_for_timeout(1000)
    item.click()
    page.wait_for_selector(f"#mailbox-open >> text={subject}")


def test_forgot_password_through_the_mailbox_then_sign_in(page: Page, browser, app_server):
    sub = f"reset{int(time.time() * 1000) % 10**8}"
    email = f"ana@{sub}.com.br"
    sign_up(page, app_server, sub)
    page.wait_for_selector("#verify-email-banner")  # the account works, with a banner

    phone = browser.new_context(viewport=PHONE, locale="pt-BR").new_page()
    phone.set_default_timeout(30000)
    phone.goto(f"{app_server}/login")
    phone.click("#forgot-password-link")
    wait_for_path(phone, "/forgot-password")
    phone.wait_for_selector("button[type=submit]:enabled")  # the page's state is there: the click will count
    phone.fill("input[name=email]", email)
    phone.click("button[type=submit]")
    phone.wait_for_selector("text=Se houver uma conta com este e-mail")

    open_mail(phone, app_server, "Redefinição de senha do POC Tracker", email)
    assert no_horizontal_scroll(phone)
    screenshot(phone, "mailbox-phone")
    phone.locator("#mailbox-open .mailbox-link", has_text="/reset-password").click()
    wait_for_path(phone, "/reset-password")
    phone.wait_for_selector("button[type=submit]:enabled")  # hydrated: the link's state has loaded
    screenshot(phone, "reset-password-phone")
    phone.fill("input[name=password]", "nova-senha-segura-9")
    phone.fill("input[name=confirm]", "outra-coisa-qualquer")
    phone.click("button[type=submit]")
    phone.wait_for_selector("text=As senhas não coincidem.")
    phone.fill("input[name=confirm]", "nova-senha-segura-9")
    phone.click("button[type=submit]")
    phone.wait_for_selector("text=Senha redefinida. Entre com a nova senha.")
    reset_url = phone.url

    phone.get_by_role("link", name="Entrar").click()
    wait_for_path(phone, "/login")
    phone.fill("input[name=email]", email)
    phone.fill("input[name=password]", "nova-senha-segura-9")
    phone.click("button[type=submit]")
    phone.wait_for_selector("#home-greeting")

    page.goto(f"{app_server}/pocs")  # the first browser's sign-in ended with the reset
    wait_for_path(page, "/login")

    phone.goto(reset_url)  # the link worked once
    phone.wait_for_selector("button[type=submit]:enabled")  # the page has loaded the link's state
    phone.fill("input[name=password]", "terceira-senha-boa-7")
    phone.fill("input[name=confirm]", "terceira-senha-boa-7")
    phone.click("button[type=submit]")
    phone.wait_for_selector("text=Este link é inválido, já foi usado ou expirou. Peça um novo.")

    open_mail(phone, app_server, "Confirme seu e-mail no POC Tracker", email)
    phone.locator("#mailbox-open .mailbox-link", has_text="/verify-email").click()
    phone.wait_for_selector("text=E-mail confirmado. Obrigado!")
    phone.goto(f"{app_server}/perfil/seguranca")
    phone.wait_for_selector("#sessions-section >> text=Este dispositivo")
    assert not phone.is_visible("#verify-email-banner")
    assert phone.locator("#email-section >> text=Confirmado").is_visible()
    assert no_horizontal_scroll(phone)
    screenshot(phone, "security-phone")

    phone.set_viewport_size(DESKTOP)
    phone.reload()
    phone.wait_for_selector("#sessions-section >> text=Este dispositivo")
    screenshot(phone, "security-desktop")
    phone.goto(reset_url)
    phone.wait_for_selector("input[name=confirm]")
    screenshot(phone, "reset-password-desktop")
    open_mail(phone, app_server, "Confirme seu e-mail no POC Tracker", email)
    screenshot(phone, "mailbox-desktop")
    phone.context.close()


def test_the_security_page_ends_another_sign_in(page: Page, browser, app_server):
    sub = f"sec{int(time.time() * 1000) % 10**8}"
    sign_up(page, app_server, sub)
    other = browser.new_context(viewport=DESKTOP, locale="pt-BR").new_page()
    other.set_default_timeout(30000)
    other.goto(f"{app_server}/login")
    other.fill("input[name=email]", f"ana@{sub}.com.br")
    other.fill("input[name=password]", "senha-forte-1")
    other.click("button[type=submit]")
    other.wait_for_selector("#home-greeting")

    page.goto(f"{app_server}/profile")
    page.click("#security-link")
    wait_for_path(page, "/perfil/seguranca")
    page.wait_for_selector("#sessions-section >> text=Este dispositivo")
    assert page.locator(".device-row").count() == 2
    page.get_by_role("button", name="Encerrar todas as outras sessões").click()
    page.wait_for_selector("text=As outras sessões foram encerradas.")
    assert page.locator(".device-row").count() == 1
    other.goto(f"{app_server}/pocs")
    wait_for_path(other, "/login")

    page.fill("input[name=new_email]", f"nova@{sub}.com.br")
    page.fill("#email-section input[name=password]", "senha-forte-1")
    page.get_by_role("button", name="Trocar e-mail").click()
    page.wait_for_selector("text=Enviamos um link de confirmação para o novo e-mail.")
    other.context.close()
