"""A real Celery worker runs beat's erasure task: a tenant past its grace goes, rows and files; the other stays."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import update
from sqlmodel import select

from poc_tracker.db import new_system_session, system_session
from poc_tracker.models import Poc, Tenant
from poc_tracker.models.base import utcnow
from poc_tracker.services.broker import send_task
from tests.files_support import create_poc, upload
from tests.personas import Persona
from tests.search_support import start_worker, stop_worker
from tests.worker.test_event_dispatch import wait_for


@pytest.fixture
def worker(profile):
    """A Celery worker process on the profile's broker, on the queue beat sends the erasure to."""
    proc = start_worker(profile, "default")
    yield proc
    stop_worker(proc)


def tenant_exists(tenant_id: str) -> bool:
    with new_system_session(reason="test") as session:
        return session.exec(select(Tenant.id).where(Tenant.id == uuid.UUID(tenant_id))).first() is not None


def test_the_beat_task_erases_a_tenant_past_its_grace(client, local_store, worker, owner_a: Persona, owner_b: Persona):
    poc = create_poc(client, owner_a, "Vai sumir")
    upload(client, owner_a, poc, [("a.txt", b"da alfa")])
    kept = create_poc(client, owner_b, "Fica")
    deletion = client.post("/api/v1/tenants/current/deletion", json={"confirmation": "alfa"}, headers=owner_a.headers)
    assert deletion.status_code == 202
    with system_session(reason="test: the grace ends now") as session:
        session.exec(
            update(Tenant)
            .where(Tenant.id == uuid.UUID(owner_a.tenant_id))
            .values(deletion_due_at=utcnow() - timedelta(seconds=1))
        )
    send_task("poc_tracker.tenants.erase_due", queue="default")
    assert wait_for(lambda: not tenant_exists(owner_a.tenant_id), timeout=60), worker.poll()
    assert local_store.list_keys(f"tenants/{owner_a.tenant_id}/") == []
    with new_system_session(reason="test") as session:
        left = session.exec(select(Poc.id)).all()
    assert [str(p) for p in left] == [kept]
