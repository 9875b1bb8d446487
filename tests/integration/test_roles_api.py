"""Roles inside a tenant: who may list, invite, promote, deactivate; the platform admin."""

from __future__ import annotations

from poc_tracker.db import system_session
from poc_tracker.services.users import make_platform_admin
from tests.personas import Persona


def test_members_and_viewers_cannot_administer(client, member_a: Persona, viewer_a: Persona, owner_a: Persona):
    for persona in (member_a, viewer_a):
        assert client.get("/api/v1/users", headers=persona.headers).status_code == 403
        assert (
            client.post("/api/v1/users/invitations", json={"email": "z@z.com"}, headers=persona.headers).status_code
            == 403
        )
        assert (
            client.patch(
                f"/api/v1/users/{owner_a.user_id}", json={"role": "viewer"}, headers=persona.headers
            ).status_code
            == 403
        )
        assert client.patch("/api/v1/tenants/current", json={"name": "x"}, headers=persona.headers).status_code == 403


def test_admin_changes_roles_but_not_above_own(client, owner_a: Persona, member_a: Persona):
    client.patch(f"/api/v1/users/{member_a.user_id}", json={"role": "admin"}, headers=owner_a.headers)
    admin = client.post("/api/v1/auth/login", json={"email": member_a.email, "password": member_a.password}).json()
    headers = {"Authorization": f"Bearer {admin['accessToken']}"}
    assert client.get("/api/v1/users", headers=headers).status_code == 200
    res = client.patch(f"/api/v1/users/{owner_a.user_id}", json={"role": "member"}, headers=headers)
    assert res.status_code == 403
    assert res.json()["error"]["code"] == "role_too_high"
    assert (
        client.post(
            "/api/v1/users/invitations", json={"email": "o@o.com", "role": "owner"}, headers=headers
        ).status_code
        == 403
    )


def test_role_change_applies_at_once_to_live_tokens(client, owner_a: Persona, member_a: Persona):
    client.patch(f"/api/v1/users/{member_a.user_id}", json={"role": "viewer"}, headers=owner_a.headers)
    perms = client.get("/api/v1/users/profile", headers=member_a.headers).json()["permissions"]
    assert "pocs:write" not in perms


def test_last_owner_cannot_step_down(client, owner_a: Persona):
    res = client.patch(f"/api/v1/users/{owner_a.user_id}", json={"role": "admin"}, headers=owner_a.headers)
    assert res.status_code == 409
    assert res.json()["error"]["code"] == "last_owner"


def test_deactivated_user_is_cut_off(client, owner_a: Persona, member_a: Persona):
    res = client.patch(f"/api/v1/users/{member_a.user_id}", json={"isActive": False}, headers=owner_a.headers)
    assert res.status_code == 200
    assert res.json()["isActive"] is False
    assert client.get("/api/v1/users/profile", headers=member_a.headers).status_code == 401
    login = client.post("/api/v1/auth/login", json={"email": member_a.email, "password": member_a.password})
    assert login.status_code == 403
    assert login.json()["error"]["code"] == "account_inactive"
    assert client.post("/api/v1/auth/refresh", json={"refreshToken": member_a.refresh_token}).status_code == 401


def test_cannot_deactivate_oneself(client, owner_a: Persona):
    res = client.patch(f"/api/v1/users/{owner_a.user_id}", json={"isActive": False}, headers=owner_a.headers)
    assert res.status_code == 409


def test_platform_admin_lists_tenants_and_others_cannot(client, owner_a: Persona, owner_b: Persona):
    assert client.get("/api/v1/admin/tenants", headers=owner_a.headers).status_code == 403
    with system_session(reason="test") as session:
        make_platform_admin(session, email="root@plataforma.com", name="Root", password="senha-root-1")
    token = client.post("/api/v1/auth/login", json={"email": "root@plataforma.com", "password": "senha-root-1"})
    res = client.get("/api/v1/admin/tenants", headers={"Authorization": f"Bearer {token.json()['accessToken']}"})
    assert res.status_code == 200
    subs = {t["subdomain"]: t["userCount"] for t in res.json()["data"]}
    assert subs["alfa"] == 1 and subs["beta"] == 1 and "plataforma" in subs


ADMIN_ROUTES = [
    ("GET", "/api/v1/users", None),
    ("GET", "/api/v1/users/{id}", None),
    ("PATCH", "/api/v1/users/{id}", {}),
    ("PATCH", "/api/v1/users/{other}", {}),
    ("POST", "/api/v1/users/invitations", {"email": "z@z.com"}),
    ("GET", "/api/v1/audit", None),
    ("PATCH", "/api/v1/tenants/current", {}),
    ("GET", "/api/v1/admin/tenants", None),
]


def test_admin_routes_refuse_members_and_viewers_before_answering(
    client, owner_a: Persona, member_a: Persona, viewer_a: Persona
):
    missing = "00000000-0000-0000-0000-000000000000"
    for persona in (member_a, viewer_a):
        for method, path, body in ADMIN_ROUTES:
            url = path.format(id=owner_a.user_id, other=missing)
            res = client.request(method, url, json=body, headers=persona.headers)
            assert res.status_code == 403, (persona.email, method, url, res.text)
            assert owner_a.email not in res.text
            assert res.json()["error"]["code"] == "forbidden"
