"""The app shell: a bottom tab bar on phones, a side bar on desktops, themes, and no sideways scrolling."""

from __future__ import annotations

import time

import pytest

from tests.e2e.browser import access_token, api, no_horizontal_scroll, screenshot, sign_up, wait_for_path

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


def new_page(browser, viewport):
    ctx = browser.new_context(viewport=viewport, locale="pt-BR")
    page = ctx.new_page()
    page.set_default_timeout(30000)
    return ctx, page


def seed(page, base) -> tuple[dict, dict]:
    """A POC with content and a collection holding it, made through the API."""
    token = access_token(page)
    poc = api(
        base,
        token,
        "POST",
        "/api/v1/pocs",
        {
            "name": "Fila com Redis Streams",
            "language": "Python",
            "tags": ["redis", "mensageria"],
            "description": "Trocar o RabbitMQ por Redis Streams no serviço de pedidos.",
            "hypothesis": "Redis Streams aguenta 10 mil mensagens por segundo com um consumidor.",
            "successCriteria": "p99 abaixo de 50 ms com 10 mil mensagens por segundo.",
            "status": "in_progress",
        },
    )
    collection = api(
        base,
        token,
        "POST",
        "/api/v1/collections",
        {"name": "Mensageria", "visibility": "tenant", "description": "Filas e eventos"},
    )
    api(base, token, "PUT", f"/api/v1/collections/{collection['id']}/pocs/{poc['id']}")
    return poc, collection


def test_phone_has_a_bottom_bar_and_no_sideways_scroll(browser, app_server):
    ctx, page = new_page(browser, PHONE)
    sign_up(page, app_server, f"ph{int(time.time() * 1000) % 10**8}")
    poc, collection = seed(page, app_server)
    page.goto(f"{app_server}/")
    page.wait_for_selector("#home-greeting")
    assert page.is_visible("#bottom-bar") and not page.is_visible("#side-bar")
    assert page.inner_text("#header-tenant-name") == "Acme"
    page.wait_for_selector("#bottom-bar a[href='/'][aria-current=page]")
    screenshot(page, "phone-home")

    # The prerendered page marks no tab before its scripts know the path (it used to mark "Início" everywhere).
    prerendered = browser.new_context(viewport=PHONE, locale="pt-BR", java_script_enabled=False)
    static = prerendered.new_page()
    static.goto(f"{app_server}/pocs")
    static.wait_for_selector("#page-loading")
    assert static.locator("#bottom-bar a[aria-current=page]").count() == 0
    prerendered.close()

    page.click("#bottom-bar >> text=POCs")
    wait_for_path(page, "/pocs")
    page.wait_for_selector("text=Fila com Redis Streams >> visible=true")
    page.wait_for_selector("#bottom-bar a[href='/pocs'][aria-current=page]")
    page.click("#bottom-bar >> text=Coleções")
    wait_for_path(page, "/collections")
    page.wait_for_selector("text=Mensageria >> visible=true")
    screenshot(page, "phone-collections")
    page.click("#more-tab")
    page.get_by_role("menuitem", name="Relatórios").click()  # built now: a real destination
    wait_for_path(page, "/relatorios")
    page.click("#more-tab")
    page.get_by_role("menuitem", name="Dojos").click()
    wait_for_path(page, "/dojos")
    page.click("#more-tab")
    page.get_by_role("menuitem", name="Perfil").click()
    wait_for_path(page, "/profile")
    assert page.get_attribute("#bottom-bar a[href='/search']", "href") == "/search"

    pages = {
        "/": "#home-greeting",
        "/pocs": "text=Fila com Redis Streams >> visible=true",
        "/pocs/new": "input[name=name]",
        f"/pocs/{poc['id']}": "#poc-name",
        f"/pocs/{poc['id']}/edit": "input[name=name]",
        "/collections": "text=Mensageria >> visible=true",
        f"/collections/{collection['id']}": "#collection-name",
        "/profile": "input[name=name]",
        "/search?q=redis": "input[name=q]",
        "/offline.html": "#offline-main h1",
    }
    for path, ready in pages.items():
        page.goto(f"{app_server}{path}")
        page.wait_for_selector(ready)
        assert no_horizontal_scroll(page), path
        if path == f"/pocs/{poc['id']}":
            screenshot(page, "phone-poc")
        if path.startswith("/search"):
            screenshot(page, "phone-search")
    ctx.close()
    ctx, page = new_page(browser, PHONE)
    for path in ("/login", "/signup"):
        page.goto(f"{app_server}{path}")
        page.wait_for_selector("button[type=submit]")
        assert no_horizontal_scroll(page), path
    ctx.close()


def test_desktop_has_a_side_bar_themes_and_coming_soon_items(browser, app_server):
    ctx, page = new_page(browser, DESKTOP)
    sign_up(page, app_server, f"dk{int(time.time() * 1000) % 10**8}")
    seed(page, app_server)
    page.goto(f"{app_server}/")
    page.wait_for_selector("#home-greeting")
    assert page.is_visible("#side-bar") and not page.is_visible("#bottom-bar")
    assert page.inner_text("#tenant-name") == "Acme"
    screenshot(page, "desktop-home")

    page.click("#side-bar >> text=Coleções")
    wait_for_path(page, "/collections")
    page.wait_for_selector("text=Mensageria >> visible=true")
    page.wait_for_selector("#side-bar a[href='/collections'][aria-current=page]")
    screenshot(page, "desktop-collections")
    page.click("#side-bar >> text=POCs")
    wait_for_path(page, "/pocs")
    page.click("text=Fila com Redis Streams >> visible=true")
    page.wait_for_selector("#poc-name")
    screenshot(page, "desktop-poc")

    assert page.locator("#side-bar [aria-disabled=true]").count() == 0  # nothing announced as "em breve" is left
    for href in ("/relatorios", "/retrospectiva"):
        assert page.locator(f"#side-bar a[href='{href}']").count() == 1
    page.click("#side-bar a[href='/dojos']")
    wait_for_path(page, "/dojos")
    page.go_back()
    page.wait_for_selector("#poc-name")

    before = page.evaluate("document.documentElement.classList.contains('dark')")
    page.click("#theme-toggle")
    page.wait_for_function("d => document.documentElement.classList.contains('dark') === d", arg=not before)
    page.reload()
    page.wait_for_selector("#poc-name")
    assert page.evaluate("document.documentElement.classList.contains('dark')") == (not before)  # remembered
    screenshot(page, "desktop-poc-dark" if not before else "desktop-poc-light")
    page.goto(f"{app_server}/search?q=redis")
    page.wait_for_selector("input[name=q]")
    screenshot(page, "desktop-search")
    ctx.close()
