"""After a failed payment: grace, then read-only (nothing deleted), then normal once paid; owners are e-mailed."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_date
from sqlmodel import Session, col, select

from poc_tracker.billing.accounts import tenant_of
from poc_tracker.i18n import normalize_locale
from poc_tracker.models import BillingAccount, User
from poc_tracker.models.base import utcnow
from poc_tracker.services.events import emit
from poc_tracker.services.mail import send_mail
from poc_tracker.settings import get_settings


def _owners(session: Session, tenant_id: uuid.UUID) -> list[User]:
    users = session.exec(select(User).where(User.tenant_id == tenant_id, col(User.is_active).is_(True))).all()
    return [u for u in users if "owner" in (u.roles or [])]


def notify(session: Session, acc: BillingAccount, template: str) -> None:
    """E-mail the tenant's owners one of billing_grace, billing_read_only or billing_restored."""
    tenant = tenant_of(session, acc.tenant_id)
    tz = get_settings().timezone
    for owner in _owners(session, acc.tenant_id):
        until = ""
        if acc.grace_until is not None:
            until = format_date(acc.grace_until.astimezone(ZoneInfo(tz)), "long", locale=normalize_locale(owner.locale))
        context = {"name": owner.name, "tenant": tenant.name, "grace_until": until}
        send_mail(
            session, tenant_id=acc.tenant_id, to=owner.email, template=template, context=context, locale=owner.locale
        )
    acc.notified = template.removeprefix("billing_")


def _record(session: Session, acc: BillingAccount, status: str) -> None:
    emit(
        session,
        tenant_id=acc.tenant_id,
        actor_id=None,
        kind="billing.status_changed",
        target_type="tenant",
        target_id=acc.tenant_id,
        status=status,
    )


def enter_grace(session: Session, acc: BillingAccount, now: datetime | None = None) -> None:
    """A renewal failed: writing goes on until the grace period ends; owners are told once."""
    if acc.status in ("grace", "read_only"):
        return
    acc.status = "grace"
    acc.grace_until = (now or utcnow()) + timedelta(days=get_settings().billing_grace_days)
    notify(session, acc, "billing_grace")
    _record(session, acc, "grace")


def enter_read_only(session: Session, acc: BillingAccount) -> None:
    """Still unpaid after the grace period: the tenant can read everything and change nothing."""
    if acc.status == "read_only":
        return
    acc.status = "read_only"
    if acc.notified != "read_only":
        notify(session, acc, "billing_read_only")
    _record(session, acc, "read_only")


def restore(session: Session, acc: BillingAccount) -> None:
    """Paid again: back to normal, and the owners hear it if they had been warned."""
    warned = acc.status in ("grace", "read_only")
    acc.status, acc.grace_until = "active", None
    if warned:
        notify(session, acc, "billing_restored")
        acc.notified = ""
        _record(session, acc, "active")


def sweep_lapsed(session: Session, now: datetime | None = None) -> int:
    """Turn every tenant whose grace period ended read-only (beat, across tenants); how many changed."""
    now = now or utcnow()
    lapsed = session.exec(
        select(BillingAccount).where(BillingAccount.status == "grace", col(BillingAccount.grace_until) <= now)
    ).all()
    for acc in lapsed:
        enter_read_only(session, acc)
        acc.updated_at = now
        session.add(acc)
    return len(lapsed)
