"""Domain events: written in the writer's transaction (an outbox), announced after commit."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event
from sqlmodel import Session

from poc_tracker.models import DomainEvent

log = logging.getLogger(__name__)
_notifiers: list[Callable[[], None]] = []


@dataclass(frozen=True)
class Emitted:
    """What a committed transaction emitted, for listeners that act on particular records."""

    kind: str
    tenant_id: uuid.UUID
    target_type: str
    target_id: str
    payload: dict[str, Any]


_batch_listeners: list[Callable[[list[Emitted]], None]] = []


def on_events_committed(callback: Callable[[], None]) -> None:
    """Register a callback run after a transaction that emitted events commits."""
    if callback not in _notifiers:
        _notifiers.append(callback)


def on_events_batch(callback: Callable[[list[Emitted]], None]) -> None:
    """Register a callback given the events of each transaction that committed (search indexing)."""
    if callback not in _batch_listeners:
        _batch_listeners.append(callback)


def emit(session: Session, *, tenant_id: uuid.UUID, actor_id: uuid.UUID | None, kind: str,
         target_type: str, target_id: object, **payload: Any) -> DomainEvent:
    """Record a domain event in the current transaction."""
    row = DomainEvent(tenant_id=tenant_id, actor_id=actor_id, kind=kind, target_type=target_type,
                      target_id=str(target_id), payload=payload)
    session.add(row)
    session.info["events_pending"] = True
    session.info.setdefault("events_emitted", []).append(Emitted(kind, tenant_id, target_type, str(target_id),
                                                                 payload))
    return row


@event.listens_for(Session, "after_commit")
def _announce(session: Session) -> None:
    emitted = session.info.pop("events_emitted", [])
    if not session.info.pop("events_pending", False):
        return
    for listener in _batch_listeners:
        try:
            listener(emitted)
        except Exception:  # `poc-tracker reindex` rebuilds what a lost announcement left stale
            log.warning("event batch listener failed", exc_info=True)
    for notify in _notifiers:
        try:
            notify()
        except Exception:  # the periodic sweep delivers what an announcement missed
            log.warning("event notification failed", exc_info=True)


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop("events_pending", None)
    session.info.pop("events_emitted", None)
