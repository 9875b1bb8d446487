"""The one door to Stripe: a client built from the settings, and whether billing is on at all."""

from __future__ import annotations

from typing import Any

import stripe

from poc_tracker.errors import Conflict, DomainError
from poc_tracker.i18n import N_
from poc_tracker.settings import get_settings


class BillingOff(Conflict):
    """No Stripe key is set: plans are changed by the platform admin."""

    code, message = (
        "billing_off",
        N_("A cobrança online está desligada; o plano é alterado pela administração da plataforma."),
    )


class PaymentProviderDown(DomainError):
    """Stripe could not be reached or refused the request; nothing was changed here."""

    status, code, message = 502, "payment_provider_error", N_("O provedor de pagamentos não respondeu. Tente de novo.")


def enabled() -> bool:
    """Whether online billing is configured (a Stripe secret key is set)."""
    return bool(get_settings().stripe_secret_key)


def client() -> stripe.StripeClient:
    """A Stripe client for the configured account (Stripe's API, or the address the settings give)."""
    s = get_settings()
    if not s.stripe_secret_key:
        raise BillingOff()
    base = {"api": s.stripe_api_base.rstrip("/")} if s.stripe_api_base else None
    return stripe.StripeClient(s.stripe_secret_key, base_addresses=base, max_network_retries=1)


def call(fn: Any, *args: Any, **kwargs: Any) -> Any:
    """Run one Stripe request; a network or API failure becomes a clear, translated error."""
    try:
        return fn(*args, **kwargs)
    except stripe.StripeError as exc:
        raise PaymentProviderDown(details={"provider": exc.__class__.__name__}) from exc


def fetch(fn: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """One Stripe read, as plain dicts (the library's objects are not dicts)."""
    return call(fn, *args, **kwargs).to_dict()


def construct_event(payload: bytes, signature: str) -> stripe.Event:
    """The event Stripe sent, once its ``Stripe-Signature`` checks out against the webhook secret."""
    secret = get_settings().stripe_webhook_secret
    if not secret:
        raise BillingOff()
    return stripe.Webhook.construct_event(payload, signature, secret)
