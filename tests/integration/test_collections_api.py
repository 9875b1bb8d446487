"""Collections: private or shared, ordered POCs, who may change what, events for every write."""

from __future__ import annotations

import uuid

from sqlmodel import col, select

from poc_tracker.db import new_system_session
from poc_tracker.models import CollectionItem, DomainEvent
from tests.factories import new_collection, new_poc
from tests.personas import Persona

API = "/api/v1/collections"


def names(collection: dict) -> list[str]:
    return [p["name"] for p in collection["pocs"]]


def read(client, persona: Persona, collection: dict):
    return client.get(f"{API}/{collection['id']}", headers=persona.headers)


def positions(collection: dict) -> list[int]:
    with new_system_session(reason="test") as session:
        query = (
            select(CollectionItem.position)
            .where(CollectionItem.collection_id == uuid.UUID(collection["id"]))
            .order_by(col(CollectionItem.position))
        )
        return list(session.exec(query).all())


def collection_events() -> list[str]:
    with new_system_session(reason="test") as session:
        query = (
            select(DomainEvent.kind)
            .where(DomainEvent.target_type == "collection")
            .order_by(col(DomainEvent.created_at))
        )
        return list(session.exec(query).all())


def test_create_and_read(client, member_a: Persona):
    res = client.post(API, json={"name": "  Estudos de cache ", "description": "Para o Dojo"}, headers=member_a.headers)
    assert res.status_code == 201, res.text
    body = res.json()
    assert (body["name"], body["description"], body["visibility"]) == ("Estudos de cache", "Para o Dojo", "private")
    assert (body["ownerId"], body["ownerName"], body["canEdit"], body["pocCount"], body["pocs"]) == (
        member_a.user_id,
        "Membro",
        True,
        0,
        [],
    )
    assert read(client, member_a, body).json() == body


def test_invalid_collections_are_422(client, member_a: Persona):
    for bad in (
        {"name": "x" * 101},
        {"name": "   "},
        {"name": "ok", "description": "x" * 1001},
        {"name": "ok", "visibility": "public"},
        {"description": "sem nome"},
    ):
        assert client.post(API, json=bad, headers=member_a.headers).status_code == 422, bad
    ok = new_collection(client, member_a)
    assert client.patch(f"{API}/{ok['id']}", json={"visibility": "todos"}, headers=member_a.headers).status_code == 422


def test_viewers_read_shared_collections_but_create_none(client, member_a: Persona, viewer_a: Persona):
    assert client.post(API, json={"name": "Minha"}, headers=viewer_a.headers).status_code == 403
    shared = new_collection(client, member_a, "Do time", "tenant", (new_poc(client, member_a, "Busca"),))
    res = read(client, viewer_a, shared)
    assert res.status_code == 200 and names(res.json()) == ["Busca"] and res.json()["canEdit"] is False
    assert client.patch(f"{API}/{shared['id']}", json={"name": "x"}, headers=viewer_a.headers).status_code == 403
    assert client.delete(f"{API}/{shared['id']}", headers=viewer_a.headers).status_code == 403


def test_private_collections_are_the_owners_alone(client, owner_a: Persona, member_a: Persona, viewer_a: Persona):
    mine = new_collection(client, member_a, "Rascunhos")
    poc = new_poc(client, owner_a, "Qualquer")
    for other in (owner_a, viewer_a):  # even the tenant owner cannot tell it exists
        res = read(client, other, mine)
        assert res.status_code == 404 and res.json()["error"]["code"] == "collection_not_found"
        assert client.patch(f"{API}/{mine['id']}", json={"name": "x"}, headers=other.headers).status_code == 404
        assert client.put(f"{API}/{mine['id']}/pocs/{poc['id']}", headers=other.headers).status_code == 404
        assert client.get(API, headers=other.headers).json()["totalCount"] == 0
    assert client.get(API, headers=member_a.headers).json()["totalCount"] == 1


