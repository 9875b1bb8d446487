"""A live Dojo in several Chromium contexts: shared typing, chat, late join, reconnect, rotation, replay, walls."""

from __future__ import annotations

import base64
import time
import uuid

import pytest
from playwright.sync_api import Browser, BrowserContext, Page
from pycrdt import Doc, Text

from tests.e2e.browser import sign_up, wait_for_path

pytestmark = pytest.mark.e2e
EDITOR = "#dojo-editor .cm-content"


def editor_text(page: Page) -> str:
    return page.evaluate("() => window.__dojo ? window.__dojo.ytext.toString() : null")


def wait_same(pages: list[Page], contains: list[str], timeout: float = 15) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        texts = [editor_text(p) for p in pages]
        shown = [p.evaluate("() => window.__dojoView.state.doc.toString()") for p in pages]
        if len(set(texts + shown)) == 1 and all(c in texts[0] for c in contains):
            return texts[0]
        time.sleep(0.2)
    raise AssertionError(f"editors differ: {texts} / {shown}")


def add_member(ctx: BrowserContext, base: str, owner_token: str, name: str) -> dict:
    """Invite and register a member through the API; their tokens."""
    email = f"{name.lower()}-{uuid.uuid4().hex[:6]}@example.com"
    headers = {"Authorization": f"Bearer {owner_token}"}
    inv = ctx.request.post(f"{base}/api/v1/users/invitations", data={"email": email, "role": "member"}, headers=headers)
    assert inv.ok, inv.text()
    me = ctx.request.get(f"{base}/api/v1/users/profile", headers=headers).json()
    res = ctx.request.post(
        f"{base}/api/v1/users/register",
        data={
            "email": email,
            "password": "senha-forte-123",
            "name": name,
            "tenantId": me["tenant"]["id"],
            "invitationToken": inv.json()["token"],
        },
    )
    assert res.ok, res.text()
    return res.json()


def open_as(browser: Browser, base: str, tokens: dict, path: str) -> Page:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="pt-BR")
    ctx.add_init_script(f"localStorage.setItem('poc_tracker_access', '{tokens['accessToken']}');")
    page = ctx.new_page()
    page.set_default_timeout(30000)
    page.goto(f"{base}{path}")
    return page


def enter_room(page: Page) -> None:
    page.wait_for_selector(EDITOR)
    page.wait_for_function(
        "() => document.querySelector('#dojo-connection')?.dataset.status === 'online'"
        " && document.querySelector('#dojo-can-edit')?.dataset.canEdit"
    )


def can_edit(page: Page) -> str:
    return page.get_attribute("#dojo-can-edit", "data-can-edit")


