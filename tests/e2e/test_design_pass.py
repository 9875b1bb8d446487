"""The design pass in the browser: the POC page on a phone, the desktop table, deep links, 404, sign-up, collections
from a POC, Markdown in cards, relative times, and axe-core with no serious or critical violation on any page."""

from __future__ import annotations

import itertools
import time

import pytest
from playwright.sync_api import Browser, Page

from tests.e2e.axe_support import axe_violations
from tests.e2e.browser import access_token, api, no_horizontal_scroll, sign_up, wait_for_path

pytestmark = pytest.mark.e2e
PHONE, DESKTOP = {"width": 390, "height": 844}, {"width": 1440, "height": 900}
LONG_NAME = "Integração" + "X" * 70  # a name without spaces once pushed the table's columns out of view


def new_page(browser: Browser, viewport: dict) -> Page:
    page = browser.new_context(viewport=viewport, locale="pt-BR").new_page()
    page.set_default_timeout(30000)
    return page


def boxes(page: Page, selector: str) -> list[dict]:
    return page.eval_on_selector_all(selector, "els => els.map(e => e.getBoundingClientRect().toJSON())")


def overlap(a: dict, b: dict) -> bool:
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]


def seed(base: str, page: Page) -> dict[str, str]:
    """Two POCs through the API: one with Markdown, links and no experiment; one with a long name."""
    token = access_token(page)
    first = api(
        base,
        token,
        "POST",
        "/api/v1/pocs",
        {
            "name": "Cache de sessões em Memcached",
            "description": "Reduzir a latência. **Stack:** PHP.",
            "language": "php",
            "status": "done",
            "repositoryUrl": "https://github.com/acme/cache",
        },
    )
    long = api(base, token, "POST", "/api/v1/pocs", {"name": LONG_NAME, "description": "", "language": "go"})
    return {"poc": first["id"], "long": long["id"]}


def check_poc_page_on_a_phone(page: Page, base: str, ids: dict[str, str]) -> None:
    page.goto(f"{base}/pocs/{ids['poc']}")
    page.wait_for_selector("#poc-actions")
    page.wait_for_function("document.title === 'Cache de sessões em Memcached · POC Tracker'")
    buttons = boxes(page, "#poc-actions button")
    assert len(buttons) == 5  # star, collections, edit, delete, and "Iniciar Dojo" across both columns
    assert buttons[4]["width"] > 1.8 * buttons[0]["width"]
    assert not any(overlap(a, b) for i, a in enumerate(buttons) for b in buttons[i + 1 :]), buttons
    assert all(b["right"] <= PHONE["width"] - 8 for b in buttons)
    badges = boxes(page, "#poc-badges > *")
    assert all(b["left"] - a["right"] >= 4 for a, b in itertools.pairwise(badges) if a["top"] == b["top"])
    link = boxes(page, "#poc-links a")[0]
    assert link["height"] < 30  # the Repositório icon on the text's line
    assert page.inner_text("#poc-description").count("**") == 0  # rendered, not raw
    assert page.is_visible("#experiment-empty")
    stamp = page.locator("time.when").first
    assert stamp.inner_text() in ("agora",) or stamp.inner_text().startswith("há ")
    assert str(time.gmtime().tm_year) in (stamp.get_attribute("title") or "")  # the full date on hover
    assert no_horizontal_scroll(page)
    page.goto(f"{base}/pocs/{ids['long']}")
    page.wait_for_function(f"document.title.startsWith({LONG_NAME[:20]!r})")  # this POC's state has loaded
    assert not page.is_visible("#poc-description")  # an empty description shows no empty card
    assert no_horizontal_scroll(page)


