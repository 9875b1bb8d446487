"""Deleting a tenant (owners): a typed confirmation, then 30 days read-only and cancellable, then erasure."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, select

from poc_tracker.auth.roles import Role, top_role
from poc_tracker.errors import Conflict, Forbidden, Invalid, NotFound
from poc_tracker.i18n import N_, format_dt
from poc_tracker.mail.render import app_link
from poc_tracker.models import Tenant, User
from poc_tracker.models.base import utcnow
from poc_tracker.services.actor import Actor
from poc_tracker.services.events import emit
from poc_tracker.services.mail import send_mail

GRACE = timedelta(days=30)
CLOSING = N_("Esta organização está programada para exclusão. Só quem é proprietário pode entrar, para cancelar.")


def refuse_while_closing(user: User) -> None:
    """While its tenant awaits deletion only an owner gets in (read-only, to cancel); the others are refused."""
    if top_role(list(user.roles)) != Role.OWNER:
        raise Forbidden(CLOSING, code="tenant_pending_deletion")


@dataclass(frozen=True)
class DeletionStatus:
    """Whether the tenant awaits deletion, since when, until when, and who asked."""

    subdomain: str
    name: str
    requested_at: datetime | None
    due_at: datetime | None
    requested_by: str  # a name, or "" when that person is gone

    @property
    def pending(self) -> bool:
        """Whether a deletion is scheduled."""
        return self.due_at is not None


def _tenant(session: Session, actor: Actor) -> Tenant:
    tenant = session.exec(select(Tenant).where(Tenant.id == actor.tenant_id)).first()
    if tenant is None:
        raise NotFound()
    return tenant


def deletion_status(session: Session, *, actor: Actor) -> DeletionStatus:
    """The tenant's deletion state (admins and owners see it; the banner shows it to owners)."""
    actor.require("tenant:read")
    tenant = _tenant(session, actor)
    asker = tenant.deletion_requested_by
    name = session.exec(select(User.name).where(User.id == asker)).first() if asker else None
    return DeletionStatus(
        tenant.subdomain, tenant.name, tenant.deletion_requested_at, tenant.deletion_due_at, name or ""
    )


def request_deletion(session: Session, *, actor: Actor, confirmation: str, now: datetime | None = None) -> Tenant:
    """Schedule the tenant's erasure in ``GRACE`` (owners, typing the subdomain); it turns read-only at once."""
    actor.require("tenant:delete")
    tenant = _tenant(session, actor)
    if tenant.deletion_due_at is not None:
        raise Conflict("A exclusão desta organização já foi solicitada.", code="deletion_pending")
    if (confirmation or "").strip().lower() != tenant.subdomain.lower():
        raise Invalid(
            "Para confirmar, digite o subdomínio da organização: {subdomain}.",
            code="confirmation_mismatch",
            details={"field": "confirmation"},
            subdomain=tenant.subdomain,
        )
    now = now or utcnow()
    tenant.deletion_requested_at, tenant.deletion_due_at = now, now + GRACE
    tenant.deletion_requested_by, tenant.updated_at = actor.user_id, now
    session.add(tenant)
    _event(session, actor, "tenant.deletion_requested", due=tenant.deletion_due_at.isoformat())
    _tell_everyone(session, tenant, "tenant_deletion_scheduled", requested_by=_name(session, actor))
    return tenant


def cancel_deletion(session: Session, *, actor: Actor) -> Tenant:
    """Call a scheduled deletion off (owners, any time before it runs): everything is as it was."""
    actor.require("tenant:delete")
    tenant = _tenant(session, actor)
    if tenant.deletion_due_at is None:
        raise Conflict("Não há exclusão pendente para cancelar.", code="no_deletion_pending")
    tenant.deletion_requested_at = tenant.deletion_due_at = tenant.deletion_requested_by = None
    tenant.updated_at = utcnow()
    session.add(tenant)
    _event(session, actor, "tenant.deletion_cancelled")
    _tell_everyone(session, tenant, "tenant_deletion_cancelled", cancelled_by=_name(session, actor))
    return tenant


def _name(session: Session, actor: Actor) -> str:
    return session.exec(select(User.name).where(User.id == actor.user_id)).one()


def _tell_everyone(session: Session, tenant: Tenant, template: str, **context: str) -> None:
    """Mail every active person of the tenant: their data goes with it (or stays, after a cancel)."""
    people = session.exec(select(User).where(User.tenant_id == tenant.id, User.is_active == True)).all()  # noqa: E712
    link = app_link("/team/organization")
    for person in people:
        due = format_dt(tenant.deletion_due_at, person.locale) if tenant.deletion_due_at else ""
        values = {"name": person.name, "tenant": tenant.name, "due": due, "link": link, **context}
        locale = person.locale
        send_mail(session, tenant_id=tenant.id, to=person.email, template=template, context=values, locale=locale)


def _event(session: Session, actor: Actor, kind: str, **payload: object) -> None:
    emit(
        session,
        tenant_id=actor.tenant_id,
        actor_id=actor.user_id,
        kind=kind,
        target_type="tenant",
        target_id=actor.tenant_id,
        **payload,
    )


def due_tenants(session: Session, now: datetime) -> list[uuid.UUID]:
    """Tenants whose grace has ended (system session: the sweep spans tenants)."""
    return list(
        session.exec(
            select(Tenant.id).where(Tenant.deletion_due_at.is_not(None), Tenant.deletion_due_at <= now)  # type: ignore[union-attr]
        ).all()
    )
