"""Sign-up, sign-in, refresh rotation, logout and profile over HTTP."""

from __future__ import annotations

import uuid
from datetime import timedelta

import jwt

from tests.personas import Persona, create_tenant


def test_create_tenant_returns_tokens_that_open_the_profile(client, owner_a: Persona):
    header = jwt.get_unverified_header(owner_a.access_token)
    claims = jwt.decode(owner_a.access_token, options={"verify_signature": False})
    assert header["alg"] == "RS256"
    assert claims["exp"] - claims["iat"] == 900
    res = client.get("/api/v1/users/profile", headers=owner_a.headers)
    assert res.status_code == 200
    body = res.json()
    assert body["user"]["email"] == owner_a.email
    assert body["user"]["roles"] == ["owner"]
    assert "passwordHash" not in body["user"]
    assert body["tenant"]["subdomain"] == "alfa"
    assert "tenant:write" in body["permissions"]


def test_login_gives_900_second_rs256_token(client, owner_a: Persona):
    res = client.post("/api/v1/auth/login", json={"email": owner_a.email.upper(), "password": owner_a.password})
    assert res.status_code == 200
    assert res.json()["expiresIn"] == 900
    assert (
        client.get(
            "/api/v1/users/profile", headers={"Authorization": f"Bearer {res.json()['accessToken']}"}
        ).status_code
        == 200
    )


def test_wrong_password_is_401_in_portuguese_and_english(client, owner_a: Persona):
    res = client.post("/api/v1/auth/login", json={"email": owner_a.email, "password": "errada-123"})
    assert res.status_code == 401
    assert res.json()["error"] == {
        "code": "invalid_credentials",
        "message": "E-mail ou senha incorretos.",
        "details": {},
    }
    res = client.post(
        "/api/v1/auth/login",
        json={"email": owner_a.email, "password": "errada-123"},
        headers={"Accept-Language": "en-US,en;q=0.9"},
    )
    assert res.json()["error"]["message"] == "Wrong e-mail or password."


def age_spent_refresh_tokens(seconds: int) -> None:
    """Pretend the spent refresh tokens were spent ``seconds`` earlier."""
    from sqlmodel import col, select

    from poc_tracker.db import system_session
    from poc_tracker.models import RefreshToken

    with system_session(reason="test") as session:
        for tok in session.exec(select(RefreshToken).where(col(RefreshToken.used_at).is_not(None))):
            tok.used_at -= timedelta(seconds=seconds)
            session.add(tok)


def test_two_tabs_refreshing_together_both_stay_signed_in(client, owner_a: Persona):
    tab_a = client.post("/api/v1/auth/refresh", json={"refreshToken": owner_a.refresh_token})
    tab_b = client.post("/api/v1/auth/refresh", json={"refreshToken": owner_a.refresh_token})
    assert tab_a.status_code == tab_b.status_code == 200
    for res in (tab_a, tab_b):
        body = res.json()
        assert (
            client.get("/api/v1/users/profile", headers={"Authorization": f"Bearer {body['accessToken']}"}).status_code
            == 200
        )
        assert client.post("/api/v1/auth/refresh", json={"refreshToken": body["refreshToken"]}).status_code == 200


def test_refresh_rotates_and_reuse_revokes_the_family(client, owner_a: Persona):
    first = client.post("/api/v1/auth/refresh", json={"refreshToken": owner_a.refresh_token})
    assert first.status_code == 200
    new_refresh = first.json()["refreshToken"]
    assert new_refresh != owner_a.refresh_token
    age_spent_refresh_tokens(60)
    replay = client.post("/api/v1/auth/refresh", json={"refreshToken": owner_a.refresh_token})
    assert replay.status_code == 401
    assert replay.json()["error"]["code"] == "invalid_refresh_token"
    after = client.post("/api/v1/auth/refresh", json={"refreshToken": new_refresh})
    assert after.status_code == 401


def test_logout_ends_the_sign_in(client, owner_a: Persona):
    res = client.post("/api/v1/auth/logout", json={"refreshToken": owner_a.refresh_token}, headers=owner_a.headers)
    assert res.status_code == 204
    assert client.post("/api/v1/auth/refresh", json={"refreshToken": owner_a.refresh_token}).status_code == 401


