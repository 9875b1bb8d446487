"""Single sign-on through a real OpenID provider (oidc-provider on 127.0.0.1), without a browser."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from urllib.parse import urlencode, urlsplit

import pytest
from fastapi.testclient import TestClient

from tests.conftest import clear_caches
from tests.oidc_support import (
    CLIENT_SECRETS,
    ProviderServer,
    authorize_at_provider,
    fragment_of,
    query_of,
)
from tests.personas import Persona, create_tenant

pytestmark = pytest.mark.timeout(120)


@pytest.fixture(autouse=True)
def sso_settings(profile, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Providers on this machine over http are allowed here (never in production); the app is the test client."""
    from poc_tracker.services import sso

    monkeypatch.setenv("POC_TRACKER_OIDC_ALLOW_LOOPBACK", "true")
    monkeypatch.setenv("POC_TRACKER_APP_URL", "http://testserver")
    clear_caches()
    sso._metadata.clear()
    yield
    monkeypatch.undo()
    clear_caches()


def event_kinds() -> set[str]:
    """Kinds of the domain events recorded (the audit log's source, in the writer's transaction)."""
    from sqlmodel import select

    from poc_tracker.db import system_session
    from poc_tracker.models import DomainEvent

    with system_session(reason="test") as session:
        return set(session.exec(select(DomainEvent.kind)).all())


def add_provider(
    client: TestClient, owner: Persona, idp: ProviderServer, client_id: str, domains: list[str], **extra: object
) -> dict:
    """Configure a provider for the owner's tenant through the API."""
    body = {
        "name": f"IdP {client_id}",
        "discoveryUrl": idp.discovery_url,
        "clientId": client_id,
        "clientSecret": CLIENT_SECRETS[client_id],
        "domains": domains,
        "scopes": ["openid", "email", "profile", "groups"],
        "jitProvisioning": True,
        "defaultRole": "member",
        "claimMapping": {"roles": {"poc-admins": "admin"}},
        **extra,
    }
    res = client.post("/api/v1/identity-providers", json=body, headers=owner.headers)
    assert res.status_code == 201, res.text
    return res.json()


def start(client: TestClient, email: str) -> str:
    """Identifier-first: the provider's authorization URL for an e-mail."""
    res = client.post("/api/v1/auth/discover", json={"email": email})
    assert res.status_code == 200, res.text
    assert res.json()["method"] == "oidc", res.json()
    return res.json()["redirectUrl"]


def come_back(client: TestClient, callback_url: str) -> dict[str, str]:
    """The browser returns to the callback; what the app's SSO page receives in its fragment."""
    parts = urlsplit(callback_url)
    res = client.get(f"{parts.path}?{parts.query}", follow_redirects=False)
    assert res.status_code == 303, res.text
    assert res.headers["location"].startswith("/sso#")
    return fragment_of(res.headers["location"])


def session_of(client: TestClient, grant: str) -> dict:
    """Redeem the grant as the page does; the profile of who is signed in."""
    res = client.post("/api/v1/auth/session", json={"grant": grant})
    assert res.status_code == 200, res.text
    token = res.json()["accessToken"]
    profile = client.get("/api/v1/users/profile", headers={"Authorization": f"Bearer {token}"})
    assert profile.status_code == 200, profile.text
    return profile.json()


def sign_in(client: TestClient, email: str, login: str | None = None) -> dict[str, str]:
    """The whole walk: discover, the provider's login, back to the app."""
    return come_back(client, authorize_at_provider(start(client, email), login or email))


