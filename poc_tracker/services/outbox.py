"""Delivering the outbox: each consumer receives its pending events, in batches, idempotently.

A batch is handed to the consumer and its pending rows deleted in one transaction: a failure leaves
them pending for the next nudge or sweep. Consumers must accept an event twice (a nudge and the sweep
may race); both here do (audit rows are unique per event, the index is rebuilt from the database).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager

from sqlalchemy import delete
from sqlmodel import Session, col, func, select

from poc_tracker.models import DomainEvent, OutboxPending
from poc_tracker.services.audit import record_events
from poc_tracker.services.purge import remove_purged_files
from poc_tracker.services.search_index import index_events

BATCH = 500
HANDLERS: dict[str, Callable[[Session, list[DomainEvent]], object]] = {
    "audit": record_events,
    "search": index_events,
    "files": remove_purged_files,
}


def deliver(session: Session, consumer: str, *, limit: int = BATCH) -> int:
    """Hand up to ``limit`` of a consumer's pending events to it (oldest first); returns how many."""
    query = (
        select(DomainEvent)
        .join(OutboxPending, col(OutboxPending.event_id) == DomainEvent.id)
        .where(OutboxPending.consumer == consumer)
        .order_by(col(OutboxPending.created_at))
        .limit(limit)
        .with_for_update(of=OutboxPending, skip_locked=True)
    )  # PostgreSQL: parallel workers take other rows
    events = list(session.exec(query).all())
    if not events:
        return 0
    HANDLERS[consumer](session, events)
    session.exec(
        delete(OutboxPending).where(
            col(OutboxPending.consumer) == consumer, col(OutboxPending.event_id).in_([e.id for e in events])
        )
    )
    return len(events)


def deliver_all(open_session: Callable[[], AbstractContextManager[Session]], consumer: str) -> int:
    """Deliver everything pending for a consumer, a committed batch at a time."""
    total = 0
    while True:
        with open_session() as session:
            handled = deliver(session, consumer)
        total += handled
        if handled < BATCH:
            return total


def pending_counts(session: Session) -> dict[str, int]:
    """How many events each consumer has still to receive."""
    rows = session.exec(select(OutboxPending.consumer, func.count()).group_by(col(OutboxPending.consumer))).all()
    return {consumer: count for consumer, count in rows}
