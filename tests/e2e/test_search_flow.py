"""Someone finds POCs on /search: highlights, a facet as a filter in the URL, a shared link, a phone."""

from __future__ import annotations

import json
import time
import urllib.request

import pytest

from tests.e2e.browser import sign_up

pytestmark = pytest.mark.e2e


def create_poc(base: str, token: str, **body) -> None:
    req = urllib.request.Request(
        f"{base}/api/v1/pocs",
        data=json.dumps(body).encode(),
        method="POST",
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
    )
    with urllib.request.urlopen(req) as res:
        assert res.status == 201


@pytest.mark.parametrize(
    "viewport", [{"width": 390, "height": 844}, {"width": 1280, "height": 800}], ids=["phone", "desktop"]
)
def test_search_filter_and_share(browser, app_server, viewport):
    ctx = browser.new_context(viewport=viewport, locale="pt-BR")
    page = ctx.new_page()
    page.set_default_timeout(30000)
    sign_up(page, app_server, f"s{int(time.time() * 1000) % 10**8}")
    token = page.evaluate("localStorage.getItem('poc_tracker_access')")
    create_poc(
        app_server,
        token,
        name="Autenticação <b>JWT</b>",
        language="python",
        tags=["auth"],
        description="Testes de tokens com rotação.",
    )
    create_poc(
        app_server, token, name="Fila com Kafka", language="go", tags=["mensageria"], description="Teste de carga."
    )
    deadline = time.monotonic() + 30
    while True:  # the worker indexes in the background
        page.goto(f"{app_server}/search?q=teste")
        page.wait_for_selector("text=encontrada")
        if page.locator("mark").count() >= 2 or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert page.locator("text=2 POCs encontradas").count() == 1
    assert page.locator("text=Autenticação <b>JWT</b>").count() == 1  # shown as text, never as markup
    page.click("button:has-text('mensageria')")
    page.wait_for_function("() => location.search.includes('tag=mensageria')")
    page.wait_for_selector("text=1 POC encontrada")
    shared = page.url
    other = ctx.new_page()
    other.goto(shared)
    other.wait_for_selector("text=Fila com Kafka")
    assert other.locator("text=1 POC encontrada").count() == 1
    page.goto(f"{app_server}/search?q=kafak")
    page.wait_for_selector("text=Nada encontrado")
    page.click("text=kafka")
    page.wait_for_selector("text=Fila com Kafka")
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    ctx.close()
