"""The plans page on a phone and a desktop: prices in R$, checkout up to Stripe's page, the billing banners."""

from __future__ import annotations

import urllib.request

from playwright.sync_api import Page

from tests.e2e.browser import screenshot, sign_up, wait_for_path
from tests.stripe_fake import FakeStripe, sign

PROFILE = {
    "legal_name": "Acme Tecnologia Ltda",
    "tax_id": "11.222.333/0001-81",
    "email": "financeiro@acme.com.br",
    "address_line1": "Av. Paulista, 1000",
    "city": "São Paulo",
    "state": "SP",
    "postal_code": "01310-100",
}


def post_event(base: str, fake: FakeStripe, kind: str, obj_id: str) -> None:
    body = fake.event(kind, obj_id)
    req = urllib.request.Request(
        f"{base}/api/v1/billing/webhook", data=body, method="POST", headers={"Stripe-Signature": sign(body)}
    )
    with urllib.request.urlopen(req) as res:
        assert res.status == 200


def test_plans_checkout_and_billing_banners(page: Page, app_server: str, stripe_stand_in: FakeStripe):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_up(page, app_server, "faturamento")
    page.goto(f"{app_server}/plano")
    page.wait_for_selector(".plan-card >> text=R$ 199,00")
    assert page.locator("#current-plan").inner_text() == "Básico"
    page.get_by_role("radio", name="Anual").click()
    page.wait_for_selector(".plan-card >> text=R$ 1.990,00")
    screenshot(page, "plano-phone")

    page.fill("#billing-tax_id", "11.222.333/0001-82")  # a wrong check digit is refused, nothing saved
    for name, value in PROFILE.items():
        if name != "tax_id":
            page.fill(f"#billing-{name}", value)
    page.get_by_role("button", name="Salvar dados de cobrança").click()
    page.wait_for_selector("text=CNPJ ou CPF inválido: confira os dígitos.")
    page.fill("#billing-tax_id", PROFILE["tax_id"])
    page.get_by_role("button", name="Salvar dados de cobrança").click()
    page.wait_for_selector("text=Dados de cobrança salvos.")

    page.click("#plan-team")
    page.wait_for_url(f"{stripe_stand_in.url}/checkout/**")  # off to Stripe's hosted page
    cs = page.url.rsplit("/", 1)[1]
    assert stripe_stand_in.objects[cs]["payment_method_types"] == ["card", "boleto", "pix"]

    stripe_stand_in.complete_checkout(cs, "card")
    post_event(app_server, stripe_stand_in, "checkout.session.completed", cs)
    invoice = stripe_stand_in.renewal(stripe_stand_in.objects[cs]["subscription"], paid=False)
    post_event(app_server, stripe_stand_in, "invoice.payment_failed", invoice["id"])
    page.goto(f"{app_server}/plano")
    wait_for_path(page, "/plano")
    page.wait_for_selector("#billing-banner >> text=Pagamento pendente")
    assert page.locator("#current-plan").inner_text() == "Equipe"
    assert page.locator("#billing-tax_id").input_value() == "11.222.333/0001-81"
    page.wait_for_selector(".invoice-row >> text=R$ 1.990,00")
    screenshot(page, "plano-grace-phone")
    page.set_viewport_size({"width": 1440, "height": 900})
    page.wait_for_selector("#billing-banner")
    screenshot(page, "plano-grace-desktop")
