"""Domain events: the outbox, written in the writer's transaction and read by every consumer.

``emit`` records the event and, for each consumer that must receive it, a pending row, in the same
transaction: a commit can never keep the write and lose its consequences. After the commit a nudge asks
that consumer's worker to deliver now; the periodic sweep (``poc_tracker.outbox.sweep``, or
``poc-tracker dispatch-events``) delivers whatever a crash or an unreachable broker left pending.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from sqlmodel import Session

from poc_tracker import read_cache
from poc_tracker.models import DomainEvent, OutboxPending
from poc_tracker.services.audit_minimise import minimise
from poc_tracker.services.broker import send_task
from poc_tracker.services.read_only import refuse_writes_while_closing
from poc_tracker.unit_of_work import on_commit, on_rollback

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


@dataclass(frozen=True)
class Emitted:
    """What a committed transaction emitted, for in-process listeners that act at once (the Dojo hub)."""

    kind: str
    tenant_id: uuid.UUID
    target_type: str
    target_id: str
    payload: dict[str, Any]


_batch_listeners: list[Callable[[list[Emitted]], None]] = []


def on_events_batch(callback: Callable[[list[Emitted]], None]) -> None:
    """Have ``callback`` told, after each commit, the events it emitted: prompt and best effort, not durable."""
    if callback not in _batch_listeners:
        _batch_listeners.append(callback)


def _batch_of(session: Session) -> list[Emitted]:
    """This transaction's events for the in-process listeners, announced once after its commit."""
    batch = session.info.get("events_batch")
    if batch is None:
        batch = session.info["events_batch"] = []
        on_commit(session, partial(_announce, session), key="events.batch")
        on_rollback(session, partial(session.info.pop, "events_batch", None), key="events.batch")
    return batch


def _announce(session: Session) -> None:
    emitted = session.info.pop("events_batch", [])
    for listener in _batch_listeners:
        try:
            listener(emitted)
        except Exception:  # a listener's failure must not touch the others or the commit
            log.warning("event batch listener failed", exc_info=True, extra={"event": "event_listener_failed"})


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
    refuse_writes_while_closing(session, tenant_id=tenant_id, actor_id=actor_id, kind=kind)
    row = DomainEvent(
        tenant_id=tenant_id,
        actor_id=actor_id,
        kind=kind,
        target_type=target_type,
        target_id=str(target_id),
        payload=minimise(tenant_id, payload),  # the stored event keeps no e-mail, IP or user agent in full
    )
    session.add(row)
    on_commit(session, partial(read_cache.bump, tenant_id), key=("read_cache.bump", tenant_id))  # pages show it
    for consumer in consumers_of(kind, target_type, payload):
        session.add(OutboxPending(consumer=consumer, event_id=row.id, tenant_id=tenant_id, created_at=row.created_at))
        on_commit(session, partial(nudge, consumer, tenant_id), key=("outbox.nudge", consumer, tenant_id))
    if _batch_listeners:
        _batch_of(session).append(Emitted(kind, tenant_id, target_type, str(target_id), payload))
    return row


def nudge(consumer: str, tenant_id: uuid.UUID) -> None:
    """Ask a worker to deliver a tenant's events pending for a consumer now (a lost nudge waits for the sweep)."""
    send_task("poc_tracker.outbox.deliver", queue=CONSUMERS[consumer], consumer=consumer, tenant_id=str(tenant_id))
