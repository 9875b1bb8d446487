"""Billing pieces: plan and status names, a plan card, usage bars, and the grace / read-only banner."""

from __future__ import annotations

import reflex as rx

from components.i18n import t
from state.billing import BillingBannerState, BillingState


def plan_name(name: rx.Var) -> rx.Component:
    """A plan's name in the user's language."""
    return rx.match(name, ("basic", t("Básico")), ("team", t("Equipe")), ("enterprise", t("Empresa")), name)


def status_badge(status: rx.Var) -> rx.Component:
    """The billing state as a coloured badge."""
    return rx.match(
        status,
        ("active", rx.badge(t("Em dia"), color_scheme="green")),
        ("grace", rx.badge(t("Pagamento pendente"), color_scheme="amber")),
        ("read_only", rx.badge(t("Somente leitura"), color_scheme="red")),
        ("canceled", rx.badge(t("Cancelada"), color_scheme="gray")),
        rx.badge(t("Sem assinatura"), color_scheme="gray"),
    )


def invoice_status(status: rx.Var) -> rx.Component:
    """An invoice's status, translated."""
    return rx.match(
        status,
        ("paid", rx.badge(t("Paga"), color_scheme="green")),
        ("open", rx.badge(t("Em aberto"), color_scheme="amber")),
        ("void", rx.badge(t("Anulada"), color_scheme="gray")),
        ("uncollectible", rx.badge(t("Não cobrável"), color_scheme="red")),
        rx.badge(status),
    )


def usage_bar(label: str, used: rx.Var, percent: rx.Var) -> rx.Component:
    """How much of a limit is used."""
    return rx.vstack(
        rx.flex(rx.text(t(label), size="2"), rx.spacer(), rx.text(used, size="2", color_scheme="gray"), width="100%"),
        rx.progress(value=percent, color_scheme=rx.cond(percent >= 90, "red", "indigo"), aria_label=t(label)),
        spacing="1",
        width="100%",
    )


def _plan_button(row: rx.Var) -> rx.Component:
    return rx.match(
        row.action,
        ("current", rx.button(t("Plano atual"), disabled=True, variant="soft", width="100%")),
        (
            "upgrade",
            rx.button(
                t("Mudar para este plano"),
                on_click=BillingState.choose_plan(row.name),
                disabled=~BillingState.enabled,
                width="100%",
                id="plan-" + row.name.to(str),
            ),
        ),
        rx.button(
            t("Reduzir para este plano"),
            on_click=BillingState.choose_plan(row.name),
            disabled=~BillingState.enabled | ~BillingState.subscribed,
            variant="outline",
            width="100%",
            id="plan-" + row.name.to(str),
        ),
    )


def plan_card(row: rx.Var) -> rx.Component:
    """A plan with its price for the chosen interval, limits and button."""
    yearly = BillingState.interval == "year"
    return rx.card(
        rx.vstack(
            rx.flex(
                rx.heading(plan_name(row.name), size="4"),
                rx.spacer(),
                rx.cond(row.action == "current", rx.badge(t("atual"))),
            ),
            rx.hstack(
                rx.text(rx.cond(yearly, row.year, row.month), size="6", weight="bold"),
                rx.text(rx.cond(yearly, t("/ano"), t("/mês")), size="2", color_scheme="gray"),
                align="baseline",
                spacing="1",
            ),
            rx.text(row.pocs, " ", t("POCs"), " · ", row.storage, " ", t("de arquivos"), size="2", color_scheme="gray"),
            _plan_button(row),
            spacing="3",
            width="100%",
        ),
        width="100%",
        class_name="plan-card",
    )


def billing_banner() -> rx.Component:
    """Grace period or read-only: what happens and, for owners, where to pay."""
    grace = BillingBannerState.banner == "grace"
    shown = rx.cond(
        BillingBannerState.banner != "",
        rx.callout.root(
            rx.callout.icon(rx.cond(grace, rx.icon("clock", size=16), rx.icon("lock", size=16))),
            rx.flex(
                rx.callout.text(
                    rx.cond(
                        grace,
                        t("Pagamento pendente: tudo continua funcionando até"),
                        t("Organização em modo somente leitura até o pagamento ser confirmado; nada foi apagado."),
                    ),
                    rx.cond(grace, " " + BillingBannerState.until + ".", ""),
                ),
                rx.cond(BillingBannerState.owner, rx.link(rx.button(t("Regularizar"), size="1"), href="/plano")),
                gap="8px",
                align="center",
                wrap="wrap",
            ),
            color_scheme=rx.cond(grace, "amber", "red"),
            size="1",
            width="100%",
            id="billing-banner",
        ),
    )
    return rx.fragment(rx.box(on_mount=BillingBannerState.load_banner, display="none"), shown)
