"""A member registers a POC in the browser, sees inline errors, edits it and finds it in the list."""

from __future__ import annotations

import time

import pytest

from tests.e2e.browser import sign_up, wait_for_path

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize(
    "viewport", [{"width": 390, "height": 844}, {"width": 1280, "height": 800}], ids=["phone", "desktop"]
)
def test_register_edit_and_list_a_poc(browser, app_server, viewport):
    ctx = browser.new_context(viewport=viewport, locale="pt-BR")
    page = ctx.new_page()
    page.set_default_timeout(30000)
    sign_up(page, app_server, f"p{int(time.time() * 1000) % 10**8}")
    page.goto(f"{app_server}/pocs")
    page.wait_for_selector("text=Nenhuma POC encontrada")
    page.click("text=Registrar minha primeira POC")
    wait_for_path(page, "/pocs/new")
    page.fill("input[name=name]", "Fila com Redis Streams")
    page.fill("input[name=tags]", ", ".join(f"t{i}" for i in range(11)))
    page.fill("textarea[name=hypothesis]", "Redis aguenta 10 mil mensagens por segundo.")
    page.click("button[type=submit]")
    page.wait_for_selector("text=Uma POC pode ter no máximo 10 tags.")
    assert page.input_value("input[name=name]") == "Fila com Redis Streams"  # nothing typed is lost
    page.fill("input[name=tags]", "redis, Mensageria")
    page.click("button[type=submit]")
    page.wait_for_selector("#poc-name")
    assert page.inner_text("#poc-name") == "Fila com Redis Streams"
    assert page.is_visible("text=#mensageria")
    page.click("text=Editar")
    page.wait_for_selector("input[name=name]")
    page.fill("input[name=name]", "Fila com Redis Streams v2")
    page.click("button[type=submit]")
    page.wait_for_function("() => document.querySelector('#poc-name')?.innerText === 'Fila com Redis Streams v2'")
    assert page.is_visible("text=versão 2")
    page.goto(f"{app_server}/pocs")
    page.wait_for_selector("text=Fila com Redis Streams v2 >> visible=true")
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    ctx.close()
