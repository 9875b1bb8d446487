"""/plano (owners): the current plan and usage, every plan in R$, checkout with Stripe, billing details, invoices."""

from __future__ import annotations

import reflex as rx

from components.billing import invoice_status, plan_card, plan_name, status_badge, usage_bar
from components.i18n import t
from components.layout import error_callout
from components.page import signed_in_page
from poc_tracker.i18n import N_
from state.billing import BillingState

OFF = N_("A cobrança online está desligada: a administração da plataforma altera o plano da sua organização.")


def current_plan() -> rx.Component:
    """The plan in force, its state and usage against its limits."""
    s = BillingState
    return rx.card(
        rx.vstack(
            rx.flex(
                rx.text(t("Plano atual"), size="2", color_scheme="gray"),
                rx.spacer(),
                status_badge(s.status),
                width="100%",
            ),
            rx.heading(plan_name(s.plan), size="6", id="current-plan"),
            rx.cond(
                s.period_end != "",
                rx.text(rx.cond(s.cancel_at_period_end, t("Termina em"), t("Renova em")), " ", s.period_end, size="2"),
            ),
            rx.cond(
                s.pending,
                rx.text(t("Mudança de plano aguardando a confirmação do pagamento."), size="2", color_scheme="amber"),
            ),
            rx.cond(
                s.checkout_status == "awaiting_payment",
                rx.text(t("Aguardando o pagamento do Pix ou do boleto."), size="2", color_scheme="amber"),
            ),
            usage_bar(N_("POCs"), s.pocs_used, s.pocs_percent),
            usage_bar(N_("Armazenamento"), s.storage_used, s.storage_percent),
            rx.cond(
                s.cancel_at_period_end,
                rx.button(t("Manter a assinatura"), variant="soft", on_click=BillingState.keep_subscription),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def plans_grid() -> rx.Component:
    """Every plan, monthly or yearly prices."""
    return rx.vstack(
        rx.flex(
            rx.heading(t("Planos"), size="4"),
            rx.spacer(),
            rx.segmented_control.root(
                rx.segmented_control.item(t("Mensal"), value="month"),
                rx.segmented_control.item(t("Anual"), value="year"),
                value=BillingState.interval,
                on_change=BillingState.set_interval,
            ),
            align="center",
            width="100%",
        ),
        rx.grid(
            rx.foreach(BillingState.plans, plan_card),
            columns=rx.breakpoints(initial="1", md="3"),
            spacing="3",
            width="100%",
        ),
        rx.text(
            t("Pague com cartão, Pix ou boleto. Preços em reais; a mudança vale quando o pagamento é confirmado."),
            size="1",
            color_scheme="gray",
        ),
        spacing="3",
        width="100%",
    )


def _field(label: str, name: str, **props: object) -> rx.Component:
    return rx.vstack(
        rx.text(t(label), as_="label", custom_attrs={"htmlFor": f"billing-{name}"}, size="2", weight="medium"),
        rx.input(id=f"billing-{name}", name=name, default_value=BillingState.profile[name], width="100%", **props),
        spacing="1",
        width="100%",
    )


def profile_form() -> rx.Component:
    """Legal name, CNPJ and address, typed once and sent to Stripe with the customer."""
    return rx.card(
        rx.form(
            rx.vstack(
                rx.heading(t("Dados de cobrança"), size="4"),
                rx.text(t("Vão na fatura e no boleto: razão social, CNPJ e endereço."), size="2", color_scheme="gray"),
                rx.grid(
                    _field(N_("Razão social"), "legal_name", required=True),
                    _field(N_("CNPJ"), "tax_id", required=True, placeholder="00.000.000/0000-00", input_mode="numeric"),
                    _field(N_("E-mail para faturas"), "email", type="email", required=True),
                    _field(N_("Endereço"), "address_line1", required=True),
                    _field(N_("Complemento"), "address_line2"),
                    _field(N_("Cidade"), "city", required=True),
                    _field(N_("UF"), "state", required=True, max_length=2),
                    _field(N_("CEP"), "postal_code", required=True, placeholder="00000-000", input_mode="numeric"),
                    columns=rx.breakpoints(initial="1", md="2"),
                    spacing="3",
                    width="100%",
                ),
                error_callout(BillingState.error),
                rx.button(t("Salvar dados de cobrança"), type="submit"),
                spacing="3",
                width="100%",
            ),
            on_submit=BillingState.save_profile,
            width="100%",
        ),
        width="100%",
        id="billing-profile",
    )


def invoices_list() -> rx.Component:
    """Invoices with status and PDF."""
    return rx.card(
        rx.vstack(
            rx.heading(t("Faturas"), size="4"),
            rx.cond(
                BillingState.invoices.length() > 0,
                rx.foreach(
                    BillingState.invoices,
                    lambda i: rx.hstack(
                        rx.text(i.date, size="2"),
                        rx.text(i.number, size="2", color_scheme="gray"),
                        rx.spacer(),
                        rx.text(i.amount, size="2", weight="medium"),
                        invoice_status(i.status),
                        rx.link(t("PDF"), href=i.pdf, is_external=True, size="2"),
                        spacing="3",
                        align="center",
                        wrap="wrap",
                        width="100%",
                        class_name="invoice-row",
                    ),
                ),
                rx.text(t("Nenhuma fatura ainda."), size="2", color_scheme="gray"),
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
    )


@signed_in_page("/plano", N_("Plano"), on_load=BillingState.load_billing)
def plano_page() -> tuple[rx.Component, ...]:
    """The owner's plans page."""
    return (
        rx.heading(t("Plano e cobrança"), size="7"),
        rx.cond(
            BillingState.allowed,
            rx.vstack(
                rx.cond(
                    ~BillingState.enabled,
                    rx.callout(
                        t(OFF),
                        icon="info",
                        width="100%",
                        id="billing-off",
                    ),
                ),
                current_plan(),
                plans_grid(),
                rx.cond(BillingState.enabled, profile_form()),
                rx.cond(BillingState.enabled, invoices_list()),
                spacing="5",
                width="100%",
            ),
            error_callout(BillingState.error),
        ),
    )
