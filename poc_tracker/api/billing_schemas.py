"""Shapes of the billing API: plans, the tenant's billing state, its profile, checkouts and invoices."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import Field

from poc_tracker.api.schemas import CamelModel, shaped_like
from poc_tracker.billing.overview import TenantBilling
from poc_tracker.billing.plans import Plan
from poc_tracker.models import BillingInvoice


class PlanPublic(shaped_like(Plan)):
    """A plan with its prices (centavos of R$) and limits."""


class UsagePublic(CamelModel):
    """What the tenant uses and may use."""

    pocs: int
    storage_bytes: int
    max_pocs: int
    max_storage_bytes: int
    max_file_bytes: int


class BillingPublic(CamelModel):
    """The tenant's plan and billing state; it changes only on Stripe's confirmed events."""

    enabled: bool
    plan: str
    status: str
    interval: str
    current_period_end: datetime | None
    cancel_at_period_end: bool
    grace_until: datetime | None
    pending_plan: str
    has_profile: bool
    checkout_status: str
    usage: UsagePublic
    plans: list[PlanPublic]


class BillingProfileIn(CamelModel):
    """Who pays: legal name, CNPJ (or CPF) and address."""

    legal_name: str = Field(max_length=200)
    tax_id: str = Field(max_length=30)
    email: str = Field(max_length=254)
    address_line1: str = Field(max_length=200)
    address_line2: str = Field("", max_length=200)
    city: str = Field(max_length=100)
    state: str = Field(max_length=2)
    postal_code: str = Field(max_length=10)


class PlanChoice(CamelModel):
    """A plan and how often it is paid."""

    plan: str = Field(max_length=50)
    interval: str = Field("month", max_length=10)


class CheckoutPublic(CamelModel):
    """A Stripe Checkout to send the browser to."""

    checkout_id: uuid.UUID
    url: str
    status: str


class CancelChoice(CamelModel):
    """Cancel at the end of the period (true) or keep the subscription (false)."""

    cancel_at_period_end: bool


class InvoicePublic(
    shaped_like(BillingInvoice, exclude={"id", "tenant_id", "updated_at", "stripe_invoice_id", "hosted_invoice_url"})
):
    """An invoice with its PDF link and status."""

    invoice_id: str
    hosted_url: str


class InvoicesPublic(CamelModel):
    """The tenant's invoices, newest first."""

    data: list[InvoicePublic]


class TenantBillingPublic(shaped_like(TenantBilling)):
    """A tenant's billing state in the platform admin's list."""


class TenantsBillingPublic(CamelModel):
    """Every tenant's billing state."""

    data: list[TenantBillingPublic]


class SubscriptionPublic(CamelModel):
    """My tenant's subscription, by its Stripe id."""

    subscription_id: str
    customer_id: str
    status: str
    interval: str
    current_period_end: datetime | None
    cancel_at_period_end: bool