def check_collection_from_the_poc_menu(page: Page, base: str, ids: dict[str, str]) -> None:
    page.goto(f"{base}/pocs/{ids['poc']}")
    for attempt in ("Leituras", "leituras"):
        page.click("#collection-menu")
        page.click("#new-collection-item")
        page.fill("#new-collection-name", attempt)
        page.click("#new-collection-submit")
        if attempt == "Leituras":
            page.wait_for_selector("text=Coleção Leituras criada com esta POC.")
    page.wait_for_selector("text=Já existe uma coleção chamada leituras.")
    assert page.url.endswith(ids["poc"])  # never left the POC
    page.keyboard.press("Escape")
    page.click("#collection-menu")
    page.wait_for_selector(".collection-item[data-holds=yes] >> text=Leituras")
    page.keyboard.press("Escape")


def check_phone_lists(page: Page, base: str) -> None:
    page.goto(f"{base}/pocs")
    page.wait_for_selector("#scope-tabs")
    tabs = boxes(page, "#scope-tabs button")
    assert len(tabs) == 3 and max(t["right"] for t in tabs) <= PHONE["width"]  # "Favoritas" on screen
    page.goto(f"{base}/search?q=latência")
    page.wait_for_selector("text=Cache de sessões em Memcached >> visible=true")
    card = page.locator("#app-content").inner_text()
    assert "Stack:" in card and "**" not in card
    page.goto(f"{base}/offline.html")  # the offline reader renders Markdown too, and user HTML stays text
    page.wait_for_function("typeof window.pocOfflineMarkdown === 'function'")
    html = page.evaluate("window.pocOfflineMarkdown('**Stack:** PHP <img src=x onerror=alert(1)>\\n- um').innerHTML")
    assert html == "<p><strong>Stack:</strong> PHP &lt;img src=x onerror=alert(1)&gt;</p><ul><li>um</li></ul>"


def check_desktop_table(browser: Browser, base: str, token: str) -> None:
    page = new_page(browser, DESKTOP)
    page.goto(f"{base}/login")
    page.evaluate("t => localStorage.setItem('poc_tracker_access', t)", token)
    page.goto(f"{base}/pocs")
    page.wait_for_selector("table >> text=Cache de sessões em Memcached")
    page.click("#scope-tabs >> text=Todas da organização")
    page.wait_for_selector(f"table >> text={LONG_NAME[:20]}")
    table = boxes(page, "table")[0]
    assert table["width"] >= 1000  # the desktop's width, not ~850 px with 500 px empty
    assert page.evaluate("[...document.querySelectorAll('table')].every(t => t.scrollWidth <= t.clientWidth + 1)")
    assert no_horizontal_scroll(page)
    page.context.close()


def check_sign_up_form(browser: Browser, base: str) -> None:
    page = new_page(browser, PHONE)
    page.goto(f"{base}/signup")
    page.wait_for_selector("#subdomain-hint")
    page.wait_for_selector("button[type=submit]:enabled")  # hydrated: the name field's blur handler is there
    page.locator("input[name=name]").press_sequentially("Café & Cia")
    page.keyboard.press("Tab")  # leaving the name suggests the subdomain, taken when the field stays empty
    page.wait_for_function("document.querySelector('input[name=subdomain]').placeholder === 'cafe-cia'")
    page.fill("input[name=owner_email]", "sem-arroba")
    page.click("button[type=submit]")
    for field in ("owner_name", "owner_email", "owner_password"):  # every field's error at once
        page.wait_for_selector(f"#{field}-error")
    assert page.inner_text("#owner_name-error") == "Preencha este campo."
    assert page.url.rstrip("/").endswith("/signup")
    page.context.close()


