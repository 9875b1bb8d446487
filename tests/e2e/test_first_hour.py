"""The first hour of a team: restore asks and can be undone, the bin, a newcomer's views, names not values."""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.request

import httpx
import pytest

from tests.e2e.browser import api, screenshot, wait_for_path

pytestmark = pytest.mark.e2e
PHONE, DESKTOP = {"width": 390, "height": 844}, {"width": 1440, "height": 900}


def post(base: str, path: str, body: dict, token: str = "") -> dict:
    headers = {"Content-Type": "application/json", **({"Authorization": f"Bearer {token}"} if token else {})}
    req = urllib.request.Request(f"{base}{path}", method="POST", headers=headers, data=json.dumps(body).encode())
    with urllib.request.urlopen(req) as res:
        return json.load(res)


def signed_in(browser, base: str, token: str, viewport: dict):
    """A browser context holding the token where the app keeps it."""
    ctx = browser.new_context(viewport=viewport, locale="pt-BR")
    page = ctx.new_page()
    page.set_default_timeout(30000)
    page.goto(f"{base}/offline.html")
    page.evaluate("(a) => { localStorage.poc_tracker_access = a; }", token)
    return ctx, page


def team(base: str) -> tuple[str, str, str]:
    """An organisation with one POC whose files came after its first version; the owner's and a member's tokens."""
    sub = f"fh{int(time.time() * 1000) % 10**8}"
    owner = post(
        base,
        "/api/v1/tenants",
        {
            "name": "Acme",
            "subdomain": sub,
            "ownerName": "Ana Souza",
            "ownerEmail": f"ana@{sub}.com.br",
            "ownerPassword": "senha-forte-1",
        },
    )
    token = owner["accessToken"]
    poc = api(base, token, "POST", "/api/v1/pocs", {"name": "Fila com SQS", "language": "Python"})
    httpx.post(
        f"{base}/api/v1/pocs/{poc['id']}/files",
        headers={"Authorization": f"Bearer {token}"},
        files=[("files", ("app.py", b"print(1)\n", "text/plain")), ("files", ("README.md", b"# Fila\n", "text/plain"))],
    ).raise_for_status()
    api(base, token, "PATCH", f"/api/v1/pocs/{poc['id']}", {"decision": "go"})
    inv = post(base, "/api/v1/users/invitations", {"email": f"bia@{sub}.com.br", "role": "member"}, token)
    bia = post(
        base,
        "/api/v1/users/register",
        {
            "email": f"bia@{sub}.com.br",
            "password": "senha-forte-2",
            "name": "Bia Lima",
            "tenantId": owner["tenantId"],
            "invitationToken": inv["token"],
        },
    )
    return token, poc["id"], bia["accessToken"]


