"""A new team signs up in Portuguese, lands on its home, switches language, signs out and back in."""

from __future__ import annotations

import json
import time
import urllib.request

import pytest

from tests.e2e.browser import wait_for_path

pytestmark = pytest.mark.e2e


def fill_sign_up(page, sub: str, password: str) -> None:
    page.fill("input[name=name]", "Acme Tecnologia")
    page.fill("input[name=subdomain]", sub)
    page.fill("input[name=owner_name]", "Ana Souza")
    page.fill("input[name=owner_email]", f"ana@{sub}.com.br")
    page.fill("input[name=owner_password]", password)
    page.check("#accept-privacy-notice")  # the terms and privacy notice (a recorded consent)
    page.click("button[type=submit]")


def test_sign_up_lands_on_the_home_page(page, app_server):
    page.goto(f"{app_server}/")
    wait_for_path(page, "/login")
    page.get_by_role("heading", name="Entrar").wait_for()
    page.click("text=Crie sua organização")
    wait_for_path(page, "/signup")
    sub = f"e2e{int(time.time() * 1000) % 10**8}"
    fill_sign_up(page, sub, "curta")
    page.wait_for_selector("text=A senha precisa ter pelo menos 8 caracteres.")
    assert page.input_value("input[name=subdomain]") == sub  # nothing the user typed is lost
    fill_sign_up(page, sub, "senha-forte-1")
    wait_for_path(page, "/")
    page.wait_for_selector("#home-greeting")
    assert "Olá, Ana Souza" in page.inner_text("#home-greeting")
    assert page.is_visible("text=Nenhuma POC por aqui ainda")
    assert page.title() == "Início · POC Tracker"

    page.reload()
    page.wait_for_selector("#home-greeting")  # the sign-in survives a reload

    page.get_by_label("Idioma / Language").first.select_option("en")
    page.wait_for_selector("text=No POCs here yet")
    assert "Hello, Ana Souza" in page.inner_text("#home-greeting")
    page.wait_for_function("document.title === 'Home · POC Tracker'")  # the tab title follows the language

    page.get_by_label("Account menu").click()
    page.get_by_role("menuitem", name="Sign out").click()
    wait_for_path(page, "/login")
    page.fill("input[name=email]", f"ana@{sub}.com.br")
    page.fill("input[name=password]", "senha-errada")
    page.click("button[type=submit]")
    page.wait_for_selector("text=Wrong e-mail or password.")
    page.fill("input[name=password]", "senha-forte-1")
    page.click("button[type=submit]")
    wait_for_path(page, "/")
    page.wait_for_selector("text=No POCs here yet")  # the language stays with the profile


def test_api_is_served_on_the_same_port(app_server):
    with urllib.request.urlopen(f"{app_server}/api/v1/openapi.json") as res:
        spec = json.load(res)
    assert "/api/v1/tenants" in spec["paths"]
    with urllib.request.urlopen(f"{app_server}/api/v1/docs") as res:
        assert "swagger-ui" in res.read().decode()
    with urllib.request.urlopen(f"{app_server}/readyz") as res:
        assert json.load(res)["checks"]["database"] == "ok"


def test_before_its_scripts_run_a_painted_page_offers_no_control_that_would_do_nothing(page, app_server):
    """Pages paint before their scripts: until those run, the controls a press would be lost on are disabled."""
    page.route("**/assets/*.js", lambda route: route.abort())  # the scripts never arrive: the page as first painted
    page.goto(f"{app_server}/signup")
    page.wait_for_selector("input[name=subdomain]")
    for control in ("#accept-privacy-notice", "button[type=submit]", "[aria-label='Idioma / Language']"):
        assert page.is_disabled(control), control
    page.goto(f"{app_server}/login")
    page.wait_for_selector("input[name=email]")
    assert page.is_disabled("button[type=submit]")
    page.goto(f"{app_server}/")  # a private page: its frame is painted, its content waits for the sign-in
    page.wait_for_selector("#page-loading")
    for control in ("[aria-label^='Menu da conta']", "#more-tab", "#theme-toggle"):
        assert page.is_disabled(control), control
