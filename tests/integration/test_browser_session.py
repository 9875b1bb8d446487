"""The browser's refresh token: an HttpOnly cookie traded for a single-use grant, spent only with CSRF proof."""

from __future__ import annotations

from datetime import timedelta

import jwt
import pytest
from fastapi.testclient import TestClient

from poc_tracker.auth.keys import load_keys
from poc_tracker.db import system_session
from poc_tracker.models.base import utcnow
from poc_tracker.services import browser_sessions, sessions
from poc_tracker.settings import get_settings

SESSION = "/api/v1/auth/session"


@pytest.fixture
def web(profile) -> TestClient:
    """A client on HTTPS, so Secure cookies are kept and sent as a browser would."""
    from poc_tracker.api import create_api

    return TestClient(create_api(), base_url="https://testserver")


def _grant(persona) -> str:
    """What the UI hands the page after checking a password."""
    with system_session(reason="test") as session:
        pair = sessions.login(session, email=persona.email, password=persona.password)
        return browser_sessions.grant_for(session, pair)


def _csrf(client: TestClient) -> dict[str, str]:
    return {"X-CSRF-Token": client.cookies.get("poc_tracker_csrf", "")}


def test_a_grant_becomes_an_httponly_strict_cookie_and_no_script_sees_a_refresh_token(web, owner_a):
    res = web.post(SESSION, json={"grant": _grant(owner_a)})
    assert res.status_code == 200, res.text
    assert set(res.json()) == {"accessToken", "expiresIn", "tokenType"}
    cookies = {c.split("=", 1)[0]: c.lower() for c in res.headers.get_list("set-cookie")}
    refresh = cookies["poc_tracker_session"]
    assert "httponly" in refresh and "secure" in refresh and "samesite=strict" in refresh
    assert "path=/api/v1/auth/session" in refresh
    assert "httponly" not in cookies["poc_tracker_csrf"] and "samesite=strict" in cookies["poc_tracker_csrf"]
    me = web.get("/api/v1/users/profile", headers={"Authorization": f"Bearer {res.json()['accessToken']}"})
    assert me.status_code == 200


def test_a_grant_is_spent_once_and_a_replay_ends_that_sign_in(web, owner_a):
    grant = _grant(owner_a)
    assert web.post(SESSION, json={"grant": grant}).status_code == 200
    assert web.post(SESSION, json={"grant": grant}).json()["error"]["code"] == "invalid_grant"
    assert web.post(f"{SESSION}/refresh", headers=_csrf(web)).status_code == 401


def test_a_grant_is_no_access_token_and_expires(web, client, owner_a):
    grant = _grant(owner_a)
    assert client.get("/api/v1/users/profile", headers={"Authorization": f"Bearer {grant}"}).status_code == 401
    claims = jwt.decode(grant, options={"verify_signature": False})
    claims["exp"] = utcnow() - timedelta(seconds=1)
    old = jwt.encode(claims, load_keys().private_pem, algorithm="RS256")
    assert web.post(SESSION, json={"grant": old}).status_code == 401
    forged = jwt.encode({**claims, "exp": utcnow() + timedelta(minutes=1)}, "not-our-key-" * 4, algorithm="HS256")
    assert web.post(SESSION, json={"grant": forged}).status_code == 401


def test_the_cookie_renews_only_with_the_csrf_token_of_its_own_origin(web, owner_a):
    web.post(SESSION, json={"grant": _grant(owner_a)})
    first = web.cookies.get("poc_tracker_session")
    assert web.post(f"{SESSION}/refresh").json()["error"]["code"] == "csrf"
    assert web.post(f"{SESSION}/refresh", headers={"X-CSRF-Token": "guess"}).status_code == 403
    evil = {**_csrf(web), "Origin": "https://evil.example"}
    assert web.post(f"{SESSION}/refresh", headers=evil).status_code == 403
    res = web.post(f"{SESSION}/refresh", headers={**_csrf(web), "Origin": get_settings().app_url})
    assert res.status_code == 200, res.text
    assert res.json()["accessToken"] and web.cookies.get("poc_tracker_session") != first


def test_signing_out_revokes_the_cookie_and_clears_it(web, owner_a):
    web.post(SESSION, json={"grant": _grant(owner_a)})
    token = web.cookies.get("poc_tracker_session")
    assert web.delete(SESSION, headers=_csrf(web)).status_code == 204
    assert web.cookies.get("poc_tracker_session") is None
    web.cookies.set("poc_tracker_session", token, domain="testserver", path=SESSION)
    assert web.post(f"{SESSION}/refresh", headers=_csrf(web)).status_code == 401


def test_a_password_change_ends_the_other_browsers_cookie_but_not_its_own(profile, owner_a):
    from poc_tracker.api import create_api

    mine, other = (TestClient(create_api(), base_url="https://testserver") for _ in range(2))
    token = mine.post(SESSION, json={"grant": _grant(owner_a)}).json()["accessToken"]
    other.post(SESSION, json={"grant": _grant(owner_a)})
    res = mine.patch(
        "/api/v1/users/profile",
        headers={"Authorization": f"Bearer {token}"},
        json={"currentPassword": owner_a.password, "newPassword": "outra-senha-bem-longa-7"},
    )
    assert res.status_code == 200, res.text
    assert other.post(f"{SESSION}/refresh", headers=_csrf(other)).status_code == 401
    assert mine.post(f"{SESSION}/refresh", headers=_csrf(mine)).status_code == 200
