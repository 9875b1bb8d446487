"""Bad input is a 4xx in the error shape, never a 500; health, OpenAPI, rate limits."""

from __future__ import annotations

import math
import time

import pytest

from tests.personas import Persona

VALID = {
    "name": "Acme",
    "subdomain": "acme",
    "ownerName": "Ana",
    "ownerEmail": "ana@acme.com",
    "ownerPassword": "acme-senha-9",
}


def assert_error(res, status: int, code: str | None = None) -> dict:
    assert res.status_code == status, res.text
    err = res.json()["error"]
    assert set(err) == {"code", "message", "details"}
    assert err["message"]
    if code:
        assert err["code"] == code
    return err


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"ownerPassword": "1234567"}, "ownerPassword"),
        ({"ownerEmail": "nao-e-email"}, "email"),
        ({"subdomain": "Com Espaço"}, "subdomain"),
        ({"subdomain": "www"}, "subdomain"),
        ({"name": "   "}, "name"),
    ],
)
def test_invalid_tenant_fields_are_422(client, change, field):
    err = assert_error(client.post("/api/v1/tenants", json={**VALID, **change}), 422)
    assert field in str(err["details"])


@pytest.mark.parametrize("missing", ["name", "subdomain", "ownerName", "ownerEmail", "ownerPassword"])
def test_missing_fields_are_422_with_field_name(client, missing):
    body = {k: v for k, v in VALID.items() if k != missing}
    err = assert_error(client.post("/api/v1/tenants", json=body), 422, "invalid")
    assert err["details"]["fields"][0]["field"] == missing


def test_oversized_fields_are_422(client):
    assert_error(client.post("/api/v1/tenants", json={**VALID, "name": "x" * 300}), 422)
    assert_error(client.post("/api/v1/auth/login", json={"email": "a@b.c", "password": "x" * 500}), 422)


def test_oversized_body_is_413(client):
    assert_error(
        client.post(
            "/api/v1/auth/login",
            content=b"{" + b" " * (2 * 1024 * 1024) + b"}",
            headers={"content-type": "application/json"},
        ),
        413,
        "payload_too_large",
    )


@pytest.mark.parametrize("body", [b"{nao json", b"[]", b"null", b'"texto"', b'{"email": 5, "password": []}'])
def test_malformed_json_is_422(client, body):
    assert_error(client.post("/api/v1/auth/login", content=body, headers={"content-type": "application/json"}), 422)


def test_wrong_types_and_bad_ids_are_4xx(client, owner_a: Persona):
    assert_error(client.get("/api/v1/users/nao-e-uuid", headers=owner_a.headers), 422)
    assert_error(
        client.patch("/api/v1/users/profile", json={"locale": "xx"}, headers=owner_a.headers), 422, "invalid_locale"
    )
    assert_error(
        client.patch("/api/v1/tenants/current", json={"settings": {"allowSignup": "sim"}}, headers=owner_a.headers),
        422,
        "invalid_setting",
    )
    assert_error(client.get("/api/v1/users?limit=1000", headers=owner_a.headers), 422)


def test_unknown_route_and_method_are_in_the_error_shape(client):
    assert_error(client.get("/api/v1/nada"), 404, "not_found")
    assert_error(client.delete("/api/v1/auth/login"), 405)


def test_error_messages_follow_accept_language(client):
    res = client.post("/api/v1/tenants", json={**VALID, "ownerPassword": "123"}, headers={"Accept-Language": "en"})
    assert res.json()["error"]["message"] == "The password must have at least 8 characters."
    res = client.post("/api/v1/tenants", json={**VALID, "ownerPassword": "123"})
    assert res.json()["error"]["message"] == "A senha precisa ter pelo menos 8 caracteres."


def test_openapi_and_swagger_are_served(client):
    spec = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/auth/login" in spec["paths"]
    assert "accessToken" in str(spec["components"]["schemas"]["TokenPublic"])
    assert client.get("/api/v1/docs").status_code == 200


def client_at(client, address: str):
    """The API seen from a given client address."""
    from fastapi.testclient import TestClient

    return TestClient(client.app, client=(address, 40000))


def test_metrics_count_requests_by_route(client):
    client.get("/healthz")
    text = client_at(client, "127.0.0.1").get("/metrics").text
    assert 'poc_tracker_http_requests_total{method="GET",route="/healthz",status="200"}' in text


def test_metrics_answer_the_internal_network_only(client):
    for address in ("127.0.0.1", "::1", "10.1.2.3", "192.168.0.9"):
        assert client_at(client, address).get("/metrics").status_code == 200, address
    for address in ("203.0.113.9", "8.8.8.8", "2001:4860::1"):
        assert_error(client_at(client, address).get("/metrics"), 403, "metrics_forbidden")
    relayed = client_at(client, "10.0.0.2").get("/metrics", headers={"X-Forwarded-For": "203.0.113.9"})
    assert_error(relayed, 403, "metrics_forbidden")  # a proxy's own address is private


