"""Domain events: the outbox, written in the writer's transaction and read by every consumer.

``emit`` records the event and, for each consumer that must receive it, a pending row, in the same
transaction: a commit can never keep the write and lose its consequences. After the commit a nudge asks
that consumer's worker to deliver now; the periodic sweep (``poc_tracker.outbox.sweep``, or
``poc-tracker dispatch-events``) delivers whatever a crash or an unreachable broker left pending.
"""

from __future__ import annotations

import logging
import uuid
from functools import partial
from typing import Any

from sqlmodel import Session

from poc_tracker.models import DomainEvent, OutboxPending
from poc_tracker.services.broker import send_task
from poc_tracker.unit_of_work import on_commit

log = logging.getLogger(__name__)
# Consumer → the queue of its delivery task.
CONSUMERS: dict[str, str] = {"audit": "default", "search": "index", "files": "default"}
SEARCH_KINDS = frozenset(
    {
        "poc.created",
        "poc.updated",
        "poc.files_changed",
        "poc.deleted",
        "poc.restored",
        "poc.version_restored",
        "poc.purged",
    }
)


def consumers_of(kind: str, target_type: str, payload: dict[str, Any]) -> list[str]:
    """Who must receive an event: audit always, search when a POC's document changes, files on a purge."""
    found = ["audit"]
    if (target_type == "poc" and kind in SEARCH_KINDS) or (
        kind == "user.profile_updated" and "name" in (payload.get("fields") or [])
    ):  # ``autor:`` follows
        found.append("search")
    if kind == "poc.purged":
        found.append("files")
    return found


def emit(
    session: Session,
    *,
    tenant_id: uuid.UUID,
    actor_id: uuid.UUID | None,
    kind: str,
    target_type: str,
    target_id: object,
    **payload: Any,
) -> DomainEvent:
    """Record a domain event, and what each consumer has to receive, in the current transaction."""
    row = DomainEvent(
        tenant_id=tenant_id,
        actor_id=actor_id,
        kind=kind,
        target_type=target_type,
        target_id=str(target_id),
        payload=payload,
    )
    session.add(row)
    for consumer in consumers_of(kind, target_type, payload):
        session.add(OutboxPending(consumer=consumer, event_id=row.id, tenant_id=tenant_id, created_at=row.created_at))
        on_commit(session, partial(nudge, consumer), key=("outbox.nudge", consumer))
    return row


def nudge(consumer: str) -> None:
    """Ask a worker to deliver a consumer's pending events now (a lost nudge only waits for the sweep)."""
    send_task("poc_tracker.outbox.deliver", queue=CONSUMERS[consumer], consumer=consumer)
