"""An owner invites a colleague from the team page; the colleague joins by the link; roles change at once."""

from __future__ import annotations

import time

import pytest

from tests.e2e.browser import sign_up, wait_for_path

pytestmark = pytest.mark.e2e


def test_invite_join_and_change_role(browser, app_server):
    sub = f"t{int(time.time() * 1000) % 10**8}"
    owner_ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    owner = owner_ctx.new_page()
    owner.set_default_timeout(30000)
    sign_up(owner, app_server, sub)
    owner.goto(f"{app_server}/team")
    owner.fill("input[name=email]", f"bia@{sub}.com.br")
    owner.click("button:has-text('Criar convite')")
    link = owner.inner_text("#invite-link")
    assert link.startswith(f"{app_server}/join?")

    guest_ctx = browser.new_context(viewport={"width": 390, "height": 844})
    guest = guest_ctx.new_page()
    guest.set_default_timeout(30000)
    guest.goto(link)
    guest.wait_for_selector("input[name=name]")
    assert guest.input_value("input[name=email]") == f"bia@{sub}.com.br"
    guest.fill("input[name=name]", "Bia Lima")
    guest.fill("input[name=password]", "senha-forte-2")
    guest.click("#accept-privacy-notice")
    guest.click("button[type=submit]")
    guest.wait_for_selector("#home-greeting")
    assert "Bia Lima" in guest.inner_text("#home-greeting")

    owner.reload()
    owner.wait_for_selector("text=Bia Lima")
    owner.click("text=Desativar")
    owner.wait_for_selector("text=Conta desativada.")
    guest.goto(f"{app_server}/pocs")
    wait_for_path(guest, "/login")  # a deactivated account is signed out at once
    owner_ctx.close()
    guest_ctx.close()
