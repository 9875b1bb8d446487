"""Any unknown address: a page in the user's language with ways back into the app."""

from __future__ import annotations

import reflex as rx

from components.i18n import t
from components.layout import auth_page
from components.page import public_page
from poc_tracker.i18n import N_


def way(icon: str, label: rx.Var, href: str, *, primary: bool = False) -> rx.Component:
    """A button-like link to a place in the app."""
    return rx.link(
        rx.button(rx.icon(icon, size=16), label, variant="solid" if primary else "soft", size="3", width="100%"),
        href=href,
        width="100%",
    )


@public_page("404", N_("Página não encontrada"))
def not_found_page() -> rx.Component:
    """What an unknown URL shows (Reflex's own is a bare English line)."""
    return auth_page(
        t("Página não encontrada"),
        t("O endereço pode ter mudado ou a página foi removida. Escolha um caminho:"),
        rx.vstack(
            way("house", t("Início"), "/", primary=True),
            way("flask-conical", t("POCs"), "/pocs"),
            way("search", t("Busca"), "/search"),
            spacing="2",
            width="100%",
            id="not-found",
        ),
    )
