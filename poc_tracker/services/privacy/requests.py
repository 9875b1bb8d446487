"""Data-subject requests (LGPD art. 18): protocol numbers, the person's ledger, identity checks, exports."""

from __future__ import annotations

import secrets
import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session, col, select

from poc_tracker.auth.passwords import verify_password
from poc_tracker.errors import Conflict, NotFound, Unauthorized
from poc_tracker.models import Job, PrivacyRequest, RefreshToken, TotpFactor, User, UserIdentity
from poc_tracker.models.base import utcnow
from poc_tracker.services import jobs
from poc_tracker.services.actor import Actor
from poc_tracker.services.events import emit
from poc_tracker.storage import get_file_store

DUE_IN = timedelta(days=15)  # LGPD art. 19, II: a full answer within 15 days
EXPORT_TTL = timedelta(days=7)
RECENT_SIGN_IN = timedelta(minutes=10)
EXPORT_KIND = "privacy_export"
ACTIVE = ("open", "processing")


def new_protocol(now: datetime) -> str:
    """A protocol number a person can quote: date and a random part (``LGPD-20261130-7KQ2MX``)."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return f"LGPD-{now:%Y%m%d}-" + "".join(secrets.choice(alphabet) for _ in range(6))


def open_request(
    session: Session,
    *,
    tenant_id: uuid.UUID,
    user_id: uuid.UUID,
    kind: str,
    status: str = "open",
    job_id: uuid.UUID | None = None,
    details: dict[str, Any] | None = None,
) -> PrivacyRequest:
    """A new request in the person's ledger, due in 15 days, with an event for the audit log."""
    now = utcnow()
    req = PrivacyRequest(
        tenant_id=tenant_id,
        user_id=user_id,
        protocol=new_protocol(now),
        kind=kind,
        status=status,
        job_id=job_id,
        details=details or {},
        created_at=now,
        due_at=now + DUE_IN,
        completed_at=now if status == "done" else None,
    )
    session.add(req)
    session.flush()
    emit(
        session,
        tenant_id=tenant_id,
        actor_id=user_id,
        kind=f"privacy.{kind}_requested",
        target_type="privacy_request",
        target_id=req.id,
        protocol=req.protocol,
    )
    return req


def access_request_by_id(session: Session, actor: Actor, request_id: uuid.UUID) -> PrivacyRequest:
    """One of the actor's own requests; someone else's and a missing one look the same."""
    req = session.exec(
        select(PrivacyRequest).where(
            PrivacyRequest.id == request_id,
            PrivacyRequest.tenant_id == actor.tenant_id,
            PrivacyRequest.user_id == actor.user_id,
        )
    ).first()
    if req is None:
        raise NotFound("Pedido não encontrado.", code="privacy_request_not_found")
    return req


def list_requests(session: Session, *, actor: Actor) -> list[tuple[PrivacyRequest, Job | None]]:
    """The actor's ledger, newest first, each with its job (an export's) when it still exists."""
    rows = session.exec(
        select(PrivacyRequest, Job)
        .join(Job, col(Job.id) == col(PrivacyRequest.job_id), isouter=True)
        .where(PrivacyRequest.tenant_id == actor.tenant_id, PrivacyRequest.user_id == actor.user_id)
        .order_by(col(PrivacyRequest.created_at).desc())
    ).all()
    return [(r, j) for r, j in rows]


def job_of(session: Session, req: PrivacyRequest) -> Job | None:
    """The request's job, if it has one and it has not expired yet."""
    if req.job_id is None:
        return None
    return session.exec(select(Job).where(Job.id == req.job_id, Job.tenant_id == req.tenant_id)).first()


def status_of(req: PrivacyRequest, job: Job | None) -> str:
    """What the ledger shows: an export follows its job; an export whose file expired is ``expired``."""
    if req.kind != "export" or req.status in ("revoked", "cancelled"):
        return req.status
    if job is None:
        return "expired" if req.status == "done" else req.status
    return {"queued": "processing", "running": "processing", "done": "done", "failed": "failed"}[job.status]


def confirm_identity(session: Session, actor: Actor, password: str | None) -> User:
    """The actor, after their password again, or a sign-in through SSO or with a second factor minutes ago."""
    user = session.exec(select(User).where(User.id == actor.user_id, User.tenant_id == actor.tenant_id)).one()
    if password:
        if verify_password(user.password_hash, password):
            return user
        raise Unauthorized("Senha incorreta.", code="invalid_password", details={"field": "password"})
    if _recent_strong_sign_in(session, user, actor.session_id):
        return user
    raise Unauthorized("Confirme sua senha para continuar.", code="password_required", details={"field": "password"})


def _recent_strong_sign_in(session: Session, user: User, family: uuid.UUID | None) -> bool:
    """This sign-in began minutes ago, and went through SSO or a second factor."""
    if family is None:
        return False
    started = session.exec(
        select(RefreshToken.created_at).where(RefreshToken.family_id == family).order_by(col(RefreshToken.created_at))
    ).first()
    if started is None or started < utcnow() - RECENT_SIGN_IN:
        return False
    sso = session.exec(select(UserIdentity.id).where(UserIdentity.user_id == user.id)).first()
    mfa = session.exec(
        select(TotpFactor.user_id).where(TotpFactor.user_id == user.id, col(TotpFactor.confirmed_at).is_not(None))
    ).first()
    return bool(sso or mfa)


def _export_done(session: Session, job: Job) -> None:
    """In the job's own transaction: the export request is answered."""
    req = session.exec(select(PrivacyRequest).where(PrivacyRequest.job_id == job.id)).first()
    if req is not None and req.status in ACTIVE:
        req.status, req.completed_at = "done", utcnow()
        session.add(req)


jobs.register_kind(
    EXPORT_KIND, task="poc_tracker.privacy.export", queue="default", ttl=EXPORT_TTL, on_done=_export_done
)


def request_export(session: Session, *, actor: Actor, password: str | None) -> PrivacyRequest:
    """Ask for the export ZIP (portability): a job builds it; one export at a time per person."""
    confirm_identity(session, actor, password)
    for req, job in list_requests(session, actor=actor):
        if req.kind == "export" and status_of(req, job) == "processing":
            raise Conflict("Já há uma exportação em preparo.", code="export_in_progress")
    job = jobs.create_job(session, actor=actor, kind=EXPORT_KIND, params={"locale": actor.locale})
    return open_request(
        session, tenant_id=actor.tenant_id, user_id=actor.user_id, kind="export", status="processing", job_id=job.id
    )


def export_file(session: Session, *, actor: Actor, request_id: uuid.UUID) -> jobs.JobFile:
    """The export ZIP of one of the actor's own requests (the job is the owner's only: a link no one else opens)."""
    req = access_request_by_id(session, actor, request_id)
    if req.kind != "export" or req.status == "revoked" or req.job_id is None:
        raise NotFound("O arquivo expirou ou não existe mais.", code="job_file_gone")
    return jobs.result_file(session, actor=actor, job_id=req.job_id, kind=EXPORT_KIND)


def revoke_export(session: Session, *, actor: Actor, request_id: uuid.UUID) -> PrivacyRequest:
    """Kill an export's link now: its file is deleted and the request shows ``revoked``."""
    req = access_request_by_id(session, actor, request_id)
    if req.kind != "export":
        raise NotFound("Pedido não encontrado.", code="privacy_request_not_found")
    job = job_of(session, req)
    if job is not None:
        store = get_file_store()
        for f in job.files:
            store.delete(f["key"])
        session.delete(job)
    req.status, req.job_id = "revoked", None
    session.add(req)
    return req
