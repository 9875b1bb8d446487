"""Tags: counts over live POCs, typo-tolerant autocomplete, rename and merge by admins."""

from __future__ import annotations

import uuid

from sqlmodel import col, select

from poc_tracker.db import new_system_session
from poc_tracker.models import DomainEvent, PocTag, PocVersion
from tests.factories import new_poc, promote
from tests.personas import Persona


def tags_of(client, persona: Persona, **params) -> list[tuple[str, int]]:
    res = client.get("/api/v1/tags", params=params, headers=persona.headers)
    assert res.status_code == 200, res.text
    return [(t["tag"], t["count"]) for t in res.json()["data"]]


def poc_tag_rows(poc_id: str) -> list[str]:
    with new_system_session(reason="test") as session:
        return sorted(session.exec(select(PocTag.tag).where(PocTag.poc_id == uuid.UUID(poc_id))).all())


def test_counts_cover_only_live_pocs(client, owner_a: Persona, viewer_a: Persona):
    new_poc(client, owner_a, "Login social", ["Autenticação", "oauth"])
    new_poc(client, owner_a, "Senha forte", ["autenticação"])
    gone = new_poc(client, owner_a, "Antiga", ["autenticação", "legado"])
    client.delete(f"/api/v1/pocs/{gone['id']}", headers=owner_a.headers)
    assert tags_of(client, viewer_a) == [("autenticação", 2), ("oauth", 1)]
    body = client.get("/api/v1/tags", headers=owner_a.headers).json()
    assert body["totalCount"] == 2 and body["limit"] == 100


def test_autocomplete_ignores_accents_and_case(client, owner_a: Persona):
    new_poc(client, owner_a, "A", ["autenticação", "autorização"])
    new_poc(client, owner_a, "B", ["autorização", "automação"])
    assert tags_of(client, owner_a, prefix="AUTENTICACAO") == [("autenticação", 1)]
    assert tags_of(client, owner_a, prefix="autenticacao") == [("autenticação", 1)]
    assert tags_of(client, owner_a, prefix="Autoriza") == [("autorização", 2)]


def test_autocomplete_forgives_one_typo_and_ranks_exact_prefixes_first(client, owner_a: Persona):
    new_poc(client, owner_a, "A", ["autenticação", "automação"])
    new_poc(client, owner_a, "B", ["autenticação", "autorização"])
    new_poc(client, owner_a, "C", ["autenticação"])
    res = client.get("/api/v1/tags", params={"prefix": "auto"}, headers=owner_a.headers).json()
    assert [(t["tag"], t["typos"]) for t in res["data"]] == [("automação", 0), ("autorização", 0), ("autenticação", 1)]
    assert tags_of(client, owner_a, prefix="autneticacao") == [("autenticação", 3)]  # transposition
    assert tags_of(client, owner_a, prefix="autenticaao") == [("autenticação", 3)]  # deletion
    assert tags_of(client, owner_a, prefix="autentixa") == [("autenticação", 3)]  # substitution
    assert tags_of(client, owner_a, prefix="auttentica") == [("autenticação", 3)]  # insertion


def test_two_typos_are_not_matched(client, owner_a: Persona):
    new_poc(client, owner_a, "A", ["autenticação"])
    assert tags_of(client, owner_a, prefix="atnetixacao") == []
    assert tags_of(client, owner_a, prefix="axtenticaxao") == []


def test_autocomplete_limit(client, owner_a: Persona):
    new_poc(client, owner_a, "A", [f"tag-{i}" for i in range(10)])
    new_poc(client, owner_a, "B", ["tag-extra"])
    res = client.get("/api/v1/tags", params={"prefix": "tag", "limit": 3}, headers=owner_a.headers).json()
    assert len(res["data"]) == 3 and res["totalCount"] == 11
    assert client.get("/api/v1/tags", params={"limit": 0}, headers=owner_a.headers).status_code == 422


def test_rename_updates_rows_json_versions_and_events(client, owner_a: Persona, member_a: Persona):
    poc = new_poc(client, member_a, "Login", ["autenticacao", "oauth"])
    other = new_poc(client, member_a, "Outra", ["oauth"])
    res = client.post(
        "/api/v1/tags/rename", json={"from": "autenticacao", "to": "Autenticação"}, headers=owner_a.headers
    )
    assert res.status_code == 200, res.text
    assert res.json() == {"tag": "autenticação", "sources": ["autenticacao"], "affectedPocs": 1}
    after = client.get(f"/api/v1/pocs/{poc['id']}", headers=member_a.headers).json()
    assert after["tags"] == ["autenticação", "oauth"]
    assert after["currentVersion"] == poc["currentVersion"] + 1
    assert poc_tag_rows(poc["id"]) == ["autenticação", "oauth"]
    assert client.get(f"/api/v1/pocs/{other['id']}", headers=member_a.headers).json()["currentVersion"] == 1
    assert tags_of(client, owner_a) == [("oauth", 2), ("autenticação", 1)]
    with new_system_session(reason="test") as session:
        message = session.exec(select(PocVersion.message).where(PocVersion.number == 2)).one()
        kinds = session.exec(select(DomainEvent.kind).order_by(col(DomainEvent.created_at))).all()
    assert message == "Tag “autenticacao” renomeada para “autenticação”"
    assert kinds[-2:] == ["poc.updated", "tag.renamed"]