def test_profile_needs_a_valid_token(client):
    assert client.get("/api/v1/users/profile").status_code == 401
    res = client.get("/api/v1/users/profile", headers={"Authorization": "Bearer nao-e-um-jwt"})
    assert res.status_code == 401
    assert res.json()["error"]["code"] == "invalid_token"


def test_forged_token_with_another_key_is_refused(client, owner_a: Persona):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = other.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    claims = jwt.decode(owner_a.access_token, options={"verify_signature": False})
    forged = jwt.encode(claims, pem, algorithm="RS256")
    assert client.get("/api/v1/users/profile", headers={"Authorization": f"Bearer {forged}"}).status_code == 401


def test_patch_profile_changes_name_locale_and_password(client, owner_a: Persona):
    res = client.patch("/api/v1/users/profile", json={"name": "Ana Souza", "locale": "en"}, headers=owner_a.headers)
    assert res.status_code == 200
    assert res.json()["user"]["name"] == "Ana Souza"
    assert res.json()["user"]["locale"] == "en"
    bad = client.patch(
        "/api/v1/users/profile", json={"currentPassword": "x", "newPassword": "nova-senha-1"}, headers=owner_a.headers
    )
    assert bad.status_code == 422
    ok = client.patch(
        "/api/v1/users/profile",
        json={"currentPassword": owner_a.password, "newPassword": "nova-senha-1"},
        headers=owner_a.headers,
    )
    assert ok.status_code == 200
    login = client.post("/api/v1/auth/login", json={"email": owner_a.email, "password": "nova-senha-1"})
    assert login.status_code == 200


def test_duplicate_subdomain_and_email_conflict(client, owner_a: Persona):
    res = client.post(
        "/api/v1/tenants",
        json={
            "name": "X",
            "subdomain": "alfa",
            "ownerName": "X",
            "ownerEmail": "x@x.com",
            "ownerPassword": "outra-senha-9",
        },
    )
    assert res.status_code == 409
    assert res.json()["error"]["code"] == "subdomain_taken"
    res = client.post(
        "/api/v1/tenants",
        json={
            "name": "X",
            "subdomain": "outra",
            "ownerName": "X",
            "ownerEmail": owner_a.email,
            "ownerPassword": "outra-senha-9",
        },
    )
    assert res.status_code == 409
    assert res.json()["error"]["code"] == "email_taken"


def test_register_needs_open_signup_or_invitation(client, owner_a: Persona):
    body = {"email": "novo@alfa.com.br", "password": "senha-forte-1", "name": "Novo", "tenantId": owner_a.tenant_id}
    closed = client.post("/api/v1/users/register", json=body)
    assert closed.status_code == 403
    assert closed.json()["error"]["code"] == "signup_closed"
    opened = client.patch("/api/v1/tenants/current", json={"settings": {"allowSignup": True}}, headers=owner_a.headers)
    assert opened.status_code == 200
    res = client.post("/api/v1/users/register", json=body)
    assert res.status_code == 201
    me = client.get("/api/v1/users/profile", headers={"Authorization": f"Bearer {res.json()['accessToken']}"})
    assert me.json()["user"]["roles"] == ["member"]


def test_invitation_is_single_use_and_bound_to_email(client, owner_a: Persona):
    inv = client.post(
        "/api/v1/users/invitations", json={"email": "convidada@x.com", "role": "admin"}, headers=owner_a.headers
    ).json()
    wrong = client.post(
        "/api/v1/users/register",
        json={
            "email": "outra@x.com",
            "password": "senha-forte-1",
            "name": "Outra",
            "tenantId": owner_a.tenant_id,
            "invitationToken": inv["token"],
        },
    )
    assert wrong.status_code == 403
    body = {
        "email": "convidada@x.com",
        "password": "senha-forte-1",
        "name": "Convidada",
        "tenantId": owner_a.tenant_id,
        "invitationToken": inv["token"],
    }
    assert client.post("/api/v1/users/register", json=body).status_code == 201
    body["email"] = "convidada2@x.com"
    assert client.post("/api/v1/users/register", json=body).status_code == 403


