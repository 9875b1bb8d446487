"""/sso: sign in with the organisation's identity provider (identifier first), and the way back from it."""

from __future__ import annotations

import reflex as rx

from components.i18n import t
from components.layout import auth_page, error_callout, form_field
from components.page import public_page
from state.sso import SsoState


def identifier_step() -> rx.Component:
    """The e-mail that picks the provider."""
    return rx.form(
        rx.vstack(
            form_field(
                t("E-mail da empresa"),
                "email",
                type_="email",
                placeholder="voce@empresa.com.br",
                auto_complete="username",
                required=True,
            ),
            error_callout(SsoState.error),
            rx.cond(
                SsoState.notice != "",
                rx.callout(
                    rx.vstack(
                        rx.text(SsoState.notice),
                        rx.link(t("Entrar com senha"), href="/login", weight="medium"),
                        spacing="1",
                    ),
                    icon="info",
                    size="1",
                    width="100%",
                    id="sso-notice",
                ),
            ),
            rx.button(
                t("Continuar"),
                type="submit",
                size="3",
                width="100%",
                loading=SsoState.loading,
                disabled=~rx.State.is_hydrated,  # a click before the page's state is there would be lost
            ),
            spacing="3",
            width="100%",
        ),
        on_submit=SsoState.go,
        width="100%",
    )


def finishing() -> rx.Component:
    """While the session cookie is set after the provider's answer."""
    return rx.hstack(rx.spinner(size="3"), rx.text(t("Entrando…")), spacing="3", align="center", padding_y="4")


@public_page("/sso", "Entrar com SSO", on_load=SsoState.arrive)
def sso_page() -> rx.Component:
    """The SSO sign-in page."""
    return auth_page(
        t("Entrar com SSO"),
        t("Use o e-mail da sua empresa: você continua no login da sua organização."),
        rx.cond(SsoState.finishing, finishing(), identifier_step()),
        rx.hstack(
            rx.icon("arrow-left", size=14),
            rx.link(t("Entrar com e-mail e senha"), href="/login", size="2"),
            spacing="1",
            align="center",
        ),
    )
