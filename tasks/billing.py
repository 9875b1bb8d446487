"""Billing housekeeping: beat turns tenants whose grace period ended read-only and tells their owners."""

from __future__ import annotations

import logging

from poc_tracker.billing import dunning
from poc_tracker.db import system_session
from tasks.celery_app import celery

log = logging.getLogger(__name__)


@celery.task(name="poc_tracker.billing.sweep", acks_late=True)
def sweep() -> int:
    """One pass over every tenant in grace (idempotent: a tenant already read-only is left as it is)."""
    with system_session(reason="billing grace sweep") as session:
        changed = dunning.sweep_lapsed(session)
    if changed:
        log.info("billing grace ended", extra={"event": "billing_read_only", "details": {"tenants": changed}})
    return changed
