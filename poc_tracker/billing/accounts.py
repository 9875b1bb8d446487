"""A tenant's billing account: who pays (legal name, CNPJ, address), its state, and the access helpers."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from poc_tracker.billing import tax_ids
from poc_tracker.errors import Invalid, NotFound
from poc_tracker.models import BillingAccount, BillingInvoice, Tenant
from poc_tracker.models.base import utcnow
from poc_tracker.services.actor import Actor
from poc_tracker.services.validation import clean_email, clean_text

UFS = frozenset(
    "AC AL AP AM BA CE DF ES GO MA MT MS MG PA PB PR PE PI RJ RN RS RO RR SC SP SE TO".split()  # noqa: SIM905
)  # the 27 federative units


@dataclass(frozen=True)
class BillingProfile:
    """What the owner types once: the legal name, CNPJ (or CPF) and the billing address."""

    legal_name: str
    tax_id: str
    email: str
    address_line1: str
    city: str
    state: str
    postal_code: str
    address_line2: str = ""


def account_of(session: Session, tenant_id: uuid.UUID) -> BillingAccount | None:
    """The tenant's billing account, if it has one."""
    return session.exec(select(BillingAccount).where(BillingAccount.tenant_id == tenant_id)).first()


def ensure_account(session: Session, tenant_id: uuid.UUID) -> BillingAccount:
    """The tenant's billing account, made empty when missing."""
    found = account_of(session, tenant_id)
    if found is None:
        found = BillingAccount(tenant_id=tenant_id)
        session.add(found)
        session.flush()
    return found


def read_only(session: Session, tenant_id: uuid.UUID, now: datetime | None = None) -> bool:
    """Whether the tenant may only read: unpaid past the grace period (nothing is deleted)."""
    acc = account_of(session, tenant_id)
    if acc is None:
        return False
    lapsed = acc.status == "grace" and acc.grace_until is not None and acc.grace_until <= (now or utcnow())
    return acc.status == "read_only" or lapsed


def effective_status(acc: BillingAccount | None, now: datetime | None = None) -> str:
    """none, active, grace, read_only or canceled, with an expired grace period counted as read-only."""
    if acc is None:
        return "none"
    if acc.status == "grace" and acc.grace_until is not None and acc.grace_until <= (now or utcnow()):
        return "read_only"
    return acc.status


def clean_profile(profile: BillingProfile) -> BillingProfile:
    """The profile with every field checked; a bad CNPJ or CEP names its field."""
    tax = tax_ids.normalize(profile.tax_id)
    if not tax_ids.kind(tax):
        raise Invalid("CNPJ ou CPF inválido: confira os dígitos.", code="invalid_tax_id", details={"field": "taxId"})
    cep = re.sub(r"\D", "", profile.postal_code or "")
    if len(cep) != 8:
        raise Invalid("CEP inválido: use 8 dígitos.", code="invalid_postal_code", details={"field": "postalCode"})
    uf = (profile.state or "").strip().upper()
    if uf not in UFS:
        raise Invalid("UF inválida.", code="invalid_state", details={"field": "state"})
    return BillingProfile(
        legal_name=clean_text(profile.legal_name, field="legalName", max_length=200),
        tax_id=tax,
        email=clean_email(profile.email),
        address_line1=clean_text(profile.address_line1, field="addressLine1", max_length=200),
        address_line2=clean_text(profile.address_line2, field="addressLine2", max_length=200, required=False),
        city=clean_text(profile.city, field="city", max_length=100),
        state=uf,
        postal_code=cep,
    )


def save_profile(session: Session, *, actor: Actor, profile: BillingProfile) -> BillingAccount:
    """Keep who pays (owner); Stripe's customer gets it at the next checkout or is updated now."""
    actor.require("billing:manage")
    clean = clean_profile(profile)
    acc = ensure_account(session, actor.tenant_id)
    for field, value in clean.__dict__.items():
        setattr(acc, field, value)
    acc.updated_at = utcnow()
    session.add(acc)
    return acc


def has_profile(acc: BillingAccount | None) -> bool:
    """Whether the legal name, tax id and address are filled in."""
    return bool(acc and acc.legal_name and acc.tax_id and acc.postal_code)


def access_account(session: Session, actor: Actor, stripe_customer_id: str) -> BillingAccount:
    """My tenant's account by its Stripe customer id; someone else's is as missing as a made-up one."""
    actor.require("billing:manage")
    acc = account_of(session, actor.tenant_id)
    if acc is None or acc.stripe_customer_id != stripe_customer_id:
        raise NotFound()
    return acc


def access_subscription(session: Session, actor: Actor, stripe_subscription_id: str) -> BillingAccount:
    """My tenant's account by its Stripe subscription id (not found otherwise)."""
    actor.require("billing:manage")
    acc = account_of(session, actor.tenant_id)
    if acc is None or acc.stripe_subscription_id != stripe_subscription_id:
        raise NotFound()
    return acc


def access_invoice(session: Session, actor: Actor, stripe_invoice_id: str) -> BillingInvoice:
    """One of my tenant's invoices by its Stripe id (not found for another tenant's)."""
    actor.require("billing:manage")
    found = session.exec(
        select(BillingInvoice).where(
            BillingInvoice.tenant_id == actor.tenant_id, BillingInvoice.stripe_invoice_id == stripe_invoice_id
        )
    ).first()
    if found is None:
        raise NotFound()
    return found


def list_invoices(session: Session, *, actor: Actor, limit: int = 24) -> list[BillingInvoice]:
    """My tenant's invoices, newest first (drafts are not shown)."""
    actor.require("billing:manage")
    return list(
        session.exec(
            select(BillingInvoice)
            .where(BillingInvoice.tenant_id == actor.tenant_id, BillingInvoice.status != "draft")
            .order_by(col(BillingInvoice.issued_at).desc())
            .limit(limit)
        ).all()
    )


def tenant_of(session: Session, tenant_id: uuid.UUID) -> Tenant:
    """The tenant row (the caller's session is already scoped to it, or is a system session)."""
    return session.exec(select(Tenant).where(Tenant.id == tenant_id)).one()
