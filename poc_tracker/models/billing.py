"""Billing: a tenant's Stripe customer and subscription, checkouts, invoices and the webhook events seen."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlmodel import Field, SQLModel

from poc_tracker.models.base import UTCDateTime, new_id, utcnow


class BillingAccount(SQLModel, table=True):
    """Who pays for a tenant (legal name, CNPJ, address) and the state derived from Stripe's events."""

    __tablename__ = "billing_accounts"

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    tenant_id: uuid.UUID = Field(foreign_key="tenants.id", unique=True)
    legal_name: str = Field(default="", max_length=200)
    tax_id: str = Field(default="", max_length=14)  # CNPJ (or CPF) without punctuation, upper case
    email: str = Field(default="", max_length=254)
    address_line1: str = Field(default="", max_length=200)
    address_line2: str = Field(default="", max_length=200)
    city: str = Field(default="", max_length=100)
    state: str = Field(default="", max_length=2)
    postal_code: str = Field(default="", max_length=8)
    stripe_customer_id: str | None = Field(default=None, max_length=255, unique=True)
    stripe_subscription_id: str | None = Field(default=None, max_length=255, index=True)
    status: str = Field(default="none", max_length=20)  # none, active, grace, read_only, canceled
    interval: str = Field(default="", max_length=10)  # month or year
    pending_plan: str = Field(default="", max_length=50)  # asked for, not yet confirmed by an event
    current_period_end: datetime | None = Field(default=None, sa_type=UTCDateTime)
    cancel_at_period_end: bool = Field(default=False)
    grace_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    notified: str = Field(default="", max_length=20)  # the last dunning mail sent (grace, read_only)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class BillingCheckout(SQLModel, table=True):
    """A Stripe Checkout session opened for a plan; its fate comes from webhooks, never the redirect."""

    __tablename__ = "billing_checkouts"

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    tenant_id: uuid.UUID = Field(foreign_key="tenants.id", index=True)
    created_by: uuid.UUID = Field(foreign_key="users.id")
    stripe_session_id: str = Field(max_length=255, unique=True)
    plan: str = Field(max_length=50)
    interval: str = Field(max_length=10)
    status: str = Field(default="open", max_length=20)  # open, awaiting_payment, paid, failed, expired
    url: str = Field(default="", max_length=2000)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class BillingInvoice(SQLModel, table=True):
    """A Stripe invoice of the tenant, as last read from Stripe."""

    __tablename__ = "billing_invoices"

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    tenant_id: uuid.UUID = Field(foreign_key="tenants.id", index=True)
    stripe_invoice_id: str = Field(max_length=255, unique=True)
    number: str = Field(default="", max_length=100)
    status: str = Field(default="draft", max_length=20)  # draft, open, paid, void, uncollectible
    amount_due: int = Field(default=0)  # centavos
    amount_paid: int = Field(default=0)
    currency: str = Field(default="brl", max_length=3)
    hosted_invoice_url: str = Field(default="", max_length=2000)
    invoice_pdf: str = Field(default="", max_length=2000)
    issued_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class BillingEvent(SQLModel, table=True):
    """A Stripe event already handled: its id makes a replay a no-op."""

    __tablename__ = "billing_events"

    id: str = Field(primary_key=True, max_length=255)
    type: str = Field(max_length=100)
    tenant_id: uuid.UUID | None = Field(default=None, index=True)
    created: datetime = Field(sa_type=UTCDateTime, nullable=False)  # when Stripe made it
    outcome: str = Field(default="applied", max_length=20)  # applied or ignored
    received_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
