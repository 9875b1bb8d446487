"""The home dashboard counts my POCs, shows what I use most and what happened in my tenant only."""

from __future__ import annotations

import uuid

from poc_tracker.db import session_scope
from poc_tracker.services.dashboard import build_dashboard
from poc_tracker.services.outbox import deliver_tenant
from poc_tracker.services.users import actor_for
from tests.personas import Persona


def dashboard_of(persona: Persona):
    deliver_tenant("audit", uuid.UUID(persona.tenant_id))
    with session_scope(tenant_id=uuid.UUID(persona.tenant_id)) as session:
        actor = actor_for(session, user_id=uuid.UUID(persona.user_id), tenant_id=uuid.UUID(persona.tenant_id))
        return build_dashboard(session, actor=actor)


def test_dashboard_counts_and_tops(client, member_a: Persona, owner_a: Persona, owner_b: Persona):
    for name, lang, tags in [("A", "python", ["api", "ml"]), ("B", "python", ["api"]), ("C", "go", ["api"])]:
        client.post("/api/v1/pocs", json={"name": name, "language": lang, "tags": tags}, headers=member_a.headers)
    client.post("/api/v1/pocs", json={"name": "Da dona", "language": "rust"}, headers=owner_a.headers)
    client.post("/api/v1/pocs", json={"name": "Segredo", "language": "java"}, headers=owner_b.headers)
    d = dashboard_of(member_a)
    assert d.my_pocs == 3 and d.my_pocs_this_month == 3 and d.tenant_pocs == 4
    assert d.languages == [("Python", 2), ("Go", 1)]
    assert d.tags[0] == ("api", 3)
    assert [p.name for p in d.recent_pocs] == ["C", "B", "A"]
    names = {a.target_name for a in d.activity}
    assert "Da dona" in names and "Segredo" not in names


def test_new_user_dashboard_is_empty(client, owner_a: Persona):
    d = dashboard_of(owner_a)
    assert d.my_pocs == 0 and d.recent_pocs == [] and d.languages == []


def test_activity_sentences_name_the_poc_and_link_only_what_still_exists(client, member_a: Persona, owner_a: Persona):
    from tests.files_support import upload

    poc = client.post("/api/v1/pocs", json={"name": "Cache", "language": "go"}, headers=member_a.headers).json()["id"]
    client.patch(f"/api/v1/pocs/{poc}", json={"description": "nova"}, headers=member_a.headers)
    upload(client, member_a, poc, [("main.go", b"package main")])
    gone = client.post("/api/v1/pocs", json={"name": "Lixo", "language": "go"}, headers=member_a.headers).json()["id"]
    client.patch(f"/api/v1/pocs/{gone}", json={"description": "x"}, headers=member_a.headers)
    client.delete(f"/api/v1/pocs/{gone}", headers=member_a.headers)
    by_action = {}
    for a in dashboard_of(owner_a).activity:
        by_action.setdefault((a.target_id, a.action), a)
    for action in ("poc.created", "poc.updated", "poc.files_changed"):  # an edit's event carries no name
        line = by_action[(poc, action)]
        assert (line.actor_name, line.target_name, line.linked) == ("Membro", "Cache", True), line
    assert by_action[(gone, "poc.updated")].target_name == "Lixo" and not by_action[(gone, "poc.updated")].linked
    joined = by_action[(member_a.user_id, "user.registered")]
    assert (joined.actor_name, joined.target_name, joined.linked) == ("Membro", "", False)


def test_a_newcomer_without_pocs_sees_the_teams_recent_ones(client, member_a: Persona, owner_a: Persona):
    client.post("/api/v1/pocs", json={"name": "Da dona", "language": "rust"}, headers=owner_a.headers)
    d = dashboard_of(member_a)
    assert d.recent_pocs == [] and [p.name for p in d.team_recent] == ["Da dona"]
    assert dashboard_of(owner_a).team_recent == []  # she has her own


def test_every_member_reads_the_team_directory(client, owner_a: Persona, viewer_a: Persona, owner_b: Persona):
    from poc_tracker.services.directory import team_directory

    with session_scope(tenant_id=uuid.UUID(viewer_a.tenant_id)) as session:
        actor = actor_for(session, user_id=uuid.UUID(viewer_a.user_id), tenant_id=uuid.UUID(viewer_a.tenant_id))
        names = [u.name for u in team_directory(session, actor=actor)]
    assert names == ["Dona alfa", "Leitora"]  # not the other tenant's owner
