"""The banner every signed-in page shows while the organisation awaits deletion."""

from __future__ import annotations

import reflex as rx

from components.i18n import t
from state.organization import ClosingBannerState


def closing_banner() -> rx.Component:
    """Red while a deletion is scheduled: when, that it is read-only, and where to cancel."""
    return rx.box(
        rx.cond(
            ClosingBannerState.due != "",
            rx.callout.root(
                rx.callout.icon(rx.icon("triangle-alert", size=16)),
                rx.flex(
                    rx.callout.text(
                        t("Esta organização será excluída em"),
                        " ",
                        rx.text.strong(ClosingBannerState.due),
                        ". ",
                        t("Até lá, tudo fica somente para leitura."),
                    ),
                    rx.link(t("Cancelar exclusão"), href="/team/organization", size="2", weight="medium"),
                    gap="8px",
                    align="center",
                    wrap="wrap",
                ),
                color_scheme="red",
                size="1",
                width="100%",
                id="closing-banner",
            ),
        ),
        on_mount=ClosingBannerState.check,
        width="100%",
    )
