"""Active sign-ins (devices), e-mail change errors and the audit trail of security changes."""

from __future__ import annotations

import uuid
from urllib.parse import parse_qs, urlparse

from sqlmodel import select

from poc_tracker.db import system_session
from poc_tracker.models import AuditLog, MailMessage
from poc_tracker.services.outbox import deliver_all
from tests.mail_support import LINK
from tests.personas import Persona


def login(client, who: Persona, agent: str) -> dict:
    res = client.post(
        "/api/v1/auth/login", json={"email": who.email, "password": who.password}, headers={"User-Agent": agent}
    )
    assert res.status_code == 200, res.text
    return res.json()


def bearer(tokens: dict) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens['accessToken']}"}


def audit_actions(who: Persona) -> list[str]:
    deliver_all("audit")
    with system_session(reason="test") as session:
        rows = session.exec(select(AuditLog).where(AuditLog.tenant_id == uuid.UUID(who.tenant_id)))
        return [r.action for r in rows]


def test_i_see_my_sign_ins_and_end_one_of_them(client, owner_a: Persona, owner_b: Persona):
    phone, laptop = login(client, owner_a, "Mozilla/5.0 (iPhone)"), login(client, owner_a, "Mozilla/5.0 (X11; Linux)")
    res = client.get("/api/v1/users/me/sessions", headers=bearer(laptop))
    assert res.status_code == 200
    rows = res.json()["data"]
    assert len(rows) == 3 and rows[0]["current"] and rows[0]["userAgent"] == "Mozilla/5.0 (X11; Linux)"
    phone_row = next(r for r in rows if r["userAgent"] == "Mozilla/5.0 (iPhone)")
    theirs = client.get("/api/v1/users/me/sessions", headers=owner_b.headers).json()["data"][0]["sessionId"]
    assert client.delete(f"/api/v1/users/me/sessions/{theirs}", headers=bearer(laptop)).status_code == 404
    assert client.get("/api/v1/users/profile", headers=owner_b.headers).status_code == 200  # untouched
    assert (
        client.delete(f"/api/v1/users/me/sessions/{phone_row['sessionId']}", headers=bearer(laptop)).status_code == 204
    )
    assert client.get("/api/v1/users/profile", headers=bearer(phone)).status_code == 401  # at once
    assert client.post("/api/v1/auth/refresh", json={"refreshToken": phone["refreshToken"]}).status_code == 401
    again = client.delete(f"/api/v1/users/me/sessions/{phone_row['sessionId']}", headers=bearer(laptop))
    assert again.status_code == 404
    assert "user.session_ended" in audit_actions(owner_a)


def test_ending_the_other_sign_ins_keeps_this_one(client, owner_a: Persona):
    other = login(client, owner_a, "Other")
    res = client.delete("/api/v1/users/me/sessions", headers=owner_a.headers)
    assert res.status_code == 200 and res.json() == {"ended": 1}
    assert client.get("/api/v1/users/profile", headers=bearer(other)).status_code == 401
    assert client.get("/api/v1/users/profile", headers=owner_a.headers).status_code == 200
    assert [r["current"] for r in client.get("/api/v1/users/me/sessions", headers=owner_a.headers).json()["data"]] == [
        True
    ]
    assert "user.sessions_ended" in audit_actions(owner_a)


def link_token(to: str) -> str:
    """The token of the last link mailed to ``to`` (read from the mail waiting for a worker)."""
    with system_session(reason="test") as session:
        rows = session.exec(select(MailMessage).where(MailMessage.to_address == to)).all()
    return parse_qs(urlparse(LINK.search(rows[-1].text_body).group(0)).query)["token"][0]


def test_an_e_mail_change_needs_the_password_and_a_free_new_address(client, owner_a: Persona, owner_b: Persona):
    def change(new: str, password: str):
        body = {"newEmail": new, "currentPassword": password}
        return client.post("/api/v1/users/me/email", json=body, headers=owner_a.headers)

    wrong = change("nova@alfa.com.br", "nao-e-a-senha")
    assert wrong.status_code == 422 and wrong.json()["error"]["code"] == "wrong_password"
    # Another tenant's address: nothing said now; the link fails when its mailbox's owner uses it.
    assert change(owner_b.email, owner_a.password).status_code == 202
    conflict = client.post("/api/v1/auth/email/confirm", json={"token": link_token(owner_b.email)})
    assert conflict.status_code == 409
    assert change("not-an-address", owner_a.password).status_code == 422
    assert change(owner_a.email, owner_a.password).json()["error"]["code"] == "same_email"
    assert change("nova@alfa.com.br", owner_a.password).status_code == 202
    assert "user.email_change_requested" in audit_actions(owner_a)


def test_a_bad_link_gets_one_clear_answer(client):
    for path, body in (
        ("/api/v1/auth/email/confirm", {"token": "nao-existe"}),
        ("/api/v1/auth/password/reset", {"token": "nao-existe", "password": "nova-senha-segura-77"}),
    ):
        res = client.post(path, json=body, headers={"Accept-Language": "en"})
        assert res.status_code == 422
        assert (
            res.json()["error"]["message"]
            == "This link is invalid, was already used or has expired. Ask for a new one."
        )


def test_the_security_routes_are_in_the_openapi(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/auth/password/forgot",
        "/api/v1/auth/password/reset",
        "/api/v1/auth/email/confirm",
        "/api/v1/users/me/email",
        "/api/v1/users/me/email/verification",
        "/api/v1/users/me/sessions",
        "/api/v1/users/me/sessions/{session_id}",
    ):
        assert path in paths