def test_first_sign_in_creates_the_user_just_in_time(
    client: TestClient, owner_a: Persona, oidc_provider: ProviderServer
) -> None:
    add_provider(client, owner_a, oidc_provider, "tenant-a", ["alfa.example"])
    url = start(client, "ana@alfa.example")
    params = query_of(url)
    assert url.startswith(oidc_provider.issuer)
    assert params["code_challenge_method"] == "S256" and params["code_challenge"] and params["nonce"]
    answer = come_back(client, authorize_at_provider(url, "ana@alfa.example"))
    profile = session_of(client, answer["grant"])
    assert profile["user"]["email"] == "ana@alfa.example"
    assert profile["user"]["name"] == "Ana Lima"
    assert profile["tenant"]["id"] == owner_a.tenant_id
    assert profile["user"]["roles"] == ["admin"]  # the poc-admins group maps to admin
    assert {"identity_provider.created", "user.provisioned", "user.identity_linked", "user.logged_in"} <= event_kinds()
    # Signing in again finds the linked identity: same user, no second account.
    again = session_of(client, sign_in(client, "ana@alfa.example")["grant"])
    assert again["user"]["id"] == profile["user"]["id"]


def test_an_existing_user_is_linked_by_verified_email(
    client: TestClient, owner_a: Persona, oidc_provider: ProviderServer
) -> None:
    add_provider(client, owner_a, oidc_provider, "tenant-a", ["alfa.com.br"], jitProvisioning=False)
    profile = session_of(client, sign_in(client, owner_a.email)["grant"])
    assert profile["user"]["id"] == owner_a.user_id
    assert profile["user"]["roles"] == ["owner"]  # linking keeps the role


def test_without_jit_an_unknown_person_is_refused(
    client: TestClient, owner_a: Persona, oidc_provider: ProviderServer
) -> None:
    add_provider(client, owner_a, oidc_provider, "tenant-a", ["alfa.example"], jitProvisioning=False)
    assert sign_in(client, "ana@alfa.example") == {"error": "oidc_no_account"}


def test_a_tampered_state_is_refused_and_a_callback_works_once(
    client: TestClient,
    owner_a: Persona,
    oidc_provider: ProviderServer,
) -> None:
    add_provider(client, owner_a, oidc_provider, "tenant-a", ["alfa.example"])
    back = authorize_at_provider(start(client, "ana@alfa.example"), "ana@alfa.example")
    params = query_of(back)
    tampered = urlencode({**params, "state": params["state"][:-2] + "xy"})
    assert come_back(client, f"http://testserver/api/v1/auth/oidc/callback?{tampered}") == {"error": "oidc_bad_state"}
    assert "grant" in come_back(client, back)
    assert come_back(client, back) == {"error": "oidc_bad_state"}  # the state was spent


def test_a_replayed_nonce_is_refused(client: TestClient, owner_a: Persona, oidc_provider: ProviderServer) -> None:
    add_provider(client, owner_a, oidc_provider, "tenant-a", ["alfa.example"])
    first = start(client, "ana@alfa.example")
    assert "grant" in come_back(client, authorize_at_provider(first, "ana@alfa.example"))
    # An attacker replays the first flow's nonce in a new flow: the provider signs it, the app refuses it.
    second = start(client, "ana@alfa.example")
    params = {**query_of(second), "nonce": query_of(first)["nonce"]}
    replayed = second.split("?")[0] + "?" + urlencode(params)
    assert come_back(client, authorize_at_provider(replayed, "ana@alfa.example")) == {"error": "oidc_bad_id_token"}


def test_a_domain_that_is_not_the_tenants_is_refused(
    client: TestClient, owner_a: Persona, oidc_provider: ProviderServer
) -> None:
    add_provider(client, owner_a, oidc_provider, "tenant-a", ["alfa.example"])
    answer = come_back(client, authorize_at_provider(start(client, "ana@alfa.example"), "intrusa@outra.example"))
    assert answer == {"error": "oidc_wrong_domain"}


def test_an_unverified_email_is_refused(client: TestClient, owner_a: Persona, oidc_provider: ProviderServer) -> None:
    add_provider(client, owner_a, oidc_provider, "tenant-a", ["alfa.example"])
    assert sign_in(client, "naoverificada@alfa.example") == {"error": "oidc_email_unverified"}
    users = client.get("/api/v1/users", headers=owner_a.headers).json()["data"]
    assert "naoverificada@alfa.example" not in {u["email"] for u in users}


