"""Stripe's webhook events: verified, applied once each, and read back from Stripe so their order never matters.

The tenant's billing state comes only from here. An event names an object; its latest state is fetched
from Stripe before anything changes, so an old ``customer.subscription.updated`` that arrives late
applies today's state, not yesterday's.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session, select

from poc_tracker.billing import dunning, gateway, plans
from poc_tracker.billing.accounts import tenant_of
from poc_tracker.models import BillingAccount, BillingCheckout, BillingEvent, BillingInvoice
from poc_tracker.models.base import utcnow
from poc_tracker.services.events import emit

FINAL_CHECKOUT = ("paid", "failed", "expired")
CHECKOUT_STATUS = {
    "checkout.session.async_payment_succeeded": "paid",
    "checkout.session.async_payment_failed": "failed",
    "checkout.session.expired": "expired",
}


def _ts(value: int | None) -> datetime | None:
    return datetime.fromtimestamp(value, UTC) if value else None


def already_seen(session: Session, event_id: str) -> bool:
    """Whether this event was handled before (a replay or Stripe's retry)."""
    return session.exec(select(BillingEvent.id).where(BillingEvent.id == event_id)).first() is not None


def process(session: Session, event: Any) -> str:
    """Apply one verified event once; ``applied``, ``ignored`` or ``duplicate``. The caller commits."""
    if already_seen(session, event.id):
        return "duplicate"
    # Recorded first: a second delivery racing this one waits on the key and then fails as a duplicate.
    row = BillingEvent(id=event.id, type=event.type, created=_ts(event.created) or utcnow())
    session.add(row)
    session.flush()
    tenant_id = _apply(session, event.type, event.data.object.to_dict())
    row.tenant_id, row.outcome = tenant_id, "applied" if tenant_id else "ignored"
    session.add(row)
    return row.outcome


def _apply(session: Session, kind: str, obj: Any) -> uuid.UUID | None:
    if kind.startswith("checkout.session."):
        return _checkout(session, kind, obj)
    if kind.startswith("customer.subscription."):
        return sync_subscription(session, obj["id"])
    if kind.startswith("invoice."):
        tenant = sync_invoice(session, obj["id"])
        sub = _invoice_subscription(obj)
        return (sync_subscription(session, sub) if sub else None) or tenant
    return None


def _checkout(session: Session, kind: str, obj: Any) -> uuid.UUID | None:
    row = session.exec(select(BillingCheckout).where(BillingCheckout.stripe_session_id == obj["id"])).first()
    if row is None:
        return None
    status = CHECKOUT_STATUS.get(kind)
    if kind == "checkout.session.completed":
        status = "paid" if obj.get("payment_status") in ("paid", "no_payment_required") else "awaiting_payment"
    if status and row.status not in FINAL_CHECKOUT:  # a late "completed" never reopens a paid or failed one
        row.status, row.updated_at = status, utcnow()
        session.add(row)
    sub = obj.get("subscription")
    if sub:
        sync_subscription(session, sub if isinstance(sub, str) else sub["id"])
    return row.tenant_id


def _account_by_customer(session: Session, customer: Any) -> BillingAccount | None:
    cid = customer if isinstance(customer, str) else (customer or {}).get("id")
    if not cid:
        return None
    return session.exec(select(BillingAccount).where(BillingAccount.stripe_customer_id == cid)).first()


def _price_and_period(sub: Any) -> tuple[str, datetime | None]:
    item = sub["items"]["data"][0]
    end = item.get("current_period_end") or sub.get("current_period_end")  # per item since API 2025-03
    return item["price"]["id"], _ts(end)


def sync_subscription(session: Session, subscription_id: str) -> uuid.UUID | None:
    """Read a subscription from Stripe and make the tenant's plan and billing state follow it."""
    sub = gateway.fetch(gateway.client().subscriptions.retrieve, subscription_id)
    acc = _account_by_customer(session, sub["customer"])
    price, period_end = _price_and_period(sub)
    sold = plans.plan_for_price(price)
    if acc is None or sold is None:
        return None
    status = sub["status"]
    if sub["id"] != acc.stripe_subscription_id:
        if status not in ("active", "trialing", "past_due", "unpaid"):
            return acc.tenant_id  # an unpaid checkout, an expired boleto, an old subscription: nothing changes
        acc.stripe_subscription_id = sub["id"]
    plan, interval = sold
    if status in ("active", "trialing"):
        _set_plan(session, acc, plan)
        dunning.restore(session, acc)
    elif status == "past_due":
        dunning.enter_grace(session, acc)
    elif status == "unpaid":
        dunning.enter_read_only(session, acc)
    elif status in ("canceled", "incomplete_expired"):
        _set_plan(session, acc, plans.ORDER[0])
        acc.status = "canceled"
    if status not in ("incomplete",):
        acc.interval, acc.current_period_end = interval, period_end
        acc.cancel_at_period_end = bool(sub.get("cancel_at_period_end"))
        acc.pending_plan = "" if not sub.get("pending_update") else acc.pending_plan
    acc.updated_at = utcnow()
    session.add(acc)
    return acc.tenant_id


def _set_plan(session: Session, acc: BillingAccount, plan: str) -> None:
    tenant = tenant_of(session, acc.tenant_id)
    if tenant.plan == plan:
        return
    before, tenant.plan, tenant.updated_at = tenant.plan, plan, utcnow()
    session.add(tenant)
    emit(
        session,
        tenant_id=tenant.id,
        actor_id=None,
        kind="tenant.plan_changed",
        target_type="tenant",
        target_id=tenant.id,
        before=before,
        after=plan,
        source="stripe",
    )


def _invoice_subscription(inv: Any) -> str | None:
    sub = inv.get("subscription")
    if not sub:  # API 2025-03 and later: under parent.subscription_details
        parent = inv.get("parent") or {}
        sub = (parent.get("subscription_details") or {}).get("subscription")
    return sub if isinstance(sub, str) or sub is None else sub["id"]


def sync_invoice(session: Session, invoice_id: str) -> uuid.UUID | None:
    """Read an invoice from Stripe and keep its number, status, amounts and PDF link."""
    inv = gateway.fetch(gateway.client().invoices.retrieve, invoice_id)
    acc = _account_by_customer(session, inv["customer"])
    if acc is None:
        return None
    row = session.exec(select(BillingInvoice).where(BillingInvoice.stripe_invoice_id == inv["id"])).first()
    row = row or BillingInvoice(tenant_id=acc.tenant_id, stripe_invoice_id=inv["id"])
    row.number = inv.get("number") or ""
    row.status = inv.get("status") or "draft"
    row.amount_due, row.amount_paid = inv.get("amount_due") or 0, inv.get("amount_paid") or 0
    row.currency = inv.get("currency") or "brl"
    row.hosted_invoice_url, row.invoice_pdf = inv.get("hosted_invoice_url") or "", inv.get("invoice_pdf") or ""
    row.issued_at, row.updated_at = _ts(inv.get("created")) or utcnow(), utcnow()
    session.add(row)
    return acc.tenant_id
