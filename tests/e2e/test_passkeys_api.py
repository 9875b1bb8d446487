"""Passkeys over the API alone, Chromium's virtual authenticator (CDP WebAuthn): enrol, second factor, no password."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page

from tests.live_server import free_port, live_api

ROOT = Path(__file__).resolve().parents[2]
WEBAUTHN_JS = (ROOT / "assets" / "webauthn.js").read_text()
HTTP = httpx.Client(timeout=30)  # two cores shared with other work: a slow answer is no failure


@pytest.fixture(scope="module")
def server(profile, tmp_path_factory) -> Iterator[str]:
    """The API on http://localhost:PORT, the origin and relying party its passkeys are bound to."""
    port = free_port()
    base = f"http://localhost:{port}"
    with live_api({"POC_TRACKER_APP_URL": base}, tmp_path_factory.mktemp("passkeys") / "api.log", port=port):
        yield base


@pytest.fixture
def page(server, browser: Browser) -> Iterator[Page]:
    """A page of that origin with a virtual platform authenticator that verifies the user."""
    ctx = browser.new_context(bypass_csp=True)  # the test drives the page's own script from outside
    pg = ctx.new_page()
    pg.goto(f"{server}/api/v1/docs")
    pg.add_script_tag(content=WEBAUTHN_JS)
    cdp = ctx.new_cdp_session(pg)
    cdp.send("WebAuthn.enable")
    options = {
        "protocol": "ctap2",
        "transport": "internal",
        "hasResidentKey": True,
        "hasUserVerification": True,
        "isUserVerified": True,
        "automaticPresenceSimulation": True,
    }
    pg.authenticator = cdp.send("WebAuthn.addVirtualAuthenticator", {"options": options})["authenticatorId"]
    pg.cdp = cdp
    yield pg
    ctx.close()


def owner(base: str, sub: str) -> dict[str, str]:
    """A tenant's owner, signed in: its e-mail, password and bearer header."""
    email, password = f"dona@{sub}.com.br", "senha-forte-123"
    body = {"name": sub, "subdomain": sub, "ownerName": "Dona", "ownerEmail": email, "ownerPassword": password}
    res = HTTP.post(f"{base}/api/v1/tenants", json=body)
    assert res.status_code == 201, res.text
    return {"email": email, "password": password, "Authorization": f"Bearer {res.json()['accessToken']}"}


def auth(persona: dict[str, str]) -> dict[str, str]:
    return {"Authorization": persona["Authorization"]}


def browser_call(page: Page, fn: str, options: dict) -> dict:
    """Run ``pocWebauthn.create`` or ``.get`` in the page: the authenticator's answer."""
    answer = page.evaluate(f"o => window.pocWebauthn.{fn}(o)", json.dumps(options))
    assert answer, f"the browser gave no credential for {fn}"
    return json.loads(answer)


def add_passkey(base: str, page: Page, persona: dict[str, str], name: str = "Notebook") -> dict:
    start = HTTP.post(f"{base}/api/v1/users/me/mfa/webauthn/register/options", headers=auth(persona)).json()
    assert start["options"]["authenticatorSelection"]["residentKey"] == "required"
    credential = browser_call(page, "create", start["options"])
    res = HTTP.post(
        f"{base}/api/v1/users/me/mfa/webauthn/register",
        json={"token": start["token"], "credential": credential, "name": name},
        headers=auth(persona),
    )
    assert res.status_code == 201, res.text
    return res.json()


def login(base: str, persona: dict[str, str]) -> dict:
    res = HTTP.post(f"{base}/api/v1/auth/login", json={"email": persona["email"], "password": persona["password"]})
    assert res.status_code == 200, res.text
    return res.json()


def test_a_passkey_enrolled_in_the_browser_is_a_second_factor(server, page):
    ana = owner(server, "alfa")
    added = add_passkey(server, page, ana)
    assert added["name"] == "Notebook" and len(added["recoveryCodes"]) == 10  # the first factor brings them
    step = login(server, ana)
    assert step["mfaRequired"] and "webauthn" in step["methods"]
    options = HTTP.post(f"{server}/api/v1/auth/mfa/webauthn/options", json={"mfaToken": step["mfaToken"]}).json()
    assert "options" in options, options
    assert [c["id"] for c in options["options"]["allowCredentials"]]
    assertion = browser_call(page, "get", options["options"])
    done = HTTP.post(f"{server}/api/v1/auth/mfa", json={"mfaToken": step["mfaToken"], "webauthn": assertion})
    assert done.status_code == 200, done.text
    replay = HTTP.post(f"{server}/api/v1/auth/mfa", json={"mfaToken": step["mfaToken"], "webauthn": assertion})
    assert replay.status_code == 401


def test_a_passkey_signs_in_without_a_password(server, page):
    ana = owner(server, "alfa")
    add_passkey(server, page, ana)
    start = HTTP.post(f"{server}/api/v1/auth/passkey/options").json()
    assert start["options"]["userVerification"] == "required" and not start["options"].get("allowCredentials")
    assertion = browser_call(page, "get", start["options"])
    res = HTTP.post(f"{server}/api/v1/auth/passkey", json={"token": start["token"], "credential": assertion})
    assert res.status_code == 200, res.text
    me = HTTP.get(f"{server}/api/v1/users/profile", headers={"Authorization": f"Bearer {res.json()['accessToken']}"})
    assert me.json()["user"]["email"] == ana["email"]
    again = HTTP.post(f"{server}/api/v1/auth/passkey", json={"token": start["token"], "credential": assertion})
    assert again.status_code == 401  # the ceremony's token works once


def test_another_users_passkey_is_never_usable(server, page):
    ana, bia = owner(server, "alfa"), owner(server, "beta")
    key = add_passkey(server, page, ana)
    steal = HTTP.delete(f"{server}/api/v1/users/me/mfa/webauthn/{key['id']}", headers=auth(bia))
    assert steal.status_code == 404
    HTTP.post(f"{server}/api/v1/users/me/mfa/totp", headers=auth(bia))  # Bia owes a factor only after confirming
    add_passkey(server, page, bia, "Celular")
    step_b = login(server, bia)
    # Ana's passkey answers Bia's challenge: the server must refuse it as not Bia's.
    options_b = HTTP.post(f"{server}/api/v1/auth/mfa/webauthn/options", json={"mfaToken": step_b["mfaToken"]}).json()
    options_b["options"]["allowCredentials"] = []  # let the authenticator pick any credential of this site
    page.cdp.send(
        "WebAuthn.removeCredential", {"authenticatorId": page.authenticator, "credentialId": _cred_of(page, bia)}
    )
    ana_answer = browser_call(page, "get", options_b["options"])
    refused = HTTP.post(f"{server}/api/v1/auth/mfa", json={"mfaToken": step_b["mfaToken"], "webauthn": ana_answer})
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "invalid_passkey"
    gone = HTTP.delete(f"{server}/api/v1/users/me/mfa/webauthn/{key['id']}", headers=auth(ana))
    assert gone.status_code == 204
    assert "accessToken" in login(server, ana)  # no factor left: the password is enough again


def _cred_of(page: Page, persona: dict[str, str]) -> str:
    """The virtual authenticator's credential id of the persona's passkey (by its user name)."""
    creds = page.cdp.send("WebAuthn.getCredentials", {"authenticatorId": page.authenticator})["credentials"]
    return next(c["credentialId"] for c in creds if c.get("userName") == persona["email"])
