"""A real Celery worker turns domain events into audit rows (both profiles' brokers)."""

from __future__ import annotations

import time
import uuid

import pytest

from poc_tracker.db import new_system_session
from tests.personas import Persona, add_member, create_tenant
from tests.search_support import start_worker, stop_worker


@pytest.fixture
def worker(profile):
    """A Celery worker process on the profile's broker, on the queue the audit consumer's nudges go to."""
    proc = start_worker(profile, "default")
    yield proc
    stop_worker(proc)


def audit_actions(tenant_id: str) -> list[str]:
    from sqlmodel import select

    from poc_tracker.models import AuditLog

    with new_system_session(reason="test") as session:
        rows = session.exec(select(AuditLog).where(AuditLog.tenant_id == uuid.UUID(tenant_id)))
        return sorted(r.action for r in rows)


def wait_for(predicate, timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_worker_writes_the_audit_log_from_events(client, worker):
    owner: Persona = create_tenant(client, "auditada")
    add_member(client, owner, "pessoa", "member")
    expected = ["tenant.created", "user.invited", "user.registered"]
    assert wait_for(lambda: audit_actions(owner.tenant_id) == expected), (audit_actions(owner.tenant_id), worker.poll())
    res = client.get("/api/v1/audit", headers=owner.headers)
    assert res.status_code == 200
    assert {e["action"] for e in res.json()["data"]} == set(expected)
    other = create_tenant(client, "vizinha")
    assert wait_for(lambda: audit_actions(other.tenant_id) == ["tenant.created"])
    entries = client.get("/api/v1/audit", headers=other.headers).json()["data"]
    assert {e["action"] for e in entries} == {"tenant.created"}
