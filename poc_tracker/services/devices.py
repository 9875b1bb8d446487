"""The active sign-ins (devices) of one's own account: list them, end one, end all the others."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from poc_tracker.errors import Invalid, NotFound
from poc_tracker.models import RefreshToken
from poc_tracker.models.base import utcnow
from poc_tracker.services.actor import Actor
from poc_tracker.services.events import emit
from poc_tracker.services.sessions import end_sessions, revoke_family


@dataclass(frozen=True)
class Device:
    """One sign-in: when it began, when it was last renewed, from what, and whether it is this one."""

    session_id: uuid.UUID
    started_at: datetime
    last_used_at: datetime
    user_agent: str
    current: bool


def list_devices(session: Session, *, actor: Actor) -> list[Device]:
    """My live sign-ins, the most recently used first."""
    rows = session.exec(
        select(RefreshToken)
        .where(
            RefreshToken.user_id == actor.user_id,
            RefreshToken.tenant_id == actor.tenant_id,
            col(RefreshToken.revoked_at).is_(None),
        )
        .order_by(col(RefreshToken.created_at))
    ).all()
    families: dict[uuid.UUID, list[RefreshToken]] = {}
    for row in rows:
        families.setdefault(row.family_id, []).append(row)
    now = utcnow()
    devices = [
        Device(
            family,
            tokens[0].created_at,
            tokens[-1].created_at,
            next((t.user_agent for t in reversed(tokens) if t.user_agent), ""),
            family == actor.session_id,
        )
        for family, tokens in families.items()
        if tokens[-1].expires_at > now
    ]
    return sorted(devices, key=lambda d: (not d.current, -d.last_used_at.timestamp()))


def end_device(session: Session, *, actor: Actor, session_id: uuid.UUID) -> None:
    """End one of my sign-ins (another person's, or one already ended, is not found)."""
    if session_id not in {d.session_id for d in list_devices(session, actor=actor)}:
        raise NotFound("Sessão não encontrada.", code="session_not_found")
    revoke_family(session, session_id)
    emit(
        session,
        tenant_id=actor.tenant_id,
        actor_id=actor.user_id,
        kind="user.session_ended",
        target_type="user",
        target_id=actor.user_id,
        family=str(session_id),
    )


def end_other_devices(session: Session, *, actor: Actor) -> int:
    """End every sign-in of mine but the one this request comes from; how many ended."""
    if actor.session_id is None:  # which one is "this" is unknown: ending all would sign the caller out too
        raise Invalid("Não foi possível identificar esta sessão. Entre novamente.", code="unknown_session")
    ended = {d.session_id for d in list_devices(session, actor=actor) if not d.current}
    end_sessions(session, user_id=actor.user_id, keep=actor.session_id)
    emit(
        session,
        tenant_id=actor.tenant_id,
        actor_id=actor.user_id,
        kind="user.sessions_ended",
        target_type="user",
        target_id=actor.user_id,
        count=len(ended),
    )
    return len(ended)