def test_tenant_a_provider_never_signs_anyone_into_tenant_b(client: TestClient, oidc_provider: ProviderServer) -> None:
    owner_a, owner_b = create_tenant(client, "alfa"), create_tenant(client, "beta")
    # Beta invited someone of alfa.example before Alfa claimed the domain.
    inv = client.post("/api/v1/users/invitations", json={"email": "carla@alfa.example", "role": "member"},
                      headers=owner_b.headers).json()  # fmt: skip
    reg = client.post("/api/v1/users/register", json={"email": "carla@alfa.example", "password": "senha-forte-123",
                      "name": "Carla", "tenantId": owner_b.tenant_id, "invitationToken": inv["token"]})  # fmt: skip
    assert reg.status_code == 201, reg.text
    provider_a = add_provider(client, owner_a, oidc_provider, "tenant-a", ["alfa.example"])
    add_provider(client, owner_b, oidc_provider, "tenant-b", ["beta.example"])
    # Alfa's provider vouches for Carla: she belongs to Beta, so nobody is signed in.
    assert sign_in(client, "carla@alfa.example") == {"error": "oidc_wrong_domain"}
    # Alfa's provider vouching for an address of Beta's domain does not reach Beta either.
    back = authorize_at_provider(start(client, "ana@alfa.example"), "bruno@beta.example")
    assert come_back(client, back) == {"error": "oidc_wrong_domain"}
    # Beta's own provider signs Beta's people into Beta.
    beta = session_of(client, sign_in(client, "bruno@beta.example")["grant"])
    assert beta["tenant"]["id"] == owner_b.tenant_id
    # Beta cannot claim Alfa's domain, nor see or touch Alfa's provider.
    taken = client.post("/api/v1/identity-providers", headers=owner_b.headers, json={
        "name": "x", "discoveryUrl": oidc_provider.discovery_url, "clientId": "tenant-b",
        "clientSecret": CLIENT_SECRETS["tenant-b"], "domains": ["alfa.example"]})  # fmt: skip
    assert taken.status_code == 409, taken.text
    path = f"/api/v1/identity-providers/{provider_a['providerId']}"
    assert client.get(path, headers=owner_b.headers).status_code == 404
    assert client.patch(path, json={"name": "meu"}, headers=owner_b.headers).status_code == 404
    assert client.delete(path, headers=owner_b.headers).status_code == 404
    assert [p["name"] for p in client.get("/api/v1/identity-providers", headers=owner_b.headers).json()["data"]] == [
        "IdP tenant-b"
    ]


