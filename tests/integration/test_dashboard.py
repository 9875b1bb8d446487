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
