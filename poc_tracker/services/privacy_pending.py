"""The admins' view of the tenant's open data-subject requests: who asked what, when it is due, which are late.

LGPD art. 19, II gives 15 days for a full answer; a request open for 10 days raises an alert so that an
admin acts before the deadline, and one past its due date shows as overdue.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from poc_tracker.i18n import N_, gettext
from poc_tracker.models import PrivacyRequest, User
from poc_tracker.models.base import utcnow
from poc_tracker.services.actor import Actor
from poc_tracker.services.privacy.requests import ACTIVE

ALERT_AFTER = timedelta(days=10)
KIND_LABELS = {
    "access": N_("Confirmação e acesso"),
    "export": N_("Exportação (portabilidade)"),
    "deletion": N_("Exclusão"),
    "tenant_export": N_("Exportação da organização"),
}
OTHER = N_("Outro pedido")
STATUS_LABELS = {"open": N_("Aberto"), "processing": N_("Em preparo")}


@dataclass(frozen=True)
class PendingRequest:
    """One open request as admins see it."""

    protocol: str
    kind: str
    kind_label: str
    person: str
    status_label: str
    created_at: datetime
    due_at: datetime
    days_left: int  # whole days until the due date (negative once overdue)
    alert: bool  # open for 10 days or more: act now
    overdue: bool


def pending_requests(
    session: Session, *, actor: Actor, locale: str, now: datetime | None = None
) -> list[PendingRequest]:
    """The tenant's open and in-progress requests, the most urgent first (admins and owners)."""
    actor.require("users:read")
    now = now or utcnow()
    rows = session.exec(
        select(PrivacyRequest, User.name)
        .join(User, col(User.id) == PrivacyRequest.user_id)
        .where(PrivacyRequest.tenant_id == actor.tenant_id, col(PrivacyRequest.status).in_(ACTIVE))
        .order_by(col(PrivacyRequest.due_at))
    ).all()
    return [
        PendingRequest(
            protocol=req.protocol,
            kind=req.kind,
            kind_label=gettext(KIND_LABELS.get(req.kind, OTHER), locale),
            person=name,
            status_label=gettext(STATUS_LABELS.get(req.status, STATUS_LABELS["open"]), locale),
            created_at=req.created_at,
            due_at=req.due_at,
            days_left=(req.due_at - now).days,
            alert=now - req.created_at >= ALERT_AFTER,
            overdue=now > req.due_at,
        )
        for req, name in rows
    ]
