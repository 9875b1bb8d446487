"""Billing API: plans, profile, checkout, plan changes, invoices, Stripe's webhook and the admins' view."""

from __future__ import annotations

import dataclasses
import uuid

from fastapi import APIRouter, Header, Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.exc import IntegrityError
from stripe import SignatureVerificationError

from poc_tracker.api.billing_schemas import (
    BillingProfileIn,
    BillingPublic,
    CancelChoice,
    CheckoutPublic,
    InvoicePublic,
    InvoicesPublic,
    PlanChoice,
    PlanPublic,
    SubscriptionPublic,
    TenantBillingPublic,
    TenantsBillingPublic,
    UsagePublic,
)
from poc_tracker.api.deps import CurrentActor, SessionDep
from poc_tracker.api.schemas import TenantPublic
from poc_tracker.billing import accounts, checkout, gateway, overview, plans, webhooks
from poc_tracker.db import system_session
from poc_tracker.errors import DomainError
from poc_tracker.i18n import N_
from poc_tracker.models import BillingInvoice
from poc_tracker.services.actor import Actor

router = APIRouter(prefix="/billing", tags=["billing"])
admin_router = APIRouter(tags=["platform"])


class BadSignature(DomainError):
    """A webhook whose Stripe-Signature does not check out: nothing is read from it."""

    status, code, message = 400, "invalid_signature", N_("Assinatura do webhook inválida.")


def _public(session: SessionDep, actor: Actor) -> BillingPublic:
    o = overview.overview(session, actor=actor)
    u = o.usage
    return BillingPublic(
        **{k: v for k, v in dataclasses.asdict(o).items() if k != "usage"},
        usage=UsagePublic(
            pocs=u.pocs,
            storage_bytes=u.storage_bytes,
            max_pocs=u.max_pocs,
            max_storage_bytes=u.max_storage_bytes,
            max_file_bytes=u.max_file_bytes,
        ),
        plans=[PlanPublic.model_validate(p) for p in plans.catalogue()],
    )


@router.get("", response_model=BillingPublic)
def read_billing(session: SessionDep, actor: CurrentActor) -> BillingPublic:
    """My plan, usage and billing state, with every plan's prices (owners)."""
    return _public(session, actor)


@router.put("/profile", response_model=BillingPublic)
def save_profile(body: BillingProfileIn, session: SessionDep, actor: CurrentActor) -> BillingPublic:
    """Keep the legal name, CNPJ and address (owners); sent to Stripe as the customer's tax id and address."""
    accounts.save_profile(session, actor=actor, profile=accounts.BillingProfile(**body.model_dump()))
    session.commit()
    return _public(session, actor)


@router.post("/checkout", response_model=CheckoutPublic, status_code=201)
def start_checkout(body: PlanChoice, session: SessionDep, actor: CurrentActor) -> CheckoutPublic:
    """Open a Stripe Checkout (card, Pix, boleto) for a first paid plan; the plan changes once Stripe confirms."""
    row = checkout.start_checkout(session, actor=actor, plan=body.plan, interval=body.interval)
    session.commit()
    return CheckoutPublic(checkout_id=row.id, url=row.url, status=row.status)


@router.post("/plan", response_model=BillingPublic)
def change_plan(body: PlanChoice, session: SessionDep, actor: CurrentActor) -> BillingPublic:
    """Move the subscription to another plan, prorated (owners); a smaller plan must fit the data."""
    checkout.change_plan(session, actor=actor, plan=body.plan, interval=body.interval)
    session.commit()
    return _public(session, actor)


@router.post("/cancel", response_model=BillingPublic)
def cancel(body: CancelChoice, session: SessionDep, actor: CurrentActor) -> BillingPublic:
    """Cancel at the end of the paid period, or undo that (owners)."""
    checkout.set_cancel_at_period_end(session, actor=actor, cancel=body.cancel_at_period_end)
    session.commit()
    return _public(session, actor)


def _invoice(row: BillingInvoice) -> InvoicePublic:
    return InvoicePublic(**row.model_dump(), invoice_id=row.stripe_invoice_id, hosted_url=row.hosted_invoice_url)


@router.get("/invoices", response_model=InvoicesPublic)
def list_invoices(session: SessionDep, actor: CurrentActor) -> InvoicesPublic:
    """My invoices with status and PDF link, newest first (owners)."""
    return InvoicesPublic(data=[_invoice(r) for r in accounts.list_invoices(session, actor=actor)])


@router.get("/invoices/{invoice_id}", response_model=InvoicePublic)
def read_invoice(invoice_id: str, session: SessionDep, actor: CurrentActor) -> InvoicePublic:
    """One of my invoices by its Stripe id; another tenant's is not found."""
    return _invoice(accounts.access_invoice(session, actor, invoice_id))


@router.get("/customers/{customer_id}", response_model=BillingPublic)
def read_customer(customer_id: str, session: SessionDep, actor: CurrentActor) -> BillingPublic:
    """My billing state by my Stripe customer id; another tenant's is not found."""
    accounts.access_account(session, actor, customer_id)
    return _public(session, actor)


@router.get("/subscriptions/{subscription_id}", response_model=SubscriptionPublic)
def read_subscription(subscription_id: str, session: SessionDep, actor: CurrentActor) -> SubscriptionPublic:
    """My subscription by its Stripe id; another tenant's is not found."""
    acc = accounts.access_subscription(session, actor, subscription_id)
    return SubscriptionPublic(
        subscription_id=subscription_id,
        customer_id=acc.stripe_customer_id or "",
        status=accounts.effective_status(acc),
        interval=acc.interval,
        current_period_end=acc.current_period_end,
        cancel_at_period_end=acc.cancel_at_period_end,
    )


def _handle(payload: bytes, signature: str) -> str:
    try:
        event = gateway.construct_event(payload, signature)
    except (SignatureVerificationError, ValueError) as exc:
        raise BadSignature() from exc
    try:
        with system_session(reason="stripe webhook") as session:
            return webhooks.process(session, event)
    except IntegrityError:  # the same event delivered twice at once: the other delivery applied it
        return "duplicate"


@router.post("/webhook")
async def webhook(request: Request, stripe_signature: str = Header("", alias="Stripe-Signature")) -> dict[str, str]:
    """Stripe's events, signature checked; each applied once, whatever their order."""
    payload = await request.body()
    return {"outcome": await run_in_threadpool(_handle, payload, stripe_signature)}


@admin_router.get("/admin/billing", response_model=TenantsBillingPublic)
def list_billing(actor: CurrentActor) -> TenantsBillingPublic:
    """Every tenant's plan and billing state (platform admins)."""
    with system_session(reason="platform admin billing list") as session:
        rows = overview.list_billing(session, actor=actor)
    return TenantsBillingPublic(data=[TenantBillingPublic.model_validate(r) for r in rows])


@admin_router.put("/admin/tenants/{tenant_id}/plan", response_model=TenantPublic)
def set_plan(tenant_id: uuid.UUID, body: PlanChoice, actor: CurrentActor) -> TenantPublic:
    """Set a tenant's plan by hand (platform admins; how plans change while billing is off)."""
    with system_session(reason="platform admin sets a plan") as session:
        tenant = overview.set_plan(session, actor=actor, tenant_id=tenant_id, plan=body.plan)
        return TenantPublic.model_validate(tenant)