def test_merge_deduplicates_and_keeps_order(client, owner_a: Persona):
    both = new_poc(client, owner_a, "Ambas", ["js", "web", "javascript"])
    one = new_poc(client, owner_a, "Uma", ["ecmascript"])
    untouched = new_poc(client, owner_a, "Nenhuma", ["python"])
    client.patch("/api/v1/users/profile", json={"locale": "en"}, headers=owner_a.headers)
    res = client.post(
        "/api/v1/tags/merge",
        json={"sources": ["js", "ecmascript", "javascript"], "target": "javascript"},
        headers=owner_a.headers,
    )
    assert res.status_code == 200, res.text
    assert res.json() == {"tag": "javascript", "sources": ["js", "ecmascript"], "affectedPocs": 2}
    assert client.get(f"/api/v1/pocs/{both['id']}", headers=owner_a.headers).json()["tags"] == ["javascript", "web"]
    assert poc_tag_rows(both["id"]) == ["javascript", "web"]
    assert client.get(f"/api/v1/pocs/{one['id']}", headers=owner_a.headers).json()["tags"] == ["javascript"]
    assert client.get(f"/api/v1/pocs/{untouched['id']}", headers=owner_a.headers).json()["currentVersion"] == 1
    assert tags_of(client, owner_a) == [("javascript", 2), ("python", 1), ("web", 1)]
    with new_system_session(reason="test") as session:
        messages = set(session.exec(select(PocVersion.message).where(PocVersion.number == 2)).all())
        merged = session.exec(select(DomainEvent).where(DomainEvent.kind == "tag.merged")).one()
    assert messages == {"Tags “js”, “ecmascript” merged into “javascript”"}  # in the author's language
    assert merged.payload["sources"] == ["js", "ecmascript"] and merged.payload["pocs"] == 2


def test_renaming_onto_an_existing_tag_merges(client, owner_a: Persona):
    poc = new_poc(client, owner_a, "A", ["k8s", "kubernetes"])
    res = client.post("/api/v1/tags/rename", json={"from": "k8s", "to": "kubernetes"}, headers=owner_a.headers)
    assert res.status_code == 200
    assert client.get(f"/api/v1/pocs/{poc['id']}", headers=owner_a.headers).json()["tags"] == ["kubernetes"]


def test_rename_and_merge_reach_pocs_in_the_bin(client, owner_a: Persona):
    poc = new_poc(client, owner_a, "A", ["velha"])
    client.delete(f"/api/v1/pocs/{poc['id']}", headers=owner_a.headers)
    assert (
        client.post("/api/v1/tags/rename", json={"from": "velha", "to": "nova"}, headers=owner_a.headers).status_code
        == 200
    )
    restored = client.post(f"/api/v1/pocs/{poc['id']}/restore", headers=owner_a.headers).json()
    assert restored["tags"] == ["nova"]


def test_only_admins_and_owners_rename_or_merge(client, owner_a: Persona, member_a: Persona, viewer_a: Persona):
    new_poc(client, member_a, "A", ["a1", "a2"])
    for persona in (member_a, viewer_a):
        assert (
            client.post("/api/v1/tags/rename", json={"from": "a1", "to": "b"}, headers=persona.headers).status_code
            == 403
        )
        assert (
            client.post(
                "/api/v1/tags/merge", json={"sources": ["a1"], "target": "a2"}, headers=persona.headers
            ).status_code
            == 403
        )
    admin = promote(client, owner_a, member_a, "admin")
    assert (
        client.post("/api/v1/tags/merge", json={"sources": ["a1"], "target": "a2"}, headers=admin.headers).status_code
        == 200
    )
    assert tags_of(client, owner_a) == [("a2", 1)]


def test_bad_rename_and_merge_requests(client, owner_a: Persona):
    new_poc(client, owner_a, "A", ["a"])
    post = lambda path, body: client.post(f"/api/v1/tags/{path}", json=body, headers=owner_a.headers)  # noqa: E731
    assert post("rename", {"from": "nao-existe", "to": "b"}).json()["error"]["code"] == "tag_not_found"
    assert post("rename", {"from": "a", "to": " A "}).json()["error"]["code"] == "same_tag"
    assert post("rename", {"from": "a", "to": "   "}).status_code == 422
    assert post("rename", {"from": "a", "to": "x" * 51}).status_code == 422
    assert post("merge", {"sources": ["a"], "target": "a"}).json()["error"]["code"] == "same_tag"
    assert post("merge", {"sources": [], "target": "a"}).status_code == 422
    assert post("merge", {"sources": ["zz"], "target": "a"}).status_code == 404
    assert post("rename", {"from": "a"}).status_code == 422