def test_metrics_token_when_configured(client, monkeypatch):
    from poc_tracker.settings import get_settings

    monkeypatch.setenv("POC_TRACKER_METRICS_TOKEN", "segredo-das-metricas")
    get_settings.cache_clear()
    try:
        outside, inside = client_at(client, "203.0.113.9"), client_at(client, "127.0.0.1")
        assert outside.get("/metrics", headers={"Authorization": "Bearer segredo-das-metricas"}).status_code == 200
        assert_error(inside.get("/metrics"), 403, "metrics_forbidden")
        assert_error(outside.get("/metrics", headers={"Authorization": "Bearer outro"}), 403, "metrics_forbidden")
    finally:
        monkeypatch.delenv("POC_TRACKER_METRICS_TOKEN")
        get_settings.cache_clear()


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(document.cookie)",
        " JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        "data:image/svg+xml,<svg onload=alert(1)>",
        "vbscript:msgbox(1)",
        "http://evil.example/logo.png",
        "//evil.example/logo.png",
        "https://user:senha@evil.example/x.png",
        "https:///x.png",
        "/_upload/../api/v1/x",
        "/api/v1/auth/logout",
        "logo.png",
    ],
)
def test_unsafe_logo_urls_are_422(client, owner_a: Persona, url):
    res = client.patch("/api/v1/tenants/current", json={"settings": {"logoUrl": url}}, headers=owner_a.headers)
    err = assert_error(res, 422, "invalid_logo_url")
    assert err["details"] == {"field": "logoUrl"}


@pytest.mark.parametrize(
    "url", ["https://cdn.acme.com.br/logo.png", "http://localhost:3000/logo.png", "/_upload/acme/logo.png", ""]
)
def test_safe_logo_urls_are_kept(client, owner_a: Persona, url):
    res = client.patch("/api/v1/tenants/current", json={"settings": {"logoUrl": url}}, headers=owner_a.headers)
    assert res.status_code == 200, res.text
    assert res.json()["settings"]["logoUrl"] == url


def test_health_and_readiness(client):
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["checks"] == {"database": "ok", "broker": "ok"}


def requests_until_429(send) -> tuple[int, float, object]:
    """Send until refused; how many passed, in how long, and the refusal."""
    started = time.monotonic()
    for sent in range(1, 400):
        res = send()
        if res.status_code == 429:
            return sent - 1, time.monotonic() - started, res
    raise AssertionError("never limited")


def allowed_by_bucket(elapsed: float) -> int:
    """A full bucket of 100 plus what refilled meanwhile (100 per minute)."""
    return 100 + math.ceil(elapsed * 100 / 60)


def test_the_101st_anonymous_auth_request_in_a_minute_is_429(client):
    passed, elapsed, res = requests_until_429(lambda: client.post("/api/v1/auth/refresh", json={"refreshToken": "x"}))
    assert 100 <= passed <= allowed_by_bucket(elapsed)
    err = assert_error(res, 429, "rate_limited")
    assert int(res.headers["Retry-After"]) >= 1
    assert "s." in err["message"]


def test_the_101st_request_of_a_user_in_a_minute_is_429(client, owner_a: Persona):
    passed, elapsed, res = requests_until_429(lambda: client.get("/api/v1/users/profile", headers=owner_a.headers))
    assert 100 <= passed <= allowed_by_bucket(elapsed)
    assert_error(res, 429)


def test_buckets_are_per_user(client, owner_a: Persona, owner_b: Persona):
    requests_until_429(lambda: client.get("/api/v1/users/profile", headers=owner_a.headers))
    assert client.get("/api/v1/users/profile", headers=owner_b.headers).status_code == 200


def test_repeated_failed_logins_slow_the_account_down(client, owner_a: Persona):
    for _ in range(5):
        res = client.post("/api/v1/auth/login", json={"email": owner_a.email, "password": "errada!!"})
        assert res.status_code == 401
    slowed = client.post("/api/v1/auth/login", json={"email": owner_a.email, "password": owner_a.password})
    assert_error(slowed, 429, "rate_limited")
    assert int(slowed.headers["Retry-After"]) >= 1


def login_from(client, address: str, email: str, password: str):
    """A sign-in attempt from a given client address."""
    from fastapi.testclient import TestClient

    return TestClient(client.app, client=(address, 40000)).post(
        "/api/v1/auth/login", json={"email": email, "password": password}
    )


def test_guessing_from_one_address_does_not_lock_the_owner_out(client, owner_a: Persona):
    for _ in range(5):
        assert login_from(client, "203.0.113.66", owner_a.email, "chute-errado").status_code == 401
    for guess in ("outro-chute-1", owner_a.password):  # the guesser is slowed, right password or not
        slowed = login_from(client, "203.0.113.66", owner_a.email, guess)
        assert_error(slowed, 429, "rate_limited")
    assert login_from(client, "198.51.100.7", owner_a.email, owner_a.password).status_code == 200


def test_guessing_from_many_addresses_slows_new_ones_but_not_the_owners(client, owner_a: Persona):
    assert login_from(client, "198.51.100.7", owner_a.email, owner_a.password).status_code == 200  # owner's home
    for n in range(20):
        assert login_from(client, f"203.0.113.{n + 1}", owner_a.email, "chute-errado").status_code == 401
    assert_error(login_from(client, "203.0.113.200", owner_a.email, owner_a.password), 429, "rate_limited")
    assert login_from(client, "198.51.100.7", owner_a.email, owner_a.password).status_code == 200
