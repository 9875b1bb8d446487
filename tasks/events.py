"""The outbox's delivery: a nudge after each commit, and the periodic sweep that repairs lost nudges."""

from __future__ import annotations

import logging
import uuid

from poc_tracker.services.events import CONSUMERS
from poc_tracker.services.outbox import deliver_all, deliver_tenant
from tasks.celery_app import celery

log = logging.getLogger(__name__)


@celery.task(name="poc_tracker.outbox.deliver", acks_late=True)
def deliver(consumer: str, tenant_id: str | None = None) -> int:
    """Deliver a consumer's pending events: one tenant's (the nudge after its commit) or all; safe to run twice."""
    total = deliver_tenant(consumer, uuid.UUID(tenant_id)) if tenant_id else deliver_all(consumer)
    if total:
        log.info(
            "events delivered", extra={"event": "events_delivered", "details": {"consumer": consumer, "count": total}}
        )
    return total


@celery.task(name="poc_tracker.outbox.sweep", acks_late=True)
def sweep() -> int:
    """Deliver whatever every consumer still has pending (beat runs this every ``outbox_sweep_seconds``)."""
    total = 0
    for consumer in CONSUMERS:
        try:
            total += deliver(consumer)
        except Exception:  # one consumer's outage (OpenSearch down) must not hold the others back
            log.warning(
                "outbox delivery failed",
                exc_info=True,
                extra={"event": "events_delivery_failed", "details": {"consumer": consumer}},
            )
    return total


@celery.task(name="poc_tracker.events.dispatch", acks_late=True)
def dispatch() -> int:
    """Former name of the sweep, kept for messages queued before an upgrade."""
    return sweep()
