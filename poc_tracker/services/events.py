"""Domain events: written in the writer's transaction (an outbox), announced after commit."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from typing import Any

from sqlalchemy import event
from sqlmodel import Session

from poc_tracker.models import DomainEvent

log = logging.getLogger(__name__)
_notifiers: list[Callable[[], None]] = []


def on_events_committed(callback: Callable[[], None]) -> None:
    """Register a callback run after a transaction that emitted events commits."""
    if callback not in _notifiers:
        _notifiers.append(callback)


def emit(session: Session, *, tenant_id: uuid.UUID, actor_id: uuid.UUID | None, kind: str,
         target_type: str, target_id: object, **payload: Any) -> DomainEvent:
    """Record a domain event in the current transaction."""
    row = DomainEvent(tenant_id=tenant_id, actor_id=actor_id, kind=kind, target_type=target_type,
                      target_id=str(target_id), payload=payload)
    session.add(row)
    session.info["events_pending"] = True
    return row


@event.listens_for(Session, "after_commit")
def _announce(session: Session) -> None:
    if not session.info.pop("events_pending", False):
        return
    for notify in _notifiers:
        try:
            notify()
        except Exception:  # the periodic sweep delivers what an announcement missed
            log.warning("event notification failed", exc_info=True)


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop("events_pending", None)