def test_only_the_owner_or_an_admin_changes_a_shared_collection(
    client, owner_a: Persona, member_a: Persona, viewer_a: Persona
):
    from tests.personas import add_member

    colleague = add_member(client, owner_a, "colega", "member")
    shared = new_collection(client, member_a, "Do time", "tenant")
    res = client.patch(f"{API}/{shared['id']}", json={"name": "Meu agora"}, headers=colleague.headers)
    assert res.status_code == 403 and res.json()["error"]["code"] == "not_your_collection"
    res = client.patch(
        f"{API}/{shared['id']}", json={"name": "Revisada", "visibility": "private"}, headers=owner_a.headers
    )
    assert res.status_code == 200 and res.json()["name"] == "Revisada"
    assert read(client, colleague, shared).status_code == 404  # now private again
    assert read(client, member_a, shared).json()["canEdit"] is True


def test_pocs_are_kept_in_order(client, member_a: Persona):
    a, b, c, d = (new_poc(client, member_a, n) for n in "ABCD")
    coll = new_collection(client, member_a, pocs=(a, b, c))
    assert names(coll) == ["A", "B", "C"] and coll["pocCount"] == 3
    res = client.put(f"{API}/{coll['id']}/pocs/{d['id']}", json={"position": 1}, headers=member_a.headers)
    assert names(res.json()) == ["A", "D", "B", "C"]
    assert positions(coll) == [0, 1, 2, 3]


def test_adding_twice_is_idempotent_and_a_position_moves(client, member_a: Persona):
    a, b, c = (new_poc(client, member_a, n) for n in "ABC")
    coll = new_collection(client, member_a, pocs=(a, b, c))
    again = client.put(f"{API}/{coll['id']}/pocs/{a['id']}", headers=member_a.headers)
    assert again.status_code == 200 and names(again.json()) == ["A", "B", "C"]
    moved = client.put(f"{API}/{coll['id']}/pocs/{a['id']}", json={"position": 99}, headers=member_a.headers)
    assert names(moved.json()) == ["B", "C", "A"]
    moved = client.put(f"{API}/{coll['id']}/pocs/{c['id']}", json={"position": 0}, headers=member_a.headers)
    assert names(moved.json()) == ["C", "B", "A"]
    assert (
        client.put(f"{API}/{coll['id']}/pocs/{c['id']}", json={"position": -1}, headers=member_a.headers).status_code
        == 422
    )
    assert collection_events().count("collection.poc_added") == 3


def test_removing_repacks_positions(client, member_a: Persona):
    a, b, c = (new_poc(client, member_a, n) for n in "ABC")
    coll = new_collection(client, member_a, pocs=(a, b, c))
    assert client.delete(f"{API}/{coll['id']}/pocs/{b['id']}", headers=member_a.headers).status_code == 204
    assert client.delete(f"{API}/{coll['id']}/pocs/{b['id']}", headers=member_a.headers).status_code == 204
    assert names(read(client, member_a, coll).json()) == ["A", "C"]
    assert positions(coll) == [0, 1]
    assert client.get(f"/api/v1/pocs/{b['id']}", headers=member_a.headers).status_code == 200  # the POC stays


def test_reorder(client, member_a: Persona):
    a, b, c, d = (new_poc(client, member_a, n) for n in "ABCD")
    coll = new_collection(client, member_a, pocs=(a, b, c, d))
    url = f"{API}/{coll['id']}/order"
    res = client.put(url, json={"pocIds": [d["id"], b["id"], a["id"], c["id"]]}, headers=member_a.headers)
    assert res.status_code == 200 and names(res.json()) == ["D", "B", "A", "C"]
    res = client.put(url, json={"pocIds": [c["id"]]}, headers=member_a.headers)  # the rest keep their order
    assert names(res.json()) == ["C", "D", "B", "A"]
    assert positions(coll) == [0, 1, 2, 3]
    stranger = new_poc(client, member_a, "Fora")
    res = client.put(url, json={"pocIds": [stranger["id"]]}, headers=member_a.headers)
    assert res.status_code == 422 and res.json()["error"]["code"] == "not_in_collection"
    res = client.put(url, json={"pocIds": [a["id"], a["id"]]}, headers=member_a.headers)
    assert res.status_code == 422 and res.json()["error"]["code"] == "duplicate_ids"
    assert client.put(url, json={"pocIds": ["x"]}, headers=member_a.headers).status_code == 422