def test_register_into_unknown_tenant_is_404(client):
    res = client.post(
        "/api/v1/users/register",
        json={
            "email": "a@b.com",
            "password": "senha-forte-1",
            "name": "A",
            "tenantId": "00000000-0000-0000-0000-000000000000",
        },
    )
    assert res.status_code == 404


def test_two_tenants_can_be_created(client):
    a, b = create_tenant(client, "um"), create_tenant(client, "dois")
    assert a.tenant_id != b.tenant_id


WEAK_PASSWORDS = [
    ("        ", "password_trivial"),
    ("password", "password_common"),
    ("12345678", "password_trivial"),
    ("Senha123", "password_common"),
    ("abcabcabc", "password_trivial"),
]


def _set_password_everywhere(client, owner: Persona, password: str) -> list:
    """Every way to set a password: tenant sign-up, registration, profile change."""
    inv = client.post(
        "/api/v1/users/invitations", json={"email": "nova@alfa.com.br", "role": "member"}, headers=owner.headers
    ).json()
    return [
        (
            client.post(
                "/api/v1/tenants",
                json={
                    "name": "Fraca",
                    "subdomain": "fraca",
                    "ownerName": "Fraca",
                    "ownerEmail": "fraca@fraca.com",
                    "ownerPassword": password,
                },
            ),
            "ownerPassword",
        ),
        (
            client.post(
                "/api/v1/users/register",
                json={
                    "email": "nova@alfa.com.br",
                    "password": password,
                    "name": "Nova",
                    "tenantId": owner.tenant_id,
                    "invitationToken": inv["token"],
                },
            ),
            "password",
        ),
        (
            client.patch(
                "/api/v1/users/profile",
                json={"currentPassword": owner.password, "newPassword": password},
                headers=owner.headers,
            ),
            "newPassword",
        ),
    ]


def test_common_and_trivial_passwords_are_refused_on_every_path(client, owner_a: Persona):
    for password, code in WEAK_PASSWORDS:
        for res, field in _set_password_everywhere(client, owner_a, password):
            assert res.status_code == 422, (password, field, res.text)
            assert res.json()["error"]["code"] == code
            assert res.json()["error"]["details"] == {"field": field}
    assert (
        client.post("/api/v1/auth/login", json={"email": owner_a.email, "password": owner_a.password}).status_code
        == 200
    )


def test_a_password_made_of_ones_own_email_or_name_is_refused(client, owner_a: Persona):
    body = {
        "name": "Empresa",
        "subdomain": "pessoal",
        "ownerName": "Mariana Albuquerque",
        "ownerEmail": "mariana.albuquerque@pessoal.com.br",
    }
    for password in ("mariana.albuquerque@pessoal.com.br", "Mariana.Albuquerque!", "albuquerque2024"):
        res = client.post("/api/v1/tenants", json={**body, "ownerPassword": password})
        assert res.status_code == 422, password
        assert res.json()["error"]["code"] == "password_personal"
    res = client.patch(
        "/api/v1/users/profile",
        json={"currentPassword": owner_a.password, "newPassword": owner_a.email},
        headers=owner_a.headers,
    )
    assert res.json()["error"]["code"] == "password_personal"
    assert client.post("/api/v1/tenants", json={**body, "ownerPassword": "ipê-amarelo-florido"}).status_code == 201


def test_weak_password_message_in_portuguese_and_english(client):
    body = {"name": "X", "subdomain": "xis", "ownerName": "X", "ownerEmail": "x@xis.com", "ownerPassword": "password"}
    pt = client.post("/api/v1/tenants", json=body).json()["error"]["message"]
    en = client.post("/api/v1/tenants", json=body, headers={"Accept-Language": "en"}).json()["error"]["message"]
    assert pt == "Esta senha está entre as mais usadas e seria adivinhada logo. Escolha outra."
    assert en == "This password is among the most used ones and would be guessed quickly. Choose another one."


