"""Tenant work: the hourly erasure of tenants whose deletion grace has ended, and tenant exports."""

from __future__ import annotations

import uuid
from datetime import datetime

from poc_tracker.db import session_scope, system_session
from poc_tracker.models.base import utcnow
from poc_tracker.services import tenant_export
from poc_tracker.services.job_runner import run_job
from poc_tracker.services.tenant_deletion import due_tenants
from poc_tracker.services.tenant_erasure import erase_if_due
from tasks.celery_app import celery


def erase_due_tenants(now: datetime) -> int:
    """Erase every tenant whose grace has ended by ``now``, each in a transaction of its own scope; how many."""
    with system_session(reason="tenant erasure sweep: which tenants are past their grace") as session:
        due = due_tenants(session, now)
    return sum(erase_one(tenant_id, now) for tenant_id in due)


def erase_one(tenant_id: uuid.UUID, now: datetime) -> int:
    """Erase one tenant inside its own scope (row-level security still fences it); 1 when it went."""
    with session_scope(tenant_id=tenant_id) as session:
        return int(erase_if_due(session, tenant_id, now) is not None)


@celery.task(name="poc_tracker.tenants.erase_due", acks_late=True)
def erase_due() -> int:
    """Erase every tenant past its grace (each in its own transaction); safe to run twice."""
    return erase_due_tenants(utcnow())


@celery.task(name="poc_tracker.tenants.export", acks_late=True)
def export(job_id: str, tenant_id: str) -> str:
    """Build one tenant export job's ZIP (a second delivery finds the job taken and does nothing)."""
    return run_job(uuid.UUID(job_id), uuid.UUID(tenant_id), tenant_export.build_tenant_export)
