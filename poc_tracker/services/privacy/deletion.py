"""Account deletion: blocked at once, a grace period to change one's mind, then the erasure."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from poc_tracker.auth.passwords import verify_password
from poc_tracker.auth.roles import Role
from poc_tracker.errors import Conflict, Unauthorized
from poc_tracker.models import PrivacyRequest, User
from poc_tracker.models.base import utcnow
from poc_tracker.services.actor import Actor
from poc_tracker.services.events import emit
from poc_tracker.services.privacy.erase import erase_person
from poc_tracker.services.privacy.requests import confirm_identity, open_request
from poc_tracker.services.sessions import end_sessions
from poc_tracker.settings import get_settings


def pending_deletion(session: Session, user_id: uuid.UUID) -> PrivacyRequest | None:
    """The person's deletion still in its grace period, if any."""
    return session.exec(
        select(PrivacyRequest).where(
            PrivacyRequest.user_id == user_id, PrivacyRequest.kind == "deletion", PrivacyRequest.status == "open"
        )
    ).first()


def _sole_owner(session: Session, user: User) -> bool:
    if Role.OWNER.value not in user.roles:
        return False
    others = session.exec(
        select(User).where(User.tenant_id == user.tenant_id, User.id != user.id, col(User.is_active).is_(True))
    ).all()
    return not any(Role.OWNER.value in u.roles for u in others)


def request_deletion(session: Session, *, actor: Actor, password: str | None) -> PrivacyRequest:
    """Schedule the erasure of the actor's account: signed out everywhere and blocked until then."""
    user = confirm_identity(session, actor, password)
    if pending_deletion(session, user.id) is not None:
        raise Conflict("A exclusão da sua conta já está agendada.", code="deletion_pending")
    if _sole_owner(session, user):
        raise Conflict(
            "Você é a única pessoa proprietária desta organização. Passe a propriedade a outra pessoa ou "
            "exclua a organização antes de excluir sua conta.",
            code="sole_owner",
        )
    days = get_settings().privacy_deletion_grace_days
    req = open_request(session, tenant_id=user.tenant_id, user_id=user.id, kind="deletion")
    req.scheduled_for = req.created_at + timedelta(days=days)
    user.is_active = False
    session.add_all([req, user])
    end_sessions(session, user_id=user.id)
    return req


def cancel_deletion(session: Session, *, email: str, password: str) -> PrivacyRequest:
    """Within the grace, the person (by their password: they are signed out) gets their account back untouched."""
    user = session.exec(select(User).where(User.email == (email or "").strip().lower())).first()
    req = pending_deletion(session, user.id) if user is not None else None
    if user is None or req is None or not verify_password(user.password_hash, password or ""):
        raise Unauthorized("E-mail ou senha incorretos, ou não há exclusão agendada.", code="invalid_credentials")
    req.status, req.cancelled_at = "cancelled", utcnow()
    user.is_active = True
    session.add_all([req, user])
    emit(
        session,
        tenant_id=user.tenant_id,
        actor_id=user.id,
        kind="privacy.deletion_cancelled",
        target_type="privacy_request",
        target_id=req.id,
    )
    return req


def due_requests(session: Session, *, now: datetime | None = None) -> list[tuple[uuid.UUID, uuid.UUID]]:
    """(request id, tenant id) of every deletion whose grace has ended (a system-wide read, for beat)."""
    now = now or utcnow()
    rows = session.exec(
        select(PrivacyRequest.id, PrivacyRequest.tenant_id).where(
            PrivacyRequest.kind == "deletion",
            PrivacyRequest.status == "open",
            col(PrivacyRequest.scheduled_for) <= now,
        )
    ).all()
    return [(r, t) for r, t in rows]


def complete_deletion(session: Session, *, request_id: uuid.UUID) -> int:
    """Erase the person of one due deletion; 1 when done here, 0 when it was cancelled or done meanwhile."""
    req = session.exec(
        select(PrivacyRequest).where(PrivacyRequest.id == request_id, PrivacyRequest.status == "open")
    ).first()
    if req is None:
        return 0
    erase_person(session, tenant_id=req.tenant_id, user_id=req.user_id)
    req.status, req.completed_at = "done", utcnow()
    session.add(req)
    return 1