def test_pocs_in_the_bin_are_hidden_and_keep_their_slot(client, member_a: Persona):
    a, b, c = (new_poc(client, member_a, n) for n in "ABC")
    coll = new_collection(client, member_a, pocs=(a, b, c))
    client.delete(f"/api/v1/pocs/{b['id']}", headers=member_a.headers)
    body = read(client, member_a, coll).json()
    assert names(body) == ["A", "C"] and body["pocCount"] == 2
    assert client.get(API, headers=member_a.headers).json()["data"][0]["pocCount"] == 2
    assert client.put(f"{API}/{coll['id']}/pocs/{b['id']}", headers=member_a.headers).status_code == 404
    client.post(f"/api/v1/pocs/{b['id']}/restore", headers=member_a.headers)
    assert names(read(client, member_a, coll).json()) == ["A", "B", "C"]


def test_pocs_in_a_collection_show_my_stars(client, member_a: Persona):
    a, b = new_poc(client, member_a, "A"), new_poc(client, member_a, "B")
    coll = new_collection(client, member_a, pocs=(a, b))
    client.put(f"/api/v1/favorites/{b['id']}", headers=member_a.headers)
    assert [p["isFavorite"] for p in read(client, member_a, coll).json()["pocs"]] == [False, True]


def test_list_is_paged_and_newest_change_first(client, member_a: Persona, owner_a: Persona):
    for i in range(3):
        new_collection(client, member_a, f"Coleção {i}", "tenant")
    new_collection(client, owner_a, "Privada da dona")
    page = client.get(API, params={"limit": 2}, headers=member_a.headers).json()
    assert [c["name"] for c in page["data"]] == ["Coleção 2", "Coleção 1"]
    assert (page["totalCount"], page["hasMore"]) == (3, True)
    assert client.get(API, params={"limit": 2, "page": 2}, headers=member_a.headers).json()["hasMore"] is False


def test_delete_and_events(client, member_a: Persona):
    a, b = new_poc(client, member_a, "A"), new_poc(client, member_a, "B")
    coll = new_collection(client, member_a, pocs=(a, b))
    client.patch(f"{API}/{coll['id']}", json={"description": "nova"}, headers=member_a.headers)
    client.patch(f"{API}/{coll['id']}", json={"description": "nova"}, headers=member_a.headers)  # no change
    client.put(f"{API}/{coll['id']}/order", json={"pocIds": [b["id"]]}, headers=member_a.headers)
    client.delete(f"{API}/{coll['id']}/pocs/{a['id']}", headers=member_a.headers)
    assert client.delete(f"{API}/{coll['id']}", headers=member_a.headers).status_code == 204
    assert read(client, member_a, coll).status_code == 404
    assert client.get(f"/api/v1/pocs/{b['id']}", headers=member_a.headers).status_code == 200
    assert collection_events() == [
        "collection.created",
        "collection.poc_added",
        "collection.poc_added",
        "collection.updated",
        "collection.reordered",
        "collection.poc_removed",
        "collection.deleted",
    ]


def test_organising_writes_reach_the_audit_log(client, owner_a: Persona):
    from poc_tracker.services.outbox import deliver_tenant

    poc = new_poc(client, owner_a, "A", ["velha"])
    new_collection(client, owner_a, pocs=(poc,))
    client.put(f"/api/v1/favorites/{poc['id']}", headers=owner_a.headers)
    client.post("/api/v1/tags/rename", json={"from": "velha", "to": "nova"}, headers=owner_a.headers)
    deliver_tenant("audit", uuid.UUID(owner_a.tenant_id))  # what the worker does after each commit
    actions = {
        row["action"]
        for row in client.get("/api/v1/audit", params={"limit": 50}, headers=owner_a.headers).json()["data"]
    }
    assert {"collection.created", "collection.poc_added", "favorite.added", "tag.renamed", "poc.updated"} <= actions
