"""Whether a person's account is blocked by a deletion still in its grace (read at sign-in)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlmodel import Session, select

from poc_tracker.errors import Forbidden
from poc_tracker.models import PrivacyRequest


def scheduled_deletion(session: Session, user_id: uuid.UUID) -> datetime | None:
    """When the person's account will be erased, if a deletion is waiting."""
    return session.exec(
        select(PrivacyRequest.scheduled_for).where(
            PrivacyRequest.user_id == user_id, PrivacyRequest.kind == "deletion", PrivacyRequest.status == "open"
        )
    ).first()


def refuse_if_deletion_pending(session: Session, user_id: uuid.UUID) -> None:
    """A blocked account says why, and that the deletion can still be cancelled (checked after the password)."""
    when = scheduled_deletion(session, user_id)
    if when is not None:
        raise Forbidden(
            "A exclusão desta conta está agendada. Você ainda pode cancelá-la até {date}.",
            code="deletion_pending",
            details={"scheduledFor": when.isoformat()},
            date=when.strftime("%d/%m/%Y"),
        )
