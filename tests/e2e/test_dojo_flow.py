"""The Dojo flow of two people: start from a POC, join by code, a real turn, save to the POC, the end for all."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import Browser, Page

from tests.e2e.browser import access_token, api, no_horizontal_scroll, screenshot, sign_up, wait_for_path
from tests.e2e.test_dojo_live import EDITOR, add_member, can_edit, enter_room, wait_same

pytestmark = pytest.mark.e2e
PHONE, DESKTOP = {"width": 390, "height": 844}, {"width": 1440, "height": 900}


def role_of(page: Page, user_id: str) -> str | None:
    return page.get_attribute(f"#dojo-roster [data-user='{user_id}']", "data-role")


def participant_page(browser: Browser, base: str, tokens: dict, path: str) -> Page:
    """Bia on a phone, reading English (the other language of the app)."""
    ctx = browser.new_context(viewport=PHONE, locale="en-US")
    ctx.add_init_script(
        f"localStorage.setItem('poc_tracker_access', '{tokens['accessToken']}');"
        "localStorage.setItem('poc_tracker_locale', 'en');"
    )
    page = ctx.new_page()
    page.set_default_timeout(30000)
    page.goto(f"{base}{path}")
    return page


def test_two_people_start_from_a_poc_join_by_code_take_turns_save_and_end(browser, app_server):
    base = app_server
    host = browser.new_context(viewport=DESKTOP, locale="pt-BR").new_page()
    host.set_default_timeout(30000)
    sign_up(host, base, f"f{int(time.time() * 1000) % 10**8}")
    token = access_token(host)
    poc = api(base, token, "POST", "/api/v1/pocs", {"name": "Bingo em Python", "language": "python"})
    bia = add_member(host.context, base, token, "Bia")

    # "Iniciar Dojo" on the POC page opens the form with the POC chosen; languages have their proper names
    host.goto(f"{base}/pocs/{poc['id']}")
    host.click("#poc-start-dojo")
    wait_for_path(host, "/dojos")
    host.wait_for_selector("#dojo-poc >> text=Bingo em Python")
    assert host.inner_text("#dojo-language") == "Python"
    host.click("#dojo-language")
    assert host.get_by_role("option", name="C++").is_visible()
    host.keyboard.press("Escape")
    for control in ("#dojo-language", "#dojo-format", "#dojo-poc", "#dojo-join-code"):  # labelled controls
        labels = host.evaluate(f"() => document.querySelector('{control}').labels.length")
        assert labels == 1, control
    screenshot(host, "dojo-form-desktop")
    host.fill("#dojo-title", "Kata do Bingo")
    host.click("#dojo-create")
    enter_room(host)
    path = host.evaluate("() => location.pathname")
    assert can_edit(host) == "yes"  # the host lands with the keyboard
    code = host.inner_text("#dojo-code")

    # Bia joins with the code from the Dojos list, on a phone
    b = participant_page(browser, base, bia, "/dojos")
    b.wait_for_selector("#dojo-join-code")
    b.fill("#dojo-join-code", code.lower())
    b.click("#dojo-join")
    wait_for_path(b, path)
    enter_room(b)
    b.wait_for_function("() => document.querySelector('#dojo-can-edit').dataset.canEdit === 'yes'")  # co-pilot
    host.click(EDITOR)
    host.keyboard.type("print('bingo')")
    wait_same([host, b], ["print('bingo')"])

    # a turn swaps the keyboard, and both hear who has it now
    host.wait_for_function(f"() => document.querySelector(\"#dojo-roster [data-user='{bia['userId']}']\")")
    host.click("#dojo-rotate")
    for p in (host, b):
        p.wait_for_function(
            f"() => document.querySelector(\"#dojo-roster [data-user='{bia['userId']}']\")?.dataset.role === 'pilot'"
        )
        p.wait_for_selector("#dojo-notice >> text=Bia")
        p.wait_for_selector(".dojo-chat-system >> text=Bia")
    me = host.evaluate("() => window.__dojo.me.userId")
    assert role_of(host, me) == "copilot" and role_of(b, me) == "copilot"
    b.click(EDITOR)
    b.keyboard.press("Control+End")
    b.keyboard.type("\n# vez da Bia")
    wait_same([host, b], ["# vez da Bia"])
    assert no_horizontal_scroll(b)
    screenshot(b, "dojo-room-phone-en")

    # "Salvar código na POC" keeps the shared code as a new version of the POC
    host.click("#dojo-save")
    host.wait_for_selector("#dojo-message")
    files = api(base, token, "GET", f"/api/v1/pocs/{poc['id']}/files")["data"]
    assert [f["path"] for f in files] == ["dojo.py"]
    screenshot(host, "dojo-room-desktop")

    # the host ends it: everyone sees it ended; no timer, no "Trocar a vez", no "ao vivo" left
    host.click("#dojo-end")
    for p in (host, b):
        p.wait_for_selector("#dojo-status[data-status='ended']")
        p.wait_for_selector("#dojo-ended")
        assert p.locator("#dojo-timer").count() == 0 and p.locator("#dojo-rotate").count() == 0
        assert p.locator("#dojo-status[data-status='live']").count() == 0
        assert can_edit(p) == "no"
    b.wait_for_selector(".dojo-chat-system >> text=The Dojo has ended.")
    screenshot(b, "dojo-ended-phone-en")

    # the list, both sizes
    host.goto(f"{base}/dojos")
    host.wait_for_selector("text=Kata do Bingo")
    screenshot(host, "dojo-list-desktop")
    host.set_viewport_size(PHONE)
    assert no_horizontal_scroll(host)
    screenshot(host, "dojo-list-phone")
    for p in (host, b):
        p.context.close()
