"""Previous / next around "Página N / M" (the audit log, the bin)."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx

from components.i18n import t


def page_stepper(
    page: rx.Var, pages: rx.Var, go_to: Callable[[rx.Var], rx.event.EventSpec], prefix: str, *after: rx.Var | str
) -> rx.Component:
    """Arrows to the page before and after, and where we are; ``after`` follows the page count (a total)."""
    return rx.flex(
        rx.icon_button(
            rx.icon("chevron-left", size=16),
            variant="soft",
            disabled=page <= 1,
            on_click=go_to(page - 1),
            aria_label=t("Anterior"),
            id=f"{prefix}-previous",
        ),
        rx.text(t("Página"), " ", page, " / ", pages, *after, size="2", id=f"{prefix}-count"),
        rx.icon_button(
            rx.icon("chevron-right", size=16),
            variant="soft",
            disabled=page >= pages,
            on_click=go_to(page + 1),
            aria_label=t("Próxima"),
            id=f"{prefix}-next",
        ),
        spacing="3",
        align="center",
        justify="center",
        width="100%",
    )
