"""/: the signed-in user's home."""

from __future__ import annotations

import reflex as rx

from components.i18n import t
from components.layout import app_page
from state.session import SessionState


def empty_state() -> rx.Component:
    """What a new team sees before its first POC."""
    return rx.card(
        rx.vstack(
            rx.icon("lightbulb", size=36, color="var(--amber-9)"),
            rx.heading(t("Nenhuma POC por aqui ainda"), size="4"),
            rx.text(t("Registre sua primeira prova de conceito: a hipótese, o código e o que você aprendeu."),
                    color_scheme="gray", align="center", max_width="420px"),
            align="center", spacing="3", padding_y="5",
        ),
        width="100%",
    )


@rx.page(route="/", title="Início · POC Tracker", on_load=SessionState.require_user)
def home_page() -> rx.Component:
    """The home page."""
    return app_page(
        rx.vstack(
            rx.heading(t("Olá,"), " ", SessionState.user_name, size="7", id="home-greeting"),
            rx.text(t("Bem-vindo ao POC Tracker de"), " ", rx.text.strong(SessionState.tenant_name), ".",
                    color_scheme="gray"),
            spacing="1",
        ),
        empty_state(),
    )
