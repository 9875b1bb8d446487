"""What the plans page and the API show: the plan, usage, billing state; and the platform admin's view of all."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from poc_tracker.billing import gateway, plans
from poc_tracker.billing.accounts import account_of, effective_status, has_profile
from poc_tracker.billing.checkout import latest_checkout
from poc_tracker.errors import Forbidden, NotFound
from poc_tracker.models import BillingAccount, Tenant
from poc_tracker.models.base import utcnow
from poc_tracker.services.actor import Actor
from poc_tracker.services.events import emit
from poc_tracker.services.quotas import Usage, usage


@dataclass(frozen=True)
class Overview:
    """The tenant's plan, usage and billing state."""

    enabled: bool
    plan: str
    status: str  # none, active, grace, read_only, canceled
    interval: str
    current_period_end: datetime | None
    cancel_at_period_end: bool
    grace_until: datetime | None
    pending_plan: str
    has_profile: bool
    checkout_status: str  # of the last checkout: open, awaiting_payment, paid, failed, expired ("" when none)
    usage: Usage


def overview(session: Session, *, actor: Actor) -> Overview:
    """My tenant's plan and billing state (owners)."""
    actor.require("billing:manage")
    acc, used = account_of(session, actor.tenant_id), usage(session, actor=actor)
    last = latest_checkout(session, actor=actor)
    return Overview(
        enabled=gateway.enabled(),
        plan=used.plan,
        status=effective_status(acc),
        interval=acc.interval if acc else "",
        current_period_end=acc.current_period_end if acc else None,
        cancel_at_period_end=bool(acc and acc.cancel_at_period_end),
        grace_until=acc.grace_until if acc else None,
        pending_plan=acc.pending_plan if acc else "",
        has_profile=has_profile(acc),
        checkout_status=last.status if last else "",
        usage=used,
    )


def banner_status(session: Session, *, actor: Actor) -> tuple[str, datetime | None]:
    """``(status, grace_until)`` for the banner every member sees: grace or read_only, else ``""``."""
    status = effective_status(account_of(session, actor.tenant_id))
    acc = account_of(session, actor.tenant_id)
    return (status if status in ("grace", "read_only") else ""), (acc.grace_until if acc else None)


@dataclass(frozen=True)
class TenantBilling:
    """One tenant in the platform admin's billing list."""

    tenant_id: uuid.UUID
    name: str
    plan: str
    status: str
    stripe_customer_id: str
    current_period_end: datetime | None
    grace_until: datetime | None


def list_billing(session: Session, *, actor: Actor, limit: int = 200) -> list[TenantBilling]:
    """Every tenant's plan and billing state (platform admins, in a system session)."""
    if not actor.platform_admin:
        raise Forbidden()
    rows = session.exec(
        select(Tenant, BillingAccount)
        .outerjoin(BillingAccount, col(BillingAccount.tenant_id) == Tenant.id)
        .order_by(col(Tenant.name))
        .limit(limit)
    ).all()
    return [
        TenantBilling(
            t.id,
            t.name,
            t.plan,
            effective_status(a),
            (a.stripe_customer_id or "") if a else "",
            a.current_period_end if a else None,
            a.grace_until if a else None,
        )
        for t, a in rows
    ]


def set_plan(session: Session, *, actor: Actor, tenant_id: uuid.UUID, plan: str) -> Tenant:
    """The platform admin sets a tenant's plan by hand (how plans change while billing is off)."""
    if not actor.platform_admin:
        raise Forbidden()
    plans.known(plan)
    tenant = session.exec(select(Tenant).where(Tenant.id == tenant_id)).first()
    if tenant is None:
        raise NotFound()
    before, tenant.plan, tenant.updated_at = tenant.plan, plan, utcnow()
    session.add(tenant)
    emit(
        session,
        tenant_id=tenant.id,
        actor_id=actor.user_id,
        kind="tenant.plan_changed",
        target_type="tenant",
        target_id=tenant.id,
        before=before,
        after=plan,
        source="platform_admin",
    )
    return tenant