def refresh_in_parallel(client, token: str, n: int = 5) -> list:
    """``n`` threads spend one refresh token at the same moment, each through its own HTTP client."""
    from concurrent.futures import ThreadPoolExecutor
    from threading import Barrier

    from fastapi.testclient import TestClient

    barrier = Barrier(n)

    def one(_: int):
        http = TestClient(client.app)
        barrier.wait()
        return http.post("/api/v1/auth/refresh", json={"refreshToken": token})

    with ThreadPoolExecutor(n) as pool:
        return list(pool.map(one, range(n)))


def family_size(user_id: str) -> int:
    from sqlmodel import func, select

    from poc_tracker.db import system_session
    from poc_tracker.models import RefreshToken

    with system_session(reason="test") as session:
        return session.exec(
            select(func.count()).select_from(RefreshToken).where(RefreshToken.user_id == uuid.UUID(user_id))
        ).one()


def test_parallel_refreshes_of_one_token_share_one_successor(client, owner_a: Persona):
    answers = refresh_in_parallel(client, owner_a.refresh_token)
    assert [r.status_code for r in answers] == [200] * 5, [r.text for r in answers]
    assert len({r.json()["refreshToken"] for r in answers}) == 1
    assert len({r.json()["accessToken"] for r in answers}) == 1  # the very same pair
    assert family_size(owner_a.user_id) == 2  # the sign-in's first token and its one successor
    successor = answers[0].json()["refreshToken"]
    age_spent_refresh_tokens(60)
    assert client.post("/api/v1/auth/refresh", json={"refreshToken": owner_a.refresh_token}).status_code == 401
    assert client.post("/api/v1/auth/refresh", json={"refreshToken": successor}).status_code == 401  # all revoked


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_changing_the_password_ends_every_other_sign_in(client, owner_a: Persona):
    laptop = client.post("/api/v1/auth/login", json={"email": owner_a.email, "password": owner_a.password}).json()
    phone = client.post("/api/v1/auth/login", json={"email": owner_a.email, "password": owner_a.password}).json()
    res = client.patch(
        "/api/v1/users/profile",
        json={"currentPassword": owner_a.password, "newPassword": "outra-senha-boa-7"},
        headers=owner_a.headers,
    )
    assert res.status_code == 200
    for other in (laptop, phone):
        assert client.post("/api/v1/auth/refresh", json={"refreshToken": other["refreshToken"]}).status_code == 401
        res = client.get("/api/v1/users/profile", headers=bearer(other["accessToken"]))
        assert res.status_code == 401  # their access tokens stop at once too
        assert res.json()["error"]["code"] == "invalid_token"
    # the sign-in that made the change stays
    assert client.get("/api/v1/users/profile", headers=owner_a.headers).status_code == 200
    kept = client.post("/api/v1/auth/refresh", json={"refreshToken": owner_a.refresh_token})
    assert kept.status_code == 200
    assert client.get("/api/v1/users/profile", headers=bearer(kept.json()["accessToken"])).status_code == 200


def test_a_password_set_without_the_old_one_ends_every_sign_in(client, owner_a: Persona):
    from poc_tracker.db import system_session
    from poc_tracker.models import User
    from poc_tracker.services.users import set_password

    with system_session(reason="test") as session:  # what a password reset will do
        set_password(session, session.get(User, uuid.UUID(owner_a.user_id)), "redefinida-agora-9")
    assert client.post("/api/v1/auth/refresh", json={"refreshToken": owner_a.refresh_token}).status_code == 401
    assert client.get("/api/v1/users/profile", headers=owner_a.headers).status_code == 401
    assert (
        client.post("/api/v1/auth/login", json={"email": owner_a.email, "password": "redefinida-agora-9"}).status_code
        == 200
    )


def test_logout_ends_that_sign_ins_access_token_at_once(client, owner_a: Persona):
    other = client.post("/api/v1/auth/login", json={"email": owner_a.email, "password": owner_a.password}).json()
    res = client.post("/api/v1/auth/logout", json={"refreshToken": owner_a.refresh_token}, headers=owner_a.headers)
    assert res.status_code == 204
    assert client.get("/api/v1/users/profile", headers=owner_a.headers).status_code == 401
    assert client.get("/api/v1/users/profile", headers=bearer(other["accessToken"])).status_code == 200
