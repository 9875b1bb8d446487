"""Privacy pieces: the footer link, the sign-up checkbox, the notice's frame and sections, a ledger row."""

from __future__ import annotations

import reflex as rx

from components.i18n import t
from components.layout import brand, language_switch, theme_toggle
from components.paint_first import WAITS_FOR_SCRIPTS
from components.privacy_footer import NOTICE_ROUTE
from poc_tracker.services.privacy.registry import PROCESSORS, PURPOSES
from state.privacy import ConsentRow, LedgerRow

MY_DATA_ROUTE = "/perfil/privacidade"
CARD = {"width": "100%", "max_width": "720px"}


def notice_checkbox(error: rx.Var) -> rx.Component:
    """Sign-up's required acceptance of the terms and the privacy notice (linked, opens beside the form)."""
    return rx.vstack(
        rx.hstack(
            rx.checkbox(
                name="accept_privacy_notice",
                id="accept-privacy-notice",
                margin_top="3px",
                aria_labelledby="accept-privacy-notice-label",  # a Radix checkbox is a button: named by its text
                disabled=WAITS_FOR_SCRIPTS,
            ),
            rx.text(
                t("Li e aceito os termos de uso e o"),
                " ",
                rx.link(t("aviso de privacidade"), href=NOTICE_ROUTE, is_external=True),
                ".",
                size="2",
                as_="label",
                html_for="accept-privacy-notice",
                id="accept-privacy-notice-label",
            ),
            spacing="2",
            align="start",
        ),
        rx.cond(error != "", rx.text(error, color_scheme="red", size="1", role="alert")),
        spacing="1",
        width="100%",
    )


def notice_frame(*children: rx.Component) -> rx.Component:
    """A public reading page: brand, language and theme on top, the text in a comfortable column."""
    return rx.box(
        rx.hstack(
            rx.link(brand(), href="/", underline="none"),
            rx.spacer(),
            theme_toggle(),
            language_switch(),
            padding="12px 16px",
            width="100%",
            align="center",
            spacing="3",
        ),
        rx.center(
            rx.vstack(*children, spacing="4", width="100%", max_width="720px", id="app-content"),
            padding_x="16px",
            padding_bottom="48px",
        ),
        min_height="100vh",
        background="var(--gray-1)",
    )


def card(title: rx.Var, *children: rx.Component, id_: str) -> rx.Component:
    """A titled card of the privacy pages."""
    return rx.card(
        rx.vstack(rx.heading(title, size="4"), *children, spacing="3", width="100%", align="stretch"), id=id_, **CARD
    )


def purposes_list() -> rx.Component:
    """What is kept and why: one block per purpose with its legal basis and retention."""
    return rx.vstack(
        *[
            rx.box(
                rx.text(t(p.name), weight="bold", size="2"),
                rx.text(t("Base legal"), ": ", t(p.basis), size="2", color_scheme="gray"),
                rx.text(t("Por quanto tempo"), ": ", t(p.retention), size="2", color_scheme="gray"),
                border_left="3px solid var(--accent-8)",
                padding_left="12px",
            )
            for p in PURPOSES
        ],
        spacing="3",
        width="100%",
    )


def processors_list() -> rx.Component:
    """Who the data is shared with (operators, LGPD art. 5, VII)."""
    return rx.vstack(
        *[rx.text(rx.text.strong(t(name)), ": ", t(what), size="2") for name, what in PROCESSORS],
        spacing="2",
        width="100%",
    )


def consent_switch(row: ConsentRow, on_change) -> rx.Component:  # noqa: ANN001
    """One optional purpose: a switch, its name and what happens without it."""
    return rx.hstack(
        rx.switch(checked=row.granted, on_change=lambda v: on_change(row.purpose, v), id="consent-" + row.purpose),
        rx.vstack(
            rx.text(row.name, weight="medium", size="2"),
            rx.text(row.consequence, size="1", color_scheme="gray"),
            spacing="0",
        ),
        spacing="3",
        align="start",
        width="100%",
    )


def ledger_row(row: LedgerRow, on_revoke) -> rx.Component:  # noqa: ANN001
    """A request: protocol, kind and status; when and by when; an export's link can be revoked."""
    return rx.box(
        rx.hstack(
            rx.code(row.protocol, size="2"),
            rx.badge(
                row.status, variant="soft", class_name="request-status", custom_attrs={"data-status": row.status_code}
            ),
            rx.spacer(),
            rx.cond(
                (row.status_code == "done") & (row.kind_code == "export"),
                rx.button(t("Revogar link"), size="1", variant="ghost", color_scheme="red", on_click=on_revoke(row.id)),
            ),
            width="100%",
            align="center",
            wrap="wrap",
            spacing="2",
        ),
        rx.text(row.kind, size="2", weight="medium"),
        rx.text(t("Pedido em"), " ", row.created, " · ", t("prazo"), " ", row.due, size="1", color_scheme="gray"),
        padding_y="8px",
        border_bottom="1px solid var(--gray-a4)",
        width="100%",
        class_name="ledger-row",
    )
