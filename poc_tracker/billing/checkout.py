"""Changing plans through Stripe: Checkout for a first subscription, a prorated update, cancel at period end.

Nothing here changes the tenant's plan: only a confirmed webhook event does (``billing.webhooks``).
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from poc_tracker.billing import gateway, plans, tax_ids
from poc_tracker.billing.accounts import account_of, ensure_account, has_profile, tenant_of
from poc_tracker.errors import Conflict, Invalid
from poc_tracker.i18n import N_
from poc_tracker.models import BillingAccount, BillingCheckout
from poc_tracker.models.base import utcnow
from poc_tracker.services.actor import Actor
from poc_tracker.services.quotas import usage
from poc_tracker.settings import get_settings

LIVE = ("active", "grace", "read_only")  # a subscription Stripe still bills


def check_fits(session: Session, actor: Actor, plan: str) -> None:
    """Refuse a move to a smaller plan the tenant's data does not fit in, saying what to remove."""
    over = plans.downgrade_blockers(usage(session, actor=actor), plan)
    pocs, mb = over.get("pocs", 0), -(-over.get("storage_bytes", 0) // (1 << 20))  # whole MB, rounded up
    details = {"field": "plan", "removePocs": pocs, "removeStorageBytes": over.get("storage_bytes", 0)}
    if pocs and mb:
        message = N_("Para mudar para este plano, remova antes {pocs} POCs e libere {mb} MB de arquivos.")
    elif pocs:
        message = N_("Para mudar para este plano, remova antes {pocs} POCs.")
    elif mb:
        message = N_("Para mudar para este plano, libere antes {mb} MB de arquivos.")
    else:
        return
    raise Conflict(message, code="plan_too_small", details=details, pocs=pocs, mb=mb)


def _customer_params(acc: BillingAccount, tenant_name: str) -> dict[str, Any]:
    return {
        "name": acc.legal_name,
        "email": acc.email,
        "description": tenant_name,
        "address": {
            "line1": acc.address_line1,
            "line2": acc.address_line2 or None,
            "city": acc.city,
            "state": acc.state,
            "postal_code": acc.postal_code,
            "country": "BR",
        },
        "preferred_locales": ["pt-BR", "en"],
        "metadata": {"tenant_id": str(acc.tenant_id)},
    }


def ensure_customer(session: Session, acc: BillingAccount) -> str:
    """The tenant's Stripe customer, made with its legal name, address and tax id when missing."""
    if acc.stripe_customer_id:
        return acc.stripe_customer_id
    if not has_profile(acc):
        raise Invalid(
            "Preencha a razão social, o CNPJ e o endereço antes de pagar.",
            code="billing_profile_missing",
            details={"field": "taxId"},
        )
    params = _customer_params(acc, tenant_of(session, acc.tenant_id).name)
    params["tax_id_data"] = [{"type": tax_ids.kind(acc.tax_id), "value": tax_ids.formatted(acc.tax_id)}]
    client = gateway.client()
    customer = gateway.call(
        client.customers.create, params=params, options={"idempotency_key": f"customer-{acc.tenant_id}"}
    )
    acc.stripe_customer_id = customer.id
    session.add(acc)
    session.flush()
    return customer.id


def start_checkout(session: Session, *, actor: Actor, plan: str, interval: str) -> BillingCheckout:
    """Open a Stripe Checkout (card, Pix, boleto) for a first paid subscription; the page redirects to its URL."""
    actor.require("billing:manage")
    if not gateway.enabled():
        raise gateway.BillingOff()
    plans.known(plan, interval)
    acc = ensure_account(session, actor.tenant_id)
    if acc.status in LIVE and acc.stripe_subscription_id:
        raise Conflict("Já existe uma assinatura: mude o plano dela.", code="already_subscribed")
    check_fits(session, actor, plan)
    price = plans.price_id(plan, interval)
    customer = ensure_customer(session, acc)
    row = BillingCheckout(tenant_id=actor.tenant_id, created_by=actor.user_id, plan=plan, interval=interval)
    row.stripe_session_id = f"pending-{row.id}"
    session.add(row)
    session.flush()
    app = get_settings().app_url.rstrip("/")
    meta = {"tenant_id": str(actor.tenant_id), "plan": plan, "interval": interval, "checkout_id": str(row.id)}
    created = gateway.call(
        gateway.client().checkout.sessions.create,
        params={
            "mode": "subscription",
            "customer": customer,
            "client_reference_id": str(actor.tenant_id),
            "line_items": [{"price": price, "quantity": 1}],
            "payment_method_types": get_settings().stripe_payment_methods,
            "payment_method_options": {"boleto": {"expires_after_days": 3}, "pix": {"expires_after_seconds": 3600}},
            "locale": "pt-BR" if actor.locale == "pt_BR" else "en",
            "success_url": f"{app}/plano?checkout=done",
            "cancel_url": f"{app}/plano?checkout=cancelled",
            "metadata": meta,
            "subscription_data": {"metadata": meta},
        },
        options={"idempotency_key": f"checkout-{row.id}"},
    )
    row.stripe_session_id, row.url = created.id, created.url or ""
    session.add(row)
    return row


def change_plan(session: Session, *, actor: Actor, plan: str, interval: str) -> BillingAccount:
    """Move a live subscription to another paid plan, prorated; the plan changes when Stripe confirms it."""
    actor.require("billing:manage")
    if not gateway.enabled():
        raise gateway.BillingOff()
    plans.known(plan, interval)
    acc = account_of(session, actor.tenant_id)
    if acc is None or acc.status not in LIVE or not acc.stripe_subscription_id:
        raise Conflict("Não há assinatura ativa: assine um plano primeiro.", code="no_subscription")
    current = tenant_of(session, actor.tenant_id).plan
    if plan == current and interval == acc.interval:
        raise Conflict("Este já é o seu plano.", code="same_plan")
    upgrade = (plans.rank(plan), interval == "year") > (plans.rank(current), acc.interval == "year")
    if not upgrade:
        check_fits(session, actor, plan)
    client = gateway.client()
    sub = gateway.fetch(client.subscriptions.retrieve, acc.stripe_subscription_id)
    item = sub["items"]["data"][0]["id"]
    gateway.call(
        client.subscriptions.update,
        acc.stripe_subscription_id,
        params={
            "items": [{"id": item, "price": plans.price_id(plan, interval)}],
            # An upgrade is charged now for the rest of the period; a downgrade leaves a credit for the next one.
            "proration_behavior": "always_invoice" if upgrade else "create_prorations",
            "payment_behavior": "pending_if_incomplete",  # unpaid, the subscription keeps its old price
        },
    )
    acc.pending_plan, acc.updated_at = f"{plan}_{interval}", utcnow()
    session.add(acc)
    return acc


def set_cancel_at_period_end(session: Session, *, actor: Actor, cancel: bool) -> BillingAccount:
    """Cancel at the end of the paid period (back to the free plan then), or keep the subscription after all."""
    actor.require("billing:manage")
    if not gateway.enabled():
        raise gateway.BillingOff()
    acc = account_of(session, actor.tenant_id)
    if acc is None or acc.status not in LIVE or not acc.stripe_subscription_id:
        raise Conflict("Não há assinatura ativa: assine um plano primeiro.", code="no_subscription")
    if cancel:
        check_fits(session, actor, plans.ORDER[0])
    gateway.call(
        gateway.client().subscriptions.update, acc.stripe_subscription_id, params={"cancel_at_period_end": cancel}
    )
    acc.updated_at = utcnow()
    session.add(acc)
    return acc


def latest_checkout(session: Session, *, actor: Actor) -> BillingCheckout | None:
    """The tenant's last checkout, to tell "waiting for your Pix or boleto" on the plans page."""
    return session.exec(
        select(BillingCheckout)
        .where(BillingCheckout.tenant_id == actor.tenant_id)
        .order_by(col(BillingCheckout.created_at).desc())
    ).first()