def test_a_live_dojo_end_to_end(browser, app_server):
    base = app_server
    host = browser.new_context(viewport={"width": 1280, "height": 900}, locale="pt-BR").new_page()
    host.set_default_timeout(30000)
    sign_up(host, base, f"d{int(time.time() * 1000) % 10**8}")
    owner_token = host.evaluate("() => localStorage.getItem('poc_tracker_access')")
    bia, caio, duda = (add_member(host.context, base, owner_token, n) for n in ("Bia", "Caio", "Duda"))

    # the host starts a randori from the list page
    host.goto(f"{base}/dojos")
    host.fill("#dojo-title", "Kata do Bingo")
    host.fill("#dojo-kata", "Escreva um **bingo**.")
    host.click("#dojo-create")
    host.wait_for_selector(EDITOR)
    path = host.evaluate("() => location.pathname")
    enter_room(host)
    assert can_edit(host) == "yes"  # the host lands with the keyboard (pilot), then takes turns

    b = open_as(browser, base, bia, path)  # Bia comes first and takes the free co-pilot seat
    enter_room(b)
    b.wait_for_function("() => document.querySelector('#dojo-can-edit').dataset.canEdit === 'yes'")
    c = open_as(browser, base, caio, path)
    enter_room(c)
    assert can_edit(c) == "no"  # both seats taken: Caio waits in the audience

    # pilot and co-pilot type in the same line at the same time
    host.click(EDITOR)
    host.keyboard.type("soma = ")
    wait_same([b, c, host], ["soma = "])
    b.click(EDITOR)
    b.keyboard.press("End")
    host.keyboard.press("End")
    for _ in range(6):
        host.keyboard.type("a")
        b.keyboard.type("ç")
    text = wait_same([b, c, host], ["soma = "])
    assert text.count("a") == 7 and text.count("ç") == 6 and "\n" not in text

    # chat on every screen, with mentions
    b.fill("#dojo-chat-input", "olá @Caio")
    b.press("#dojo-chat-input", "Enter")
    for p in (b, c, host):
        p.wait_for_selector("#dojo-chat-log >> text=olá")
    assert c.is_visible("#dojo-chat-log mark")

    # a late joiner sees the code and the chat history; as audience they cannot type
    d = open_as(browser, base, duda, path)
    enter_room(d)
    d.wait_for_selector("#dojo-chat-log >> text=olá")
    assert wait_same([d, b], ["soma = "]) == text
    assert can_edit(d) == "no"

    # rotation: pilot → audience, co-pilot → pilot, next in queue → co-pilot
    host.click("#dojo-rotate")
    c.wait_for_function("() => document.querySelector('#dojo-can-edit').dataset.canEdit === 'yes'")
    host.wait_for_function("() => document.querySelector('#dojo-can-edit').dataset.canEdit === 'no'")
    c.click(EDITOR)
    c.keyboard.press("Control+End")
    c.keyboard.type("\n# caio")
    wait_same([b, c, d, host], ["# caio"])

    # the pilot drops off, keeps typing, comes back: everyone converges
    b.evaluate("() => { window.__dojo.closed = true; window.__dojo.ws.close(); }")
    b.wait_for_function("() => document.querySelector('#dojo-connection').dataset.status === 'offline'")
    b.click(EDITOR)
    b.keyboard.press("Control+End")
    b.keyboard.type("\n# offline")
    c.keyboard.type(" online")
    b.evaluate("() => { window.__dojo.closed = false; window.__dojo.connect(); }")
    final = wait_same([b, c, d, host], ["# offline", "online"])

    # the host ends it; the replay shows the code at a chosen moment
    host.click("#dojo-end")
    host.wait_for_selector("text=Retrospectiva")
    events = host.context.request.get(
        f"{base}/api/v1{path}/events?limit=5000", headers={"Authorization": f"Bearer {owner_token}"}
    ).json()["data"]
    edits = [e for e in events if e["kind"] == "edit"]
    assert len(edits) >= 2
    chosen = edits[len(edits) // 2]
    t0 = _ms(events[0]["at"])
    doc = Doc()
    code = doc.get("code", type=Text)
    for e in edits:
        if _ms(e["at"]) <= _ms(chosen["at"]):
            doc.apply_update(base64.b64decode(e["payload"]["u"]))
    host.goto(f"{base}{path}/replay")
    wait_for_path(host, f"{path}/replay")
    host.wait_for_function("() => window.__replay !== undefined")
    assert host.evaluate("() => window.__replay.view.state.doc.toString()") == final
    host.evaluate(f"() => window.__replay.show({_ms(chosen['at']) - t0})")
    assert host.evaluate("() => window.__replay.view.state.doc.toString()") == str(code)

    # someone from another organisation cannot join: not found
    stranger = browser.new_context(locale="pt-BR").new_page()
    stranger.set_default_timeout(30000)
    sign_up(stranger, base, f"x{int(time.time() * 1000) % 10**8}")
    stranger.goto(f"{base}{path}")
    stranger.wait_for_selector("#dojo-not-found")
    for p in (host, b, c, d, stranger):
        p.context.close()


def _ms(iso: str) -> int:
    from datetime import datetime

    return int(datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp() * 1000)


def test_the_room_renews_its_token_and_comes_back_after_a_refused_one(browser, app_server):
    base = app_server
    host = browser.new_context(viewport={"width": 1280, "height": 900}, locale="pt-BR").new_page()
    host.set_default_timeout(30000)
    sign_up(host, base, f"r{int(time.time() * 1000) % 10**8}")
    host.goto(f"{base}/dojos")
    host.fill("#dojo-title", "Kata do token")
    host.click("#dojo-create")
    enter_room(host)
    # the server asks for a fresh token before expiry: the page gets one from the app and sends it in band
    host.evaluate("() => window.__dojo.renew()")
    host.wait_for_function("() => window.__dojo.renewedIn > 60")
    # a refused token (4401): the page asks the app for a fresh one once and comes back online
    host.evaluate("() => { window.__dojo.token = 'vencido'; window.__dojo.ws.close(); }")
    host.wait_for_function(
        "() => document.querySelector('#dojo-connection').dataset.status === 'online'"
        " && window.__dojo.token !== 'vencido'"
    )
    assert host.evaluate("() => window.__dojo.closed") is False
    host.context.close()
