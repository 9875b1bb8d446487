"""The outbox: a write queues its events for every consumer in its own transaction; delivery is idempotent."""

from __future__ import annotations

import uuid

import pytest
from sqlmodel import col, select

from poc_tracker.db import session_scope, system_session
from poc_tracker.models import AuditLog, DomainEvent, OutboxPending
from poc_tracker.services import events
from poc_tracker.services.outbox import deliver, pending_counts
from poc_tracker.services.pocs import create_poc
from poc_tracker.services.users import actor_for
from tests.personas import Persona


def queued(kind: str) -> set[str]:
    """The consumers an event of this kind is still waiting for."""
    with system_session(reason="test") as session:
        query = select(OutboxPending.consumer).join(DomainEvent, col(DomainEvent.id) == OutboxPending.event_id)
        rows = session.exec(query.where(DomainEvent.kind == kind)).all()
        return set(rows)


@pytest.fixture
def nudges(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The consumers nudged after each commit (recorded instead of sent: no worker here)."""
    sent: list[str] = []
    monkeypatch.setattr(events, "nudge", lambda consumer, _tenant_id: sent.append(consumer))
    return sent


def test_an_api_write_queues_its_event_for_audit_and_search_and_nudges_both(client, owner_a: Persona, nudges):
    res = client.post("/api/v1/pocs", json={"name": "Fila", "language": "python"}, headers=owner_a.headers)
    assert res.status_code == 201
    assert queued("poc.created") == {"audit", "search"}
    assert nudges == ["audit", "search"]  # once each per commit, after it


def test_a_rolled_back_write_queues_nothing_and_nudges_nobody(client, owner_a: Persona, nudges):
    tenant, user = uuid.UUID(owner_a.tenant_id), uuid.UUID(owner_a.user_id)
    with pytest.raises(RuntimeError), session_scope(tenant_id=tenant) as session:
        actor = actor_for(session, user_id=user, tenant_id=tenant)
        create_poc(session, actor=actor, data={"name": "Desfeita", "language": "go"})
        session.flush()
        raise RuntimeError("the request failed after the write")
    assert queued("poc.created") == set() and nudges == []


def test_delivering_twice_writes_one_audit_row_per_event(client, owner_a: Persona):
    tenant = uuid.UUID(owner_a.tenant_id)
    with session_scope(tenant_id=tenant) as session:
        first = list(session.exec(select(OutboxPending).where(OutboxPending.consumer == "audit")).all())
        assert deliver(session, "audit", tenant_id=tenant) == len(first) > 0
    with session_scope(tenant_id=tenant) as session:  # a nudge and the sweep raced: the same events again
        for row in first:
            session.add(OutboxPending(consumer="audit", event_id=row.event_id, tenant_id=row.tenant_id))
    with session_scope(tenant_id=tenant) as session:
        assert deliver(session, "audit", tenant_id=tenant) == len(first)
        assert pending_counts(session).get("audit") is None
        assert len(session.exec(select(AuditLog)).all()) == len(first)


def test_the_sweep_delivers_to_the_others_while_one_consumer_is_down(client, owner_a: Persona, monkeypatch):
    from poc_tracker.search import backend_for
    from poc_tracker.settings import get_settings
    from tasks.events import sweep

    assert (
        client.post("/api/v1/pocs", json={"name": "Sem índice", "language": "go"}, headers=owner_a.headers).status_code
        == 201
    )
    monkeypatch.setenv("POC_TRACKER_SEARCH_BACKEND", "opensearch")
    monkeypatch.setenv("POC_TRACKER_OPENSEARCH_URL", "http://127.0.0.1:9")  # the search cluster is down
    get_settings.cache_clear()
    backend_for.cache_clear()
    try:
        sweep()  # the beat task's body, in process
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()
        backend_for.cache_clear()
    with system_session(reason="test") as session:
        assert pending_counts(session) == {"search": 1}  # kept for the next sweep; the audit log has it all
    with session_scope(tenant_id=uuid.UUID(owner_a.tenant_id)) as session:
        assert deliver(session, "search", tenant_id=uuid.UUID(owner_a.tenant_id)) == 1
