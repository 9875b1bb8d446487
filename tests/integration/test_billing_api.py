"""Billing through the real ``stripe`` library against a local Stripe stand-in, with webhooks signed as Stripe signs."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlmodel import select

from poc_tracker.billing import dunning
from poc_tracker.db import system_session
from poc_tracker.models import MailMessage
from poc_tracker.models.base import utcnow
from poc_tracker.services.users import make_platform_admin
from tests.conftest import clear_caches
from tests.personas import Persona
from tests.stripe_fake import API_KEY, PRICES, WEBHOOK_SECRET, FakeStripe, sign

PROFILE = {
    "legalName": "Empresa Alfa Tecnologia Ltda",
    "taxId": "11.222.333/0001-81",
    "email": "financeiro@alfa.com.br",
    "addressLine1": "Av. Paulista, 1000",
    "city": "São Paulo",
    "state": "sp",
    "postalCode": "01310-100",
}
POC = {"name": "Fila com Redis", "language": "py", "status": "in_progress"}


@pytest.fixture
def stripe(profile) -> Iterator[FakeStripe]:
    """Billing switched on against the stand-in; off again afterwards."""
    fake = FakeStripe().start()
    env = {
        "POC_TRACKER_STRIPE_SECRET_KEY": API_KEY,
        "POC_TRACKER_STRIPE_WEBHOOK_SECRET": WEBHOOK_SECRET,
        "POC_TRACKER_STRIPE_API_BASE": fake.url,
        "POC_TRACKER_STRIPE_PRICE_IDS": json.dumps(PRICES),
        "POC_TRACKER_PLAN_LIMITS": json.dumps(
            {
                "basic": {"pocs": 1, "storage_bytes": 1 << 30, "file_bytes": 10 << 20},
                "team": {"pocs": 50, "storage_bytes": 2 << 30, "file_bytes": 50 << 20},
                "enterprise": {"pocs": 500, "storage_bytes": 4 << 30, "file_bytes": 50 << 20},
            }
        ),
    }
    os.environ.update(env)
    clear_caches()
    yield fake
    for key in env:
        os.environ.pop(key, None)
    clear_caches()
    fake.stop()


def post_event(client, fake: FakeStripe, kind: str, obj_id: str, *, secret: str = WEBHOOK_SECRET, event_id=None):
    body = fake.event(kind, obj_id, event_id=event_id)
    return client.post(
        "/api/v1/billing/webhook",
        content=body,
        headers={"Stripe-Signature": sign(body, secret), "Content-Type": "application/json"},
    )


def billing(client, owner: Persona) -> dict:
    res = client.get("/api/v1/billing", headers=owner.headers)
    assert res.status_code == 200, res.text
    return res.json()


def start(client, fake: FakeStripe, owner: Persona, plan: str = "team") -> str:
    """Fill in who pays, open a checkout; the Checkout session's id."""
    assert client.put("/api/v1/billing/profile", json=PROFILE, headers=owner.headers).status_code == 200
    res = client.post("/api/v1/billing/checkout", json={"plan": plan, "interval": "month"}, headers=owner.headers)
    assert res.status_code == 201, res.text
    assert res.json()["url"].startswith(f"{fake.url}/checkout/cs_")
    return res.json()["url"].rsplit("/", 1)[1]


def subscribe_by_card(client, fake: FakeStripe, owner: Persona) -> str:
    cs = start(client, fake, owner)
    fake.complete_checkout(cs, "card")
    assert post_event(client, fake, "checkout.session.completed", cs).json() == {"outcome": "applied"}
    assert billing(client, owner)["plan"] == "team"
    return fake.objects[cs]["subscription"]


