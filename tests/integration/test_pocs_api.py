"""POCs over HTTP: register, validate, edit with versions, list with filters, delete and restore, roles, quota."""

from __future__ import annotations

import pytest

from tests.personas import Persona

POC = {
    "name": "Fila com Redis Streams",
    "language": "py",
    "tags": [" Redis ", "redis", "Mensageria"],
    "description": "Testar **Redis Streams** como fila.",
    "hypothesis": "Redis aguenta 10k msg/s",
    "successCriteria": "p95 < 20 ms",
    "status": "in_progress",
}


def create(client, persona: Persona, **overrides) -> dict:
    res = client.post("/api/v1/pocs", json={**POC, **overrides}, headers=persona.headers)
    assert res.status_code == 201, res.text
    return res.json()


def test_member_registers_a_poc_with_normalised_fields(client, member_a: Persona):
    poc = create(client, member_a)
    assert poc["language"] == "Python"
    assert poc["tags"] == ["redis", "mensageria"]
    assert poc["decision"] == "pending" and poc["status"] == "in_progress"
    assert poc["currentVersion"] == 1 and poc["canEdit"] is True
    assert poc["ownerId"] == member_a.user_id and poc["ownerName"] == "Membro"
    again = client.get(f"/api/v1/pocs/{poc['id']}", headers=member_a.headers).json()
    assert again["hypothesis"] == "Redis aguenta 10k msg/s"


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"name": "x" * 101}, "invalid"),
        ({"name": "   "}, "required"),
        ({"description": "x" * 2001}, "invalid"),
        ({"language": "cobol"}, "unknown_language"),
        ({"tags": [f"t{i}" for i in range(11)]}, "too_many_tags"),
        ({"tags": ["x" * 51]}, "tag_too_long"),
        ({"status": "feito"}, "invalid"),
        ({"decision": "talvez"}, "invalid"),
        ({"repositoryUrl": "javascript:alert(1)"}, "invalid_url"),
    ],
)
def test_bad_fields_are_422_and_nothing_is_written(client, member_a: Persona, change, code):
    res = client.post("/api/v1/pocs", json={**POC, **change}, headers=member_a.headers)
    assert res.status_code == 422, res.text
    assert res.json()["error"]["code"] == code
    assert client.get("/api/v1/pocs", headers=member_a.headers).json()["totalCount"] == 0


def test_accents_kept_and_aliases_resolved(client, member_a: Persona):
    poc = create(client, member_a, language="TS", tags=["Autenticação", "AUTENTICAÇÃO", "  oauth  2 "])
    assert poc["language"] == "TypeScript"
    assert poc["tags"] == ["autenticação", "oauth 2"]


def test_edits_make_versions_and_no_op_edits_do_not(client, member_a: Persona):
    poc = create(client, member_a)
    url = f"/api/v1/pocs/{poc['id']}"
    first = client.patch(
        url, json={"status": "done", "decision": "go", "result": "Aguentou 12k msg/s"}, headers=member_a.headers
    ).json()
    assert first["currentVersion"] == 2
    same = client.patch(url, json={"status": "done"}, headers=member_a.headers).json()
    assert same["currentVersion"] == 2
    second = client.patch(
        url, json={"learnings": "Consumer groups resolvem", "message": "Aprendizados"}, headers=member_a.headers
    ).json()
    assert second["currentVersion"] == 3


def test_list_pages_sorts_and_filters(client, member_a: Persona, owner_a: Persona):
    create(client, member_a, name="Alpha", language="go", tags=["api"])
    create(client, member_a, name="beta", language="python", tags=["api", "ml"], status="done")
    create(client, owner_a, name="Gama", language="python", tags=["ml"])
    h = member_a.headers
    page = client.get("/api/v1/pocs?limit=2&sort=name", headers=h).json()
    assert [p["name"] for p in page["data"]] == ["Alpha", "beta"]
    assert page["totalCount"] == 3 and page["hasMore"] is True
    second = client.get("/api/v1/pocs?limit=2&page=2&sort=name", headers=h).json()
    assert [p["name"] for p in second["data"]] == ["Gama"]
    assert client.get("/api/v1/pocs?language=py", headers=h).json()["totalCount"] == 2
    assert client.get("/api/v1/pocs?tag=ML", headers=h).json()["totalCount"] == 2
    assert client.get("/api/v1/pocs?owner=me", headers=h).json()["totalCount"] == 2
    assert client.get(f"/api/v1/pocs?owner={owner_a.user_id}", headers=h).json()["totalCount"] == 1
    assert client.get("/api/v1/pocs?status=done", headers=h).json()["totalCount"] == 1
    assert client.get("/api/v1/pocs?sort=bogus", headers=h).status_code == 422
    assert client.get("/api/v1/pocs?limit=101", headers=h).status_code == 422
    assert client.get("/api/v1/pocs?owner=ninguem", headers=h).status_code == 422


