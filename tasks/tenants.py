"""Tenant work: the hourly erasure of tenants whose deletion grace has ended, and tenant exports."""

from __future__ import annotations

import uuid

from poc_tracker.models.base import utcnow
from poc_tracker.services import tenant_export
from poc_tracker.services.job_runner import run_job
from poc_tracker.services.tenant_erasure import erase_due_tenants
from tasks.celery_app import celery


@celery.task(name="poc_tracker.tenants.erase_due", acks_late=True)
def erase_due() -> int:
    """Erase every tenant past its grace (each in its own transaction); safe to run twice."""
    return erase_due_tenants(utcnow())


@celery.task(name="poc_tracker.tenants.export", acks_late=True)
def export(job_id: str, tenant_id: str) -> str:
    """Build one tenant export job's ZIP (a second delivery finds the job taken and does nothing)."""
    return run_job(uuid.UUID(job_id), uuid.UUID(tenant_id), tenant_export.build_tenant_export)
