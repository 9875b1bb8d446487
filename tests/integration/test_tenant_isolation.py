"""Every endpoint that takes an id answers 404 when the id belongs to another tenant.

Grows with every new resource: add its routes to ROUTES.
"""

from __future__ import annotations

import pytest

from tests.factories import new_collection, new_poc
from tests.personas import Persona

# (method, path template, JSON body, error code). Ids of the *other* tenant: {user} a user, {poc} a POC,
# {coll} a shared collection holding {poc}; {mine} is a collection of the caller's own tenant.
ROUTES = [
    ("GET", "/api/v1/users/{user}", None, "user_not_found"),
    ("PATCH", "/api/v1/users/{user}", {"role": "viewer"}, "user_not_found"),
    ("PATCH", "/api/v1/users/{user}", {"isActive": False}, "user_not_found"),
    ("PUT", "/api/v1/favorites/{poc}", None, "poc_not_found"),
    ("DELETE", "/api/v1/favorites/{poc}", None, "poc_not_found"),
    ("GET", "/api/v1/collections/{coll}", None, "collection_not_found"),
    ("PATCH", "/api/v1/collections/{coll}", {"name": "Tomada"}, "collection_not_found"),
    ("DELETE", "/api/v1/collections/{coll}", None, "collection_not_found"),
    ("PUT", "/api/v1/collections/{coll}/pocs/{poc}", {"position": 0}, "collection_not_found"),
    ("DELETE", "/api/v1/collections/{coll}/pocs/{poc}", None, "collection_not_found"),
    ("PUT", "/api/v1/collections/{coll}/order", {"pocIds": []}, "collection_not_found"),
    ("PUT", "/api/v1/collections/{mine}/pocs/{poc}", None, "poc_not_found"),
    ("DELETE", "/api/v1/collections/{mine}/pocs/{poc}", None, "poc_not_found"),
    ("GET", "/api/v1/pocs/{poc}", None, "poc_not_found"),
    ("PATCH", "/api/v1/pocs/{poc}", {"name": "invadida"}, "poc_not_found"),
    ("DELETE", "/api/v1/pocs/{poc}", None, "poc_not_found"),
    ("POST", "/api/v1/pocs/{poc}/restore", None, "poc_not_found"),
    ("DELETE", "/api/v1/pocs/{poc}/purge", None, "poc_not_found"),
    ("GET", "/api/v1/pocs/{poc}/versions/1/restore-preview", None, "poc_not_found"),
]


@pytest.fixture
def theirs(client, owner_b: Persona) -> dict[str, str]:
    """Records of tenant b: a POC (starred by its owner) in a shared collection."""
    poc = new_poc(client, owner_b, "Segredo da beta", ["interna"])
    client.put(f"/api/v1/favorites/{poc['id']}", headers=owner_b.headers)
    coll = new_collection(client, owner_b, "Da beta", "tenant", (poc,))
    return {"user": owner_b.user_id, "poc": poc["id"], "coll": coll["id"]}


def snapshot(client, owner_b: Persona, ids: dict[str, str]) -> list:
    """What tenant b sees of its own records."""
    return [
        client.get(path, headers=owner_b.headers).json()
        for path in (
            "/api/v1/users/profile",
            f"/api/v1/pocs/{ids['poc']}",
            f"/api/v1/collections/{ids['coll']}",
            "/api/v1/favorites",
            "/api/v1/tags",
        )
    ]


@pytest.mark.parametrize(("method", "path", "body", "code"), ROUTES)
def test_other_tenants_ids_are_not_found(client, owner_a: Persona, owner_b: Persona, theirs, method, path, body, code):
    mine = new_collection(client, owner_a, "Da alfa", "tenant")
    before = snapshot(client, owner_b, theirs)
    res = client.request(method, path.format(**theirs, mine=mine["id"]), json=body, headers=owner_a.headers)
    assert res.status_code == 404, res.text
    assert res.json()["error"]["code"] == code
    # and nothing changed on the other side
    assert snapshot(client, owner_b, theirs) == before
    assert before[0]["user"]["roles"] == ["owner"] and before[0]["user"]["isActive"] is True


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
    inv = client.post(
        "/api/v1/users/invitations", json={"email": "c@x.com", "role": "member"}, headers=owner_a.headers
    ).json()
    res = client.post(
        "/api/v1/users/register",
        json={
            "email": "c@x.com",
            "password": "senha-forte-1",
            "name": "C",
            "tenantId": owner_b.tenant_id,
            "invitationToken": inv["token"],
        },
    )
    assert res.status_code == 403


def test_refresh_token_of_another_user_cannot_log_them_out(client, owner_a: Persona, owner_b: Persona):
    client.post("/api/v1/auth/logout", json={"refreshToken": owner_b.refresh_token}, headers=owner_a.headers)
    assert client.post("/api/v1/auth/refresh", json={"refreshToken": owner_b.refresh_token}).status_code == 200


def test_tags_favorites_and_collections_stay_in_their_tenant(client, owner_a: Persona, owner_b: Persona, theirs):
    new_poc(client, owner_a, "Da alfa", ["publica"])
    new_collection(client, owner_a, "Da alfa", "tenant")
    assert [t["tag"] for t in client.get("/api/v1/tags", headers=owner_a.headers).json()["data"]] == ["publica"]
    assert client.get("/api/v1/tags", params={"prefix": "inte"}, headers=owner_a.headers).json()["data"] == []
    assert client.get("/api/v1/favorites", headers=owner_a.headers).json()["totalCount"] == 0
    assert [c["name"] for c in client.get("/api/v1/collections", headers=owner_a.headers).json()["data"]] == ["Da alfa"]


def test_tag_changes_never_reach_another_tenant(client, owner_a: Persona, owner_b: Persona, theirs):
    new_poc(client, owner_a, "Da alfa", ["compartilhada"])
    new_poc(client, owner_b, "Da beta", ["compartilhada"])
    res = client.post("/api/v1/tags/rename", json={"from": "interna", "to": "vazada"}, headers=owner_a.headers)
    assert res.status_code == 404 and res.json()["error"]["code"] == "tag_not_found"
    res = client.post(
        "/api/v1/tags/merge", json={"sources": ["compartilhada", "interna"], "target": "nova"}, headers=owner_a.headers
    )
    assert res.json()["affectedPocs"] == 1
    tags_b = {t["tag"] for t in client.get("/api/v1/tags", headers=owner_b.headers).json()["data"]}
    assert tags_b == {"compartilhada", "interna"}


def test_reorder_with_another_tenants_poc_is_refused(client, owner_a: Persona, theirs):
    mine = new_collection(client, owner_a, "Da alfa", "tenant", (new_poc(client, owner_a, "A"),))
    res = client.put(
        f"/api/v1/collections/{mine['id']}/order", json={"pocIds": [theirs["poc"]]}, headers=owner_a.headers
    )
    assert res.status_code == 422 and res.json()["error"]["code"] == "not_in_collection"


def test_other_tenants_pocs_never_listed(client, owner_a: Persona, theirs):
    assert client.get("/api/v1/pocs", headers=owner_a.headers).json()["totalCount"] == 0
    assert client.get("/api/v1/pocs?deleted=true", headers=owner_a.headers).json()["totalCount"] == 0
