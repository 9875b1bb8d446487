"""Tenant housekeeping: the hourly erasure of tenants whose deletion grace has ended."""

from __future__ import annotations

from poc_tracker.models.base import utcnow
from poc_tracker.services.tenant_erasure import erase_due_tenants
from tasks.celery_app import celery


@celery.task(name="poc_tracker.tenants.erase_due", acks_late=True)
def erase_due() -> int:
    """Erase every tenant past its grace (each in its own transaction); safe to run twice."""
    return erase_due_tenants(utcnow())