def test_delete_is_soft_and_restorable(client, member_a: Persona):
    poc = create(client, member_a)
    url = f"/api/v1/pocs/{poc['id']}"
    assert client.delete(url, headers=member_a.headers).status_code == 204
    assert client.get(url, headers=member_a.headers).status_code == 404
    assert client.get("/api/v1/pocs", headers=member_a.headers).json()["totalCount"] == 0
    binned = client.get("/api/v1/pocs?deleted=true", headers=member_a.headers).json()
    assert [p["id"] for p in binned["data"]] == [poc["id"]]
    restored = client.post(f"{url}/restore", headers=member_a.headers)
    assert restored.status_code == 200 and restored.json()["deletedAt"] is None
    assert client.get(url, headers=member_a.headers).status_code == 200


def test_roles_viewer_reads_member_edits_own_admin_all(client, owner_a: Persona, member_a: Persona, viewer_a: Persona):
    mine = create(client, member_a)
    owners = create(client, owner_a, name="Da dona")
    assert client.post("/api/v1/pocs", json=POC, headers=viewer_a.headers).status_code == 403
    assert client.get(f"/api/v1/pocs/{mine['id']}", headers=viewer_a.headers).json()["canEdit"] is False
    assert client.patch(f"/api/v1/pocs/{mine['id']}", json={"name": "x"}, headers=viewer_a.headers).status_code == 403
    res = client.patch(f"/api/v1/pocs/{owners['id']}", json={"name": "x"}, headers=member_a.headers)
    assert res.status_code == 403 and res.json()["error"]["code"] == "not_your_poc"
    assert client.delete(f"/api/v1/pocs/{owners['id']}", headers=member_a.headers).status_code == 403
    assert (
        client.patch(
            f"/api/v1/pocs/{mine['id']}", json={"name": "Editada pela dona"}, headers=owner_a.headers
        ).status_code
        == 200
    )


def test_poc_quota_says_which_limit(client, owner_a: Persona, monkeypatch):
    from poc_tracker.settings import get_settings

    limits = {**get_settings().plan_limits, "basic": {"pocs": 2, "storage_bytes": 1 << 20, "file_bytes": 1 << 10}}
    monkeypatch.setattr(get_settings(), "plan_limits", limits)
    create(client, owner_a)
    create(client, owner_a)
    res = client.post("/api/v1/pocs", json=POC, headers=owner_a.headers)
    assert res.status_code == 413
    err = res.json()["error"]
    assert err["code"] == "quota_exceeded" and err["details"]["limit"] == "pocs"
    assert client.get("/api/v1/pocs", headers=owner_a.headers).json()["totalCount"] == 2
    usage = client.get("/api/v1/pocs/usage", headers=owner_a.headers).json()
    assert usage["pocs"] == 2 and usage["maxPocs"] == 2


def test_languages_are_listed_with_aliases(client, member_a: Persona):
    listed = client.get("/api/v1/pocs/languages", headers=member_a.headers).json()
    langs = {lang["name"]: lang["aliases"] for lang in listed}
    assert "py" in langs["Python"] and "ts" in langs["TypeScript"]


def test_writes_reach_the_outbox(client, member_a: Persona):
    from sqlmodel import select

    from poc_tracker.db import new_system_session
    from poc_tracker.models import DomainEvent

    poc = create(client, member_a)
    client.patch(f"/api/v1/pocs/{poc['id']}", json={"name": "Nova"}, headers=member_a.headers)
    client.delete(f"/api/v1/pocs/{poc['id']}", headers=member_a.headers)
    with new_system_session(reason="test") as session:
        kinds = [e.kind for e in session.exec(select(DomainEvent).where(DomainEvent.target_id == poc["id"]))]
    assert sorted(kinds) == ["poc.created", "poc.deleted", "poc.updated"]


def test_text_filter_treats_wildcards_literally(client, member_a: Persona):
    create(client, member_a, name="Cobertura de 100% dos testes")
    create(client, member_a, name="Outra_coisa")
    create(client, member_a, name="Sem nada")
    h = member_a.headers
    assert [p["name"] for p in client.get("/api/v1/pocs", params={"q": "%"}, headers=h).json()["data"]] == [
        "Cobertura de 100% dos testes"
    ]
    assert [p["name"] for p in client.get("/api/v1/pocs", params={"q": "_"}, headers=h).json()["data"]] == [
        "Outra_coisa"
    ]
    assert client.get("/api/v1/pocs", params={"q": "COBERTURA"}, headers=h).json()["totalCount"] == 1
