"""Favourites: idempotent stars, my starred POCs newest first, isFavorite in every POC response."""

from __future__ import annotations

from sqlalchemy import event
from sqlmodel import select

from poc_tracker.db import get_engine, new_system_session
from poc_tracker.models import DomainEvent
from tests.factories import new_poc
from tests.personas import Persona


def star(client, persona: Persona, poc: dict) -> int:
    return client.put(f"/api/v1/favorites/{poc['id']}", headers=persona.headers).status_code


def starred(client, persona: Persona, **params) -> dict:
    res = client.get("/api/v1/favorites", params=params, headers=persona.headers)
    assert res.status_code == 200, res.text
    return res.json()


def event_kinds() -> list[str]:
    with new_system_session(reason="test") as session:
        return list(session.exec(select(DomainEvent.kind).where(DomainEvent.kind.like("favorite.%"))).all())


def test_starring_is_idempotent(client, owner_a: Persona):
    poc = new_poc(client, owner_a, "Cache distribuído")
    assert star(client, owner_a, poc) == 204
    assert star(client, owner_a, poc) == 204
    body = starred(client, owner_a)
    assert [p["id"] for p in body["data"]] == [poc["id"]] and body["totalCount"] == 1
    assert event_kinds() == ["favorite.added"]  # the repeat wrote nothing


def test_unstarring_is_idempotent(client, owner_a: Persona):
    poc = new_poc(client, owner_a, "Fila")
    star(client, owner_a, poc)
    assert client.delete(f"/api/v1/favorites/{poc['id']}", headers=owner_a.headers).status_code == 204
    assert client.delete(f"/api/v1/favorites/{poc['id']}", headers=owner_a.headers).status_code == 204
    assert starred(client, owner_a)["data"] == []
    assert event_kinds() == ["favorite.added", "favorite.removed"]


def test_newest_star_first_and_paged(client, owner_a: Persona):
    pocs = [new_poc(client, owner_a, f"POC {i}") for i in range(5)]
    for poc in (pocs[2], pocs[0], pocs[4], pocs[1]):
        star(client, owner_a, poc)
    first = starred(client, owner_a, limit=3)
    assert [p["name"] for p in first["data"]] == ["POC 1", "POC 4", "POC 0"]
    assert (first["totalCount"], first["page"], first["limit"], first["hasMore"]) == (4, 1, 3, True)
    second = starred(client, owner_a, limit=3, page=2)
    assert [p["name"] for p in second["data"]] == ["POC 2"] and second["hasMore"] is False
    assert all(p["isFavorite"] for p in first["data"] + second["data"])


def test_stars_are_personal_and_viewers_may_star(client, owner_a: Persona, member_a: Persona, viewer_a: Persona):
    poc = new_poc(client, member_a, "Compartilhada")
    assert star(client, viewer_a, poc) == 204
    assert starred(client, owner_a)["totalCount"] == 0
    assert client.get(f"/api/v1/pocs/{poc['id']}", headers=viewer_a.headers).json()["isFavorite"] is True
    assert client.get(f"/api/v1/pocs/{poc['id']}", headers=owner_a.headers).json()["isFavorite"] is False


def test_is_favorite_in_poc_responses(client, owner_a: Persona):
    liked, other = new_poc(client, owner_a, "Curtida"), new_poc(client, owner_a, "Outra")
    star(client, owner_a, liked)
    page = client.get("/api/v1/pocs", headers=owner_a.headers).json()["data"]
    assert {p["name"]: p["isFavorite"] for p in page} == {"Curtida": True, "Outra": False}
    res = client.patch(f"/api/v1/pocs/{liked['id']}", json={"description": "nova"}, headers=owner_a.headers)
    assert res.json()["isFavorite"] is True
    assert client.get(f"/api/v1/pocs/{other['id']}", headers=owner_a.headers).json()["isFavorite"] is False


def count_queries(client, persona: Persona, url: str) -> int:
    statements: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    event.listen(get_engine(), "before_cursor_execute", record)
    try:
        assert client.get(url, headers=persona.headers).status_code == 200
    finally:
        event.remove(get_engine(), "before_cursor_execute", record)
    return len(statements)


def test_stars_of_a_page_cost_one_query_whatever_its_size(client, owner_a: Persona):
    for i in range(6):
        star(client, owner_a, new_poc(client, owner_a, f"POC {i}"))
    small, large = (count_queries(client, owner_a, f"/api/v1/pocs?limit={n}") for n in (1, 6))
    assert small == large
    assert count_queries(client, owner_a, "/api/v1/favorites?limit=1") == count_queries(
        client, owner_a, "/api/v1/favorites?limit=6"
    )


def test_deleted_pocs_are_hidden_and_come_back_on_restore(client, owner_a: Persona):
    poc = new_poc(client, owner_a, "Lixeira")
    star(client, owner_a, poc)
    client.delete(f"/api/v1/pocs/{poc['id']}", headers=owner_a.headers)
    assert starred(client, owner_a)["totalCount"] == 0
    assert star(client, owner_a, poc) == 404
    client.post(f"/api/v1/pocs/{poc['id']}/restore", headers=owner_a.headers)
    assert [p["id"] for p in starred(client, owner_a)["data"]] == [poc["id"]]


def test_unknown_pocs_are_not_found(client, owner_a: Persona):
    missing = "00000000-0000-0000-0000-000000000001"
    assert (
        client.put(f"/api/v1/favorites/{missing}", headers=owner_a.headers).json()["error"]["code"] == "poc_not_found"
    )
    assert client.put("/api/v1/favorites/nao-e-uuid", headers=owner_a.headers).status_code == 422
    assert client.get("/api/v1/favorites", params={"limit": 101}, headers=owner_a.headers).status_code == 422
    assert client.get("/api/v1/favorites").status_code == 401