def test_a_pix_payment_that_succeeds_upgrades_the_plan(client, stripe: FakeStripe, owner_a: Persona):
    cs = start(client, stripe, owner_a)
    customer = next(p for m, path, p in stripe.requests if path == "/v1/customers")
    assert customer["tax_id_data"] == [{"type": "br_cnpj", "value": "11.222.333/0001-81"}]
    assert customer["address"]["postal_code"] == "01310100" and customer["address"]["country"] == "BR"
    assert customer["address"]["state"] == "SP" and customer["name"] == PROFILE["legalName"]
    checkout = next(p for m, path, p in stripe.requests if path == "/v1/checkout/sessions")
    assert set(checkout["payment_method_types"]) == {"card", "boleto", "pix"}
    assert billing(client, owner_a)["plan"] == "basic"  # the redirect back proves nothing

    stripe.complete_checkout(cs, "pix")
    assert post_event(client, stripe, "checkout.session.completed", cs).status_code == 200
    state = billing(client, owner_a)
    assert state["plan"] == "basic" and state["checkoutStatus"] == "awaiting_payment"

    stripe.settle(cs, paid=True)
    assert post_event(client, stripe, "checkout.session.async_payment_succeeded", cs).status_code == 200
    state = billing(client, owner_a)
    assert (state["plan"], state["status"], state["checkoutStatus"]) == ("team", "active", "paid")
    inv = stripe.objects[stripe.objects[stripe.objects[cs]["subscription"]]["latest_invoice"]]
    post_event(client, stripe, "invoice.paid", inv["id"])
    invoices = client.get("/api/v1/billing/invoices", headers=owner_a.headers).json()["data"]
    assert [(i["status"], i["amountPaid"], i["invoicePdf"]) for i in invoices] == [("paid", 19900, inv["invoice_pdf"])]


def test_a_boleto_that_expires_does_not_upgrade(client, stripe: FakeStripe, owner_a: Persona):
    cs = start(client, stripe, owner_a)
    stripe.complete_checkout(cs, "boleto")
    post_event(client, stripe, "checkout.session.completed", cs)
    stripe.settle(cs, paid=False)
    assert post_event(client, stripe, "checkout.session.async_payment_failed", cs).status_code == 200
    post_event(client, stripe, "customer.subscription.updated", stripe.objects[cs]["subscription"])
    state = billing(client, owner_a)
    assert (state["plan"], state["status"], state["checkoutStatus"]) == ("basic", "none", "failed")


def test_a_replayed_or_forged_webhook_changes_nothing(client, stripe: FakeStripe, owner_a: Persona):
    cs = start(client, stripe, owner_a)
    stripe.complete_checkout(cs, "card")
    forged = post_event(client, stripe, "checkout.session.completed", cs, secret="whsec_someone_else")
    assert forged.status_code == 400 and forged.json()["error"]["code"] == "invalid_signature"
    unsigned = client.post("/api/v1/billing/webhook", content=stripe.event("checkout.session.completed", cs))
    assert unsigned.status_code == 400
    assert billing(client, owner_a)["plan"] == "basic"

    paid = post_event(client, stripe, "checkout.session.completed", cs, event_id="evt_paid_once")
    assert paid.json() == {"outcome": "applied"} and billing(client, owner_a)["plan"] == "team"
    sub = stripe.objects[cs]["subscription"]
    stale = stripe.event("customer.subscription.updated", sub)  # taken while active, delivered late
    stripe.end_period(sub)
    assert post_event(client, stripe, "customer.subscription.deleted", sub).json() == {"outcome": "applied"}
    assert billing(client, owner_a)["plan"] == "basic"

    replay = post_event(client, stripe, "checkout.session.completed", cs, event_id="evt_paid_once")
    assert replay.json() == {"outcome": "duplicate"}
    late = client.post("/api/v1/billing/webhook", content=stale, headers={"Stripe-Signature": sign(stale)})
    assert late.json() == {"outcome": "applied"}  # read back from Stripe: the subscription is gone
    assert billing(client, owner_a)["plan"] == "basic"


def _templates(tenant_id: str) -> list[str]:
    with system_session(reason="test") as session:
        rows = session.exec(select(MailMessage).order_by(MailMessage.created_at)).all()
        return [m.template for m in rows if str(m.tenant_id) == tenant_id and m.template.startswith("billing_")]


