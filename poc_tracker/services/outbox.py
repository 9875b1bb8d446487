"""Delivering the outbox: each consumer receives its pending events, in batches, idempotently.

A batch is handed to the consumer and its pending rows deleted in one transaction: a failure leaves
them pending for the next nudge or sweep. Consumers must accept an event twice (a nudge and the sweep
may race); both here do (audit rows are unique per event, the index is rebuilt from the database).
Delivery runs in one tenant's session at a time: the only system-scope read is which tenants have
events pending (ids), so a consumer never sees two tenants' rows at once.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import partial

from sqlalchemy import delete
from sqlmodel import Session, col, func, select

from poc_tracker import read_cache
from poc_tracker.db import session_scope, system_session
from poc_tracker.models import DomainEvent, OutboxPending
from poc_tracker.services.audit import record_events
from poc_tracker.services.purge import remove_purged_files
from poc_tracker.services.search_index import index_events
from poc_tracker.unit_of_work import on_commit

BATCH = 500
HANDLERS: dict[str, Callable[[Session, list[DomainEvent]], object]] = {
    "audit": record_events,
    "search": index_events,
    "files": remove_purged_files,
}


def deliver(session: Session, consumer: str, *, tenant_id: uuid.UUID, limit: int = BATCH) -> int:
    """Hand up to ``limit`` of a tenant's events pending for a consumer to it (oldest first); returns how many."""
    query = (
        select(DomainEvent)
        .join(OutboxPending, col(OutboxPending.event_id) == DomainEvent.id)
        .where(OutboxPending.consumer == consumer, OutboxPending.tenant_id == tenant_id)
        .order_by(col(OutboxPending.created_at))
        .limit(limit)
        .with_for_update(of=OutboxPending, skip_locked=True)
    )  # PostgreSQL: parallel workers take other rows
    events = list(session.exec(query).all())
    if not events:
        return 0
    HANDLERS[consumer](session, events)
    if consumer == "audit":  # the home's activity feed reads the audit log
        on_commit(session, partial(read_cache.bump, tenant_id), key=("read_cache.bump", tenant_id))
    session.exec(
        delete(OutboxPending).where(
            col(OutboxPending.consumer) == consumer, col(OutboxPending.event_id).in_([e.id for e in events])
        )
    )
    return len(events)


def pending_tenants(session: Session, consumer: str) -> list[uuid.UUID]:
    """The tenants with events a consumer has still to receive (needs a system-scope session)."""
    query = select(OutboxPending.tenant_id).where(OutboxPending.consumer == consumer).distinct()
    return list(session.exec(query).all())


def deliver_tenant(consumer: str, tenant_id: uuid.UUID) -> int:
    """Deliver all of one tenant's pending events to a consumer, a committed batch at a time, in its own scope."""
    total = 0
    while True:
        with session_scope(tenant_id=tenant_id) as session:
            handled = deliver(session, consumer, tenant_id=tenant_id)
        total += handled
        if handled < BATCH:
            return total


def deliver_all(consumer: str) -> int:
    """Deliver everything pending for a consumer, tenant by tenant (the sweep)."""
    with system_session(reason=f"outbox sweep: tenants with {consumer} events pending") as session:
        tenants = pending_tenants(session, consumer)
    return sum(deliver_tenant(consumer, t) for t in tenants)


def pending_counts(session: Session) -> dict[str, int]:
    """How many events each consumer has still to receive."""
    rows = session.exec(select(OutboxPending.consumer, func.count()).group_by(col(OutboxPending.consumer))).all()
    return {consumer: count for consumer, count in rows}
