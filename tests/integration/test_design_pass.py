"""The design pass's server side: collection names, the POC menu's collections, sign-up problems all at once."""

from __future__ import annotations

import uuid

import pytest

from poc_tracker.db import session_scope, system_session
from poc_tracker.errors import Conflict, NotFound
from poc_tracker.services import collection_items, tenants
from poc_tracker.services.users import actor_for
from tests.factories import new_collection, new_poc
from tests.personas import Persona

API = "/api/v1/collections"


def as_actor(persona: Persona, work):
    with session_scope(tenant_id=uuid.UUID(persona.tenant_id)) as session:
        actor = actor_for(session, user_id=uuid.UUID(persona.user_id), tenant_id=uuid.UUID(persona.tenant_id))
        return work(session, actor)


def test_a_second_collection_with_the_same_name_is_refused_with_a_message(client, member_a: Persona):
    first = new_collection(client, member_a, "Estudos de cache")
    res = client.post(API, json={"name": "  estudos DE cache "}, headers=member_a.headers)
    assert res.status_code == 409, res.text
    assert res.json()["error"]["message"] == "Já existe uma coleção chamada estudos DE cache."
    assert res.json()["error"]["details"]["field"] == "name"
    other = new_collection(client, member_a, "Pagamentos")
    renamed = client.patch(f"{API}/{other['id']}", json={"name": "Estudos de Cache"}, headers=member_a.headers)
    assert renamed.status_code == 409
    own = client.patch(f"{API}/{first['id']}", json={"name": "Estudos de Cache"}, headers=member_a.headers)
    assert own.status_code == 200 and own.json()["name"] == "Estudos de Cache"  # its own name, another case


def test_names_only_clash_with_collections_one_can_see(client, member_a: Persona, owner_a: Persona, owner_b: Persona):
    new_collection(client, owner_a, "Privada da dona")  # private: the member does not see it
    new_collection(client, owner_b, "Do outro tenant")
    for name in ("Privada da dona", "Do outro tenant"):
        assert client.post(API, json={"name": name}, headers=member_a.headers).status_code == 201


def test_new_collection_from_a_poc_holds_it_and_the_menu_marks_it(client, member_a: Persona, owner_b: Persona):
    poc = new_poc(client, member_a, "Cache de sessões")
    poc_id = uuid.UUID(poc["id"])
    made = as_actor(
        member_a, lambda s, a: collection_items.create_with_poc(s, actor=a, name="Para o Dojo", poc_id=poc_id)
    )
    other = new_collection(client, member_a, "Outra")
    held = as_actor(member_a, lambda s, a: collection_items.collections_holding(s, actor=a, poc_id=poc_id))
    assert held == {made.id} and uuid.UUID(other["id"]) not in held
    body = client.get(f"{API}/{made.id}", headers=member_a.headers).json()
    assert [p["name"] for p in body["pocs"]] == ["Cache de sessões"]
    with pytest.raises(Conflict):
        as_actor(member_a, lambda s, a: collection_items.create_with_poc(s, actor=a, name="para o dojo", poc_id=poc_id))
    foreign = uuid.UUID(new_poc(client, owner_b, "Segredo")["id"])
    with pytest.raises(NotFound):  # another tenant's POC makes no collection
        as_actor(member_a, lambda s, a: collection_items.create_with_poc(s, actor=a, name="X", poc_id=foreign))
    assert as_actor(member_a, lambda s, a: collection_items.collections_holding(s, actor=a, poc_id=foreign)) == set()


def test_sign_up_problems_name_every_field_at_once(client, owner_a: Persona):
    with system_session(reason="test") as session:
        problems = tenants.sign_up_problems(
            session, name="", subdomain="A!", owner_name="", owner_email="nao-e-email", owner_password="123"
        )
        fields = [p.details["field"] for p in problems]
        assert fields == ["name", "subdomain", "ownerName", "email", "ownerPassword"]
        taken = tenants.sign_up_problems(
            session,
            name="Outra",
            subdomain="alfa",  # owner_a's tenant
            owner_name="Outra Pessoa",
            owner_email=owner_a.email,
            owner_password="uma-senha-bem-forte-9",
        )
        assert sorted(p.code for p in taken) == ["conflict", "conflict"]
        assert {p.details["field"] for p in taken} == {"subdomain", "ownerEmail"}
