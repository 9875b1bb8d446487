"""Helpers for second-factor tests: enrolling an authenticator, signing in through the second step."""

from __future__ import annotations

import time

import pyotp
from fastapi.testclient import TestClient

from tests.personas import Persona


def steady_clock(margin: float = 3.0) -> None:
    """Wait out the end of a 30 s step when it is near, so codes made here and checked there share the step."""
    left = 30 - time.time() % 30
    if left < margin:
        time.sleep(left + 0.2)


def code_at(secret: str, offset: float = 0.0) -> str:
    """The TOTP code of ``secret`` ``offset`` seconds from now."""
    return pyotp.TOTP(secret).at(time.time() + offset)


def start_totp(client: TestClient, persona: Persona) -> str:
    """Begin enrolling an authenticator; the secret as an app would read it."""
    res = client.post("/api/v1/users/me/mfa/totp", headers=persona.headers)
    assert res.status_code == 200, res.text
    return res.json()["secret"].replace(" ", "")


def enrol_totp(client: TestClient, persona: Persona) -> tuple[str, list[str]]:
    """An active authenticator for the persona: its secret and the recovery codes of a first factor."""
    steady_clock()
    secret = start_totp(client, persona)
    res = client.post("/api/v1/users/me/mfa/totp/confirm", json={"code": code_at(secret)}, headers=persona.headers)
    assert res.status_code == 200, res.text
    return secret, res.json()["recoveryCodes"]


def password_step(client: TestClient, persona: Persona) -> dict:
    """Sign in with the password; the answer (tokens, or the second step)."""
    res = client.post("/api/v1/auth/login", json={"email": persona.email, "password": persona.password})
    assert res.status_code == 200, res.text
    return res.json()


def mfa_token(client: TestClient, persona: Persona) -> str:
    """The password step of a persona who owes a second factor."""
    body = password_step(client, persona)
    assert body.get("mfaRequired") is True, body
    return body["mfaToken"]