def test_the_secret_never_appears_in_answers_or_logs(
    client: TestClient,
    owner_a: Persona,
    oidc_provider: ProviderServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    secret = CLIENT_SECRETS["tenant-a"]
    with caplog.at_level(logging.DEBUG):
        created = add_provider(client, owner_a, oidc_provider, "tenant-a", ["alfa.example"])
        path = f"/api/v1/identity-providers/{created['providerId']}"
        answers = [
            created,
            client.get(path, headers=owner_a.headers).json(),
            client.get("/api/v1/identity-providers", headers=owner_a.headers).json(),
            client.patch(path, json={"clientSecret": secret, "name": "Okta"}, headers=owner_a.headers).json(),
            client.post(f"{path}/test", headers=owner_a.headers).json(),
            client.get("/api/v1/audit", headers=owner_a.headers).json(),
        ]
        sign_in(client, "ana@alfa.example")
    assert created["hasSecret"] is True and "clientSecret" not in created
    assert all(secret not in str(a) for a in answers)
    assert secret not in caplog.text
    from sqlmodel import select

    from poc_tracker.db import system_session
    from poc_tracker.models import DomainEvent, IdentityProvider

    with system_session(reason="test") as session:
        stored = session.exec(select(IdentityProvider)).one()
        assert secret not in stored.client_secret_sealed
        events = session.exec(select(DomainEvent)).all()
        assert all(secret not in str(e.payload) for e in events)


def test_admins_get_clear_errors_and_others_no_access(
    client: TestClient,
    owner_a: Persona,
    oidc_provider: ProviderServer,
) -> None:
    from tests.personas import add_member

    base = {"name": "x", "discoveryUrl": oidc_provider.discovery_url, "clientId": "tenant-a",
            "clientSecret": CLIENT_SECRETS["tenant-a"], "domains": ["alfa.example"]}  # fmt: skip
    cases = {
        "gmail.com": {**base, "domains": ["gmail.com"]},
        "not a domain": {**base, "domains": ["não é domínio"]},
        "private": {**base, "discoveryUrl": "https://10.1.2.3/.well-known/openid-configuration"},
        "plain http": {**base, "discoveryUrl": "http://example.com/.well-known/openid-configuration"},
        "no discovery": {**base, "discoveryUrl": oidc_provider.issuer + "/nada/.well-known/openid-configuration"},
        "owner by groups": {**base, "claimMapping": {"roles": {"g": "owner"}}},
    }
    for name, body in cases.items():
        res = client.post("/api/v1/identity-providers", json=body, headers=owner_a.headers)
        assert res.status_code == 422, (name, res.text)
        assert res.json()["error"]["message"], name
    viewer = add_member(client, owner_a, "vera", "viewer")
    assert client.get("/api/v1/identity-providers", headers=viewer.headers).status_code == 403
    assert client.post("/api/v1/identity-providers", json=base, headers=viewer.headers).status_code == 403


def test_discover_says_password_whatever_the_account_and_sso_only_closes_passwords(
    client: TestClient,
    owner_a: Persona,
    oidc_provider: ProviderServer,
) -> None:
    for email in (owner_a.email, "ninguem@alfa.com.br", "x@nada.example"):
        res = client.post("/api/v1/auth/discover", json={"email": email})
        assert res.json() == {"method": "password", "redirectUrl": None}
    add_provider(client, owner_a, oidc_provider, "tenant-a", ["alfa.com.br"], ssoOnly=True)
    login = client.post("/api/v1/auth/login", json={"email": owner_a.email, "password": owner_a.password})
    assert login.status_code == 403 and login.json()["error"]["code"] == "sso_required"
    assert client.post("/api/v1/auth/discover", json={"email": owner_a.email}).json()["method"] == "oidc"
    assert "grant" in sign_in(client, owner_a.email)


def test_the_tenants_mfa_policy_applies_and_the_providers_mfa_counts_if_allowed(
    client: TestClient,
    owner_a: Persona,
    oidc_provider: ProviderServer,
) -> None:
    add_provider(client, owner_a, oidc_provider, "tenant-a", ["alfa.example"])
    policy = client.put("/api/v1/tenants/current/mfa-policy", json={"mfaRequired": True}, headers=owner_a.headers)
    assert policy.status_code == 200, policy.text
    owed = sign_in(client, "ana@alfa.example")
    assert owed["mfaToken"] and owed["enroll"] == "1" and "grant" not in owed
    assert "mfaToken" in sign_in(client, "duda@alfa.example")  # its provider did MFA, but the tenant did not say so
    accept = client.put("/api/v1/tenants/current/mfa-policy", json={"mfaAcceptIdpAmr": True}, headers=owner_a.headers)
    assert accept.json() == {"mfaRequired": True, "mfaAcceptIdpAmr": True}, accept.text
    assert "grant" in sign_in(client, "duda@alfa.example")
    assert "mfaToken" in sign_in(client, "ana@alfa.example")  # a password alone at the provider is not MFA
