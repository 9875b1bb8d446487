"""The outbox's delivery: a nudge after each commit, and the periodic sweep that repairs lost nudges."""

from __future__ import annotations

import logging

from poc_tracker.db import session_scope
from poc_tracker.services.events import CONSUMERS
from poc_tracker.services.outbox import deliver_all
from tasks.celery_app import celery

log = logging.getLogger(__name__)


def _system_session():  # noqa: ANN202 - a context manager
    return session_scope(system=True)  # events of every tenant


@celery.task(name="poc_tracker.outbox.deliver", acks_late=True)
def deliver(consumer: str) -> int:
    """Deliver one consumer's pending events (sent after a commit); safe to run twice."""
    total = deliver_all(_system_session, consumer)
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