def test_a_failed_renewal_walks_grace_read_only_and_back_losing_nothing(client, stripe, owner_a: Persona):
    sub = subscribe_by_card(client, stripe, owner_a)
    assert client.post("/api/v1/pocs", json=POC, headers=owner_a.headers).status_code == 201

    inv = stripe.renewal(sub, paid=False)
    post_event(client, stripe, "invoice.payment_failed", inv["id"])
    state = billing(client, owner_a)
    assert state["status"] == "grace" and state["plan"] == "team" and state["graceUntil"]
    assert client.post("/api/v1/pocs", json=POC, headers=owner_a.headers).status_code == 201  # grace: still works
    assert _templates(owner_a.tenant_id) == ["billing_grace"]

    with system_session(reason="test") as session:
        assert dunning.sweep_lapsed(session, now=utcnow() + timedelta(days=8)) == 1
    refused = client.post("/api/v1/pocs", json=POC, headers=owner_a.headers)
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "tenant_read_only"
    assert client.get("/api/v1/pocs", headers=owner_a.headers).json()["totalCount"] == 2
    assert billing(client, owner_a)["status"] == "read_only"

    stripe.pay(inv["id"])
    post_event(client, stripe, "invoice.paid", inv["id"])
    assert billing(client, owner_a)["status"] == "active"
    assert client.post("/api/v1/pocs", json=POC, headers=owner_a.headers).status_code == 201
    assert client.get("/api/v1/pocs", headers=owner_a.headers).json()["totalCount"] == 3
    assert _templates(owner_a.tenant_id) == ["billing_grace", "billing_read_only", "billing_restored"]


def test_another_tenants_customer_subscription_and_invoice_ids_are_404(client, stripe, owner_a, owner_b):
    sub = subscribe_by_card(client, stripe, owner_a)
    customer, inv = stripe.objects[sub]["customer"], stripe.objects[sub]["latest_invoice"]
    post_event(client, stripe, "invoice.paid", inv)
    for path in (f"customers/{customer}", f"subscriptions/{sub}", f"invoices/{inv}"):
        assert client.get(f"/api/v1/billing/{path}", headers=owner_a.headers).status_code == 200, path
        res = client.get(f"/api/v1/billing/{path}", headers=owner_b.headers)
        assert res.status_code == 404 and res.json()["error"]["code"] == "not_found", path


def test_a_downgrade_that_does_not_fit_is_refused_and_an_upgrade_is_prorated(client, stripe, owner_a: Persona):
    sub = subscribe_by_card(client, stripe, owner_a)
    for _ in range(3):
        assert client.post("/api/v1/pocs", json=POC, headers=owner_a.headers).status_code == 201
    refused = client.post("/api/v1/billing/cancel", json={"cancelAtPeriodEnd": True}, headers=owner_a.headers)
    assert refused.status_code == 409 and refused.json()["error"]["details"]["removePocs"] == 2
    assert "remova antes 2 POCs" in refused.json()["error"]["message"]

    up = client.post("/api/v1/billing/plan", json={"plan": "enterprise", "interval": "month"}, headers=owner_a.headers)
    assert up.status_code == 200 and up.json()["plan"] == "team"  # not before Stripe confirms
    change = [p for m, path, p in stripe.requests if m == "POST" and path == f"/v1/subscriptions/{sub}"][-1]
    assert (
        change["proration_behavior"] == "always_invoice" and change["items"][0]["price"] == PRICES["enterprise_month"]
    )
    post_event(client, stripe, "customer.subscription.updated", sub)
    assert billing(client, owner_a)["plan"] == "enterprise"


def test_members_cannot_pay_and_billing_off_leaves_plans_to_the_platform_admin(client, owner_a, member_a):
    assert client.get("/api/v1/billing", headers=member_a.headers).status_code == 403
    assert billing(client, owner_a)["enabled"] is False
    off = client.post("/api/v1/billing/checkout", json={"plan": "team"}, headers=owner_a.headers)
    assert off.status_code == 409 and off.json()["error"]["code"] == "billing_off"
    bad = client.put(
        "/api/v1/billing/profile", json={**PROFILE, "taxId": "11.222.333/0001-82"}, headers=owner_a.headers
    )
    assert bad.status_code == 422 and bad.json()["error"]["details"]["field"] == "taxId"

    with system_session(reason="test") as session:
        make_platform_admin(session, email="root@plataforma.com", name="Root", password="senha-root-1")
    token = client.post("/api/v1/auth/login", json={"email": "root@plataforma.com", "password": "senha-root-1"})
    root = {"Authorization": f"Bearer {token.json()['accessToken']}"}
    url = f"/api/v1/admin/tenants/{owner_a.tenant_id}/plan"
    assert client.put(url, json={"plan": "team"}, headers=owner_a.headers).status_code == 403
    assert client.put(url, json={"plan": "team"}, headers=root).json()["plan"] == "team"
    rows = {r["tenantId"]: r for r in client.get("/api/v1/admin/billing", headers=root).json()["data"]}
    assert rows[owner_a.tenant_id]["plan"] == "team" and rows[owner_a.tenant_id]["status"] == "none"
