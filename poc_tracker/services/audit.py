"""The audit log: fed from domain events by a worker, read by tenant admins."""

from __future__ import annotations

from sqlmodel import Session, col, func, select

from poc_tracker.models import AuditLog, DomainEvent
from poc_tracker.models.base import utcnow
from poc_tracker.services.actor import Actor


def record_events(session: Session, events: list[DomainEvent]) -> None:
    """The audit consumer: one audit row per event, never two (delivering again changes nothing)."""
    ids = [e.id for e in events]
    done = set(session.exec(select(AuditLog.event_id).where(col(AuditLog.event_id).in_(ids))).all())
    now = utcnow()
    for ev in events:
        if ev.id not in done:
            session.add(
                AuditLog(
                    tenant_id=ev.tenant_id,
                    event_id=ev.id,
                    actor_id=ev.actor_id,
                    action=ev.kind,
                    target_type=ev.target_type,
                    target_id=ev.target_id,
                    details=ev.payload,
                    created_at=ev.created_at,
                )
            )
        ev.dispatched_at = now  # when the audit log received it
        session.add(ev)
    session.flush()


def list_audit(session: Session, *, actor: Actor, page: int = 1, limit: int = 50) -> tuple[list[AuditLog], int]:
    """The tenant's audit log, newest first (admins)."""
    actor.require("users:read")
    scope = AuditLog.tenant_id == actor.tenant_id
    total = session.exec(select(func.count()).select_from(AuditLog).where(scope)).one()
    rows = session.exec(
        select(AuditLog).where(scope).order_by(col(AuditLog.created_at).desc()).offset((page - 1) * limit).limit(limit)
    ).all()
    return list(rows), total