def check_deep_link_after_sign_in(page: Page, base: str, sub: str, poc_id: str) -> None:
    page.goto(f"{base}/profile")
    page.click("[aria-label^='Menu da conta']")
    page.click("role=menuitem[name='Sair']")
    wait_for_path(page, "/login")
    page.goto(f"{base}/pocs/{poc_id}")
    page.wait_for_function("location.pathname.startsWith('/login') && location.search.includes('next=')")
    page.wait_for_selector("input[name=email]")
    page.wait_for_timeout(300)  # the form re-renders on hydration
    page.fill("input[name=email]", f"ana@{sub}.com.br")
    page.fill("input[name=password]", "senha-forte-1")
    page.click("button[type=submit]")
    wait_for_path(page, f"/pocs/{poc_id}")
    page.wait_for_selector("#poc-name")
    page.goto(f"{base}/login?next=//evil.example/")  # signed in: the sign-in page sends a foreign next home
    wait_for_path(page, "/")


def test_design_pass_on_a_phone_and_a_desktop(browser, app_server):
    page = new_page(browser, PHONE)
    sub = f"d{int(time.time() * 1000) % 10**8}"
    sign_up(page, app_server, sub)
    ids = seed(app_server, page)
    check_poc_page_on_a_phone(page, app_server, ids)
    page.goto(app_server)  # the home's activity feed says when, relatively, with the full date on hover
    stamp = page.locator("#activity-feed time.when").first
    stamp.wait_for()
    assert stamp.inner_text() == "agora" or stamp.inner_text().startswith("há ")
    assert str(time.gmtime().tm_year) in (stamp.get_attribute("title") or "")
    check_collection_from_the_poc_menu(page, app_server, ids)
    check_phone_lists(page, app_server)
    check_desktop_table(browser, app_server, access_token(page))

    page.goto(f"{app_server}/pagina-que-nao-existe")  # unknown address: pt-BR, with ways back
    page.wait_for_selector("#not-found")
    assert page.is_visible("text=Página não encontrada")
    assert page.locator("#not-found a[href='/pocs']").count() == 1

    check_deep_link_after_sign_in(page, app_server, sub, ids["poc"])
    page.context.close()
    check_sign_up_form(browser, app_server)


# Every page at both sizes (the Dojo replay needs an ended Dojo: tests/e2e/test_dojo_live.py opens it).
PUBLIC_PAGES = ["/login", "/signup", "/forgot-password", "/pagina-que-nao-existe"]
SIGNED_IN_PAGES = [
    "/",
    "/pocs",
    "/pocs/{poc}",
    "/pocs/new",
    "/pocs/{poc}/edit",
    "/search?q=cache",
    "/collections",
    "/collections/{collection}",
    "/relatorios",
    "/retrospectiva",
    "/team",
    "/profile",
    "/perfil/seguranca",
    "/lixeira",
    "/plano",
    "/team/audit",
    "/identity-providers",
    "/dojos",
    "/dojos/{dojo}",
]


def settled(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("#app-content")
    page.wait_for_load_state("networkidle")
    page.wait_for_function("!document.querySelector('#app-content .rt-Spinner')")  # the page's data is on screen


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_no_serious_or_critical_accessibility_violation_on_any_page(browser, app_server, viewport):
    page = new_page(browser, viewport)
    found: dict[str, list[str]] = {}
    for path in PUBLIC_PAGES:
        settled(page, f"{app_server}{path}")
        found[path] = axe_violations(page)
    sign_up(page, app_server, f"x{int(time.time() * 1000) % 10**8}")
    ids = seed(app_server, page)
    collection = api(app_server, access_token(page), "POST", "/api/v1/collections", {"name": "Leituras"})
    api(app_server, access_token(page), "PUT", f"/api/v1/collections/{collection['id']}/pocs/{ids['poc']}")
    dojo = api(
        app_server, access_token(page), "POST", "/api/v1/dojos", {"title": "Kata do boliche", "kata": "Some os pontos."}
    )
    for path in SIGNED_IN_PAGES:
        settled(page, app_server + path.format(poc=ids["poc"], collection=collection["id"], dojo=dojo["id"]))
        found[path] = axe_violations(page)
    page.context.close()
    bad = [f"{path}: {line}" for path, lines in found.items() for line in lines]
    assert not bad, "\n".join(bad)
