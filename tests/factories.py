"""Records built through the real API for tests: POCs and collections."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.personas import Persona


def new_poc(client: TestClient, persona: Persona, name: str, tags: list[str] | tuple[str, ...] = ()) -> dict:
    """A POC in the persona's tenant."""
    res = client.post(
        "/api/v1/pocs", json={"name": name, "language": "python", "tags": list(tags)}, headers=persona.headers
    )
    assert res.status_code == 201, res.text
    return res.json()


def new_collection(
    client: TestClient,
    persona: Persona,
    name: str = "Favoritas do time",
    visibility: str = "private",
    pocs: tuple[dict, ...] = (),
) -> dict:
    """A collection in the persona's tenant, holding some POCs in order."""
    res = client.post("/api/v1/collections", json={"name": name, "visibility": visibility}, headers=persona.headers)
    assert res.status_code == 201, res.text
    collection = res.json()
    for poc in pocs:
        added = client.put(f"/api/v1/collections/{collection['id']}/pocs/{poc['id']}", headers=persona.headers)
        assert added.status_code == 200, added.text
        collection = added.json()
    return collection


def promote(client: TestClient, owner: Persona, persona: Persona, role: str) -> Persona:
    """Change a persona's role (live tokens follow at once)."""
    res = client.patch(f"/api/v1/users/{persona.user_id}", json={"role": role}, headers=owner.headers)
    assert res.status_code == 200, res.text
    return persona
