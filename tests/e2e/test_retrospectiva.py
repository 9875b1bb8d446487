"""The Retrospectiva page on a phone and a desktop: preview, progress, playback, share signed out, revoke."""

from __future__ import annotations

import time

import pytest

from tests.e2e.browser import access_token, api, no_horizontal_scroll, screenshot, sign_up

pytestmark = pytest.mark.e2e


def _plays(page, selector: str) -> bool:
    """Start the video muted (autoplay rules) and see its clock move."""
    page.wait_for_function(
        f"document.querySelector('{selector}') && document.querySelector('{selector}').readyState >= 2", timeout=60000
    )
    page.evaluate(f"(() => {{ const v = document.querySelector('{selector}'); v.muted = true; return v.play(); }})()")
    page.wait_for_function(f"document.querySelector('{selector}').currentTime > 0.3", timeout=30000)
    return page.evaluate(f"document.querySelector('{selector}').videoWidth") > 0


def test_make_play_share_and_revoke_the_video(browser, app_server):
    sub = f"v{int(time.time() * 1000) % 10**8}"
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, locale="pt-BR")
    page = ctx.new_page()
    page.set_default_timeout(60000)
    sign_up(page, app_server, sub)
    token = access_token(page)
    for name, lang, tags, decision in (
        ("Busca semântica", "python", ["busca", "ml"], "go"),
        ("Fila com Redis", "go", ["filas"], "no_go"),
        ("Painel ao vivo", "typescript", ["ui"], "go"),
    ):
        api(
            app_server,
            token,
            "POST",
            "/api/v1/pocs",
            {"name": name, "language": lang, "tags": tags, "decision": decision},
        )

    page.goto(f"{app_server}/retrospectiva")
    page.wait_for_selector("#video-create")
    assert no_horizontal_scroll(page)
    screenshot(page, "retrospectiva-phone")
    page.click("#video-preview")
    page.wait_for_selector("#video-previews img")
    assert page.locator("#video-previews img").count() >= 5
    screenshot(page, "retrospectiva-preview-phone")

    page.click("#video-create")
    page.wait_for_selector(".job-card")
    screenshot(page, "retrospectiva-progress-phone")
    page.wait_for_selector(".job-card .job-download", timeout=240000)
    page.wait_for_selector("#video-player[src*='/files/vertical']")
    assert _plays(page, "#video-player")
    assert page.locator("#video-downloads a").count() == 5
    screenshot(page, "retrospectiva-player-phone")

    page.click("#video-share")
    page.wait_for_selector("#video-share-url")
    url = page.inner_text("#video-share-url")
    assert url.startswith(f"{app_server}/v/")
    public = browser.new_context(viewport={"width": 390, "height": 844})  # signed out
    visitor = public.new_page()
    res = visitor.goto(url)
    assert res is not None and res.status == 200
    assert visitor.locator("meta[property='og:image']").get_attribute("content") == f"{url}/card.png"
    assert _plays(visitor, "video")
    screenshot(visitor, "retrospectiva-shared-phone")

    desk = browser.new_context(viewport={"width": 1440, "height": 900}, locale="pt-BR")
    desktop = desk.new_page()
    desktop.set_default_timeout(60000)
    desktop.goto(f"{app_server}/login")
    desktop.fill("input[name=email]", f"ana@{sub}.com.br")
    desktop.fill("input[name=password]", "senha-forte-1")
    desktop.click("button[type=submit]")
    desktop.wait_for_selector("#home-greeting")
    desktop.goto(f"{app_server}/retrospectiva")
    desktop.wait_for_selector("#video-player")
    screenshot(desktop, "retrospectiva-desktop")
    desktop.fill("#brand-primary", "#ffcc00")
    desktop.fill("#brand-secondary", "#ffffff")
    desktop.click("#brand-save")
    desktop.wait_for_selector("text=abaixo do mínimo de 4,5:1")
    desktop.fill("#brand-primary", "#0b3d2e")
    desktop.click("#brand-save")
    desktop.wait_for_selector("text=Marca salva.")
    desktop.locator("#brand-swatch").scroll_into_view_if_needed()
    screenshot(desktop, "retrospectiva-brand-desktop")

    page.click("#video-revoke")
    page.wait_for_selector("#video-revoke", state="detached")
    res = visitor.goto(url)
    assert res is not None and res.status == 404
    for c in (ctx, public, desk):
        c.close()
