"""POC housekeeping: the daily purge of POCs deleted beyond the restore window."""

from __future__ import annotations

import logging

from poc_tracker.db import session_scope, system_session
from poc_tracker.models.base import utcnow
from poc_tracker.services.purge import purge_deleted_pocs, tenants_with_expired_pocs
from tasks.celery_app import celery

log = logging.getLogger(__name__)
BATCH = 200


@celery.task(name="poc_tracker.pocs.purge_deleted", acks_late=True)
def purge_deleted() -> int:
    """Purge every POC past the restore window, tenant by tenant, a batch per transaction; safe to run twice."""
    total, now = 0, utcnow()
    with system_session(reason="purge sweep: tenants with POCs past the restore window") as session:
        tenants = tenants_with_expired_pocs(session, now)
    for tenant_id in tenants:
        while True:
            with session_scope(tenant_id=tenant_id) as session:
                purged = purge_deleted_pocs(session, now, tenant_id=tenant_id, limit=BATCH)
            total += purged
            if purged < BATCH:
                break
    if total:
        log.info("deleted POCs purged", extra={"event": "pocs_purged", "details": {"count": total}})
    return total
