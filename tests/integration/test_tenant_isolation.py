"""Every endpoint that takes an id answers 404 when the id belongs to another tenant.

Grows with every new resource: add its routes to ROUTES.
"""

from __future__ import annotations

import pytest

from tests.personas import Persona

# (method, path template, JSON body); {user} is a user id of the *other* tenant.
ROUTES = [
    ("GET", "/api/v1/users/{user}", None),
    ("PATCH", "/api/v1/users/{user}", {"role": "viewer"}),
    ("PATCH", "/api/v1/users/{user}", {"isActive": False}),
]


@pytest.mark.parametrize(("method", "path", "body"), ROUTES)
def test_other_tenants_ids_are_not_found(client, owner_a: Persona, owner_b: Persona, method, path, body):
    url = path.format(user=owner_b.user_id)
    res = client.request(method, url, json=body, headers=owner_a.headers)
    assert res.status_code == 404, res.text
    assert res.json()["error"]["code"] == "user_not_found"
    # and nothing changed on the other side
    me = client.get("/api/v1/users/profile", headers=owner_b.headers).json()
    assert me["user"]["roles"] == ["owner"]
    assert me["user"]["isActive"] is True


def test_missing_and_foreign_ids_look_the_same(client, owner_a: Persona, owner_b: Persona):
    foreign = client.get(f"/api/v1/users/{owner_b.user_id}", headers=owner_a.headers).json()
    missing = client.get("/api/v1/users/00000000-0000-0000-0000-000000000001", headers=owner_a.headers).json()
    assert foreign == missing


def test_lists_show_only_the_own_tenant(client, owner_a: Persona, owner_b: Persona, member_a: Persona):
    emails = {u["email"] for u in client.get("/api/v1/users", headers=owner_a.headers).json()["data"]}
    assert emails == {owner_a.email, member_a.email}
    emails_b = {u["email"] for u in client.get("/api/v1/users", headers=owner_b.headers).json()["data"]}
    assert emails_b == {owner_b.email}


def test_tenant_settings_stay_in_their_tenant(client, owner_a: Persona, owner_b: Persona):
    client.patch("/api/v1/tenants/current", json={"name": "Renomeada"}, headers=owner_a.headers)
    assert client.get("/api/v1/tenants/current", headers=owner_b.headers).json()["name"] == "Empresa beta"


def test_an_invitation_cannot_be_used_in_another_tenant(client, owner_a: Persona, owner_b: Persona):
    inv = client.post("/api/v1/users/invitations", json={"email": "c@x.com", "role": "member"},
                      headers=owner_a.headers).json()
    res = client.post("/api/v1/users/register", json={"email": "c@x.com", "password": "12345678", "name": "C",
                                                      "tenantId": owner_b.tenant_id,
                                                      "invitationToken": inv["token"]})
    assert res.status_code == 403


def test_refresh_token_of_another_user_cannot_log_them_out(client, owner_a: Persona, owner_b: Persona):
    client.post("/api/v1/auth/logout", json={"refreshToken": owner_b.refresh_token}, headers=owner_a.headers)
    assert client.post("/api/v1/auth/refresh", json={"refreshToken": owner_b.refresh_token}).status_code == 200