def test_restore_asks_and_undoes_delete_undoes_and_the_bin_restores_and_purges(browser, app_server):
    token, poc, _ = team(app_server)
    ctx, page = signed_in(browser, app_server, token, DESKTOP)
    warnings: list[str] = []
    page.on("console", lambda m: warnings.append(m.text) if "Invalid prop" in m.text else None)
    page.goto(f"{app_server}/pocs/{poc}")
    page.wait_for_selector("#poc-name")
    page.get_by_role("tab", name="Histórico").click()
    page.get_by_role("button", name="Ver diferenças").click()
    diff = page.locator("#diff-view")
    diff.wait_for()
    assert "Pendente" in diff.inner_text() and "Seguir" in diff.inner_text() and "pending" not in diff.inner_text()

    page.click("#restore-v1")  # the first version had no files: restoring it empties the file list
    preview = page.locator("#restore-preview")
    preview.wait_for()
    assert "Arquivos que saem (2)" in preview.inner_text() and "sem nenhum arquivo" in preview.inner_text()
    screenshot(page, "desktop-restore-confirm")
    page.get_by_role("button", name="Cancelar").click()
    page.get_by_role("tab", name="Arquivos (2)").wait_for()  # nothing happened
    page.click("#restore-v1")
    page.click("#confirm-restore")
    page.get_by_role("tab", name="Arquivos (0)").wait_for()
    page.get_by_role("button", name="Desfazer").click()
    page.get_by_role("tab", name="Arquivos (2)").wait_for()  # undone, as one more version

    page.get_by_role("button", name="Excluir").first.click()
    page.get_by_role("alertdialog").get_by_role("button", name="Excluir").click()
    wait_for_path(page, "/pocs")
    page.get_by_role("button", name="Desfazer").click()
    wait_for_path(page, f"/pocs/{poc}")
    page.wait_for_selector("#poc-name")

    page.get_by_role("button", name="Excluir").first.click()
    page.get_by_role("alertdialog").get_by_role("button", name="Excluir").click()
    wait_for_path(page, "/pocs")
    page.goto(f"{app_server}/lixeira")
    row = page.locator(".trash-row")
    row.wait_for()
    assert "Fila com SQS" in row.inner_text() and "Apagada de vez em 30 dias" in row.inner_text()
    screenshot(page, "desktop-lixeira")
    page.set_viewport_size(PHONE)
    screenshot(page, "phone-lixeira")
    row.get_by_role("button", name="Restaurar").click()
    page.get_by_text("A lixeira está vazia").wait_for()
    api(app_server, token, "DELETE", f"/api/v1/pocs/{poc}")
    page.reload()
    page.locator(".trash-row").get_by_role("button", name="Apagar de vez").click()
    page.click("#confirm-purge")
    page.get_by_text("A lixeira está vazia").wait_for()
    with pytest.raises(urllib.error.HTTPError):
        api(app_server, token, "POST", f"/api/v1/pocs/{poc}/restore")  # gone for good

    page.goto(f"{app_server}/profile")
    card = page.locator("#usage-card")
    card.wait_for()
    assert "Básico" in card.inner_text() and "basic" not in card.inner_text()
    assert page.get_attribute("#usage-card [role=progressbar]", "aria-valuenow") in ("0", None)
    assert warnings == []
    ctx.close()


def test_a_newcomer_sees_the_teams_pocs_the_directory_and_whole_sentences(browser, app_server):
    _, _, bia = team(app_server)
    ctx, page = signed_in(browser, app_server, bia, PHONE)
    page.goto(f"{app_server}/")
    page.wait_for_selector("#team-recent")
    assert "Fila com SQS" in page.inner_text("#team-recent")
    feed = page.locator("#activity-feed")
    deadline = time.monotonic() + 30
    while "enviou arquivos" not in feed.inner_text():  # the worker writes the audit rows the feed reads
        assert time.monotonic() < deadline, feed.inner_text()
        page.reload()
        page.wait_for_selector("#team-recent")
    assert "Ana Souza editou Fila com SQS" in feed.inner_text(), feed.inner_text()
    assert "enviou arquivos para Fila com SQS" in feed.inner_text()
    assert page.evaluate("[...document.querySelectorAll('#app-content a')].every(a => a.innerText.trim())")
    screenshot(page, "phone-home-newcomer")
    page.goto(f"{app_server}/pocs")
    page.get_by_text("Fila com SQS").first.wait_for()  # the team's POCs, not an empty "Minhas POCs"
    assert page.get_by_role(
        "radio", name=re.compile(r"^Todas")
    )  # "Todas" on a phone.get_attribute("aria-checked") == "true"
    page.goto(f"{app_server}/team")
    page.locator("#team-directory").get_by_text("Ana Souza").wait_for()  # the rows arrive after the page
    assert "Ana Souza" in page.inner_text("#team-directory") and "Proprietário" in page.inner_text("#team-directory")
    assert not page.get_by_text("Você não tem permissão").is_visible()
    screenshot(page, "phone-team-directory")
    page.set_viewport_size(DESKTOP)
    page.goto(f"{app_server}/")
    page.wait_for_selector("#team-recent")
    screenshot(page, "desktop-home-newcomer")
    ctx.close()
