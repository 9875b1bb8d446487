"""The team directory: who works in my tenant, readable by every member (managing them stays with admins)."""

from __future__ import annotations

from sqlmodel import Session, col, select

from poc_tracker.models import User
from poc_tracker.services.actor import Actor


def team_directory(session: Session, *, actor: Actor, limit: int = 500) -> list[User]:
    """The tenant's active people, by name; any role may read it (names, e-mails and roles only on screen)."""
    actor.require("pocs:read")
    query = select(User).where(User.tenant_id == actor.tenant_id, col(User.is_active).is_(True))
    return list(session.exec(query.order_by(col(User.name)).limit(limit)).all())
