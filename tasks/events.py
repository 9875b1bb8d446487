"""Domain events → audit log (and, later, search indexing and notifications)."""

from __future__ import annotations

import logging

from poc_tracker.db import session_scope
from poc_tracker.services.audit import dispatch_events
from poc_tracker.services.events import on_events_committed
from tasks.celery_app import celery, send

log = logging.getLogger(__name__)


@celery.task(name="poc_tracker.events.dispatch", acks_late=True)
def dispatch() -> int:
    """Deliver every pending domain event; safe to run twice."""
    total = 0
    while True:
        with session_scope(system=True) as session:
            handled = dispatch_events(session)
        total += handled
        if handled == 0:
            break
    if total:
        log.info("events dispatched", extra={"event": "events_dispatched", "details": {"count": total}})
    return total


def announce() -> None:
    """Ask a worker to dispatch now (called after a commit that emitted events)."""
    send("poc_tracker.events.dispatch", queue="default")


def wire() -> None:
    """Connect the services' event hook to the worker."""
    on_events_committed(announce)
